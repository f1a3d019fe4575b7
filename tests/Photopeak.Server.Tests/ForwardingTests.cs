using System.Diagnostics;
using System.Text.Json.Nodes;
using Photopeak.Dicom;
using Photopeak.Network.Dimse;
using Photopeak.Server.Forwarding;
using Photopeak.Server.Jobs;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Server.Tests;

/// <summary>Results go on to the PACS: report.dcm and the measurement SR reach a DCMTK storescp, also one that was down at first,
/// and an Orthanc, which accepts and lists them (issue 15.4).</summary>
public class ForwardingTests
{
    [Fact]
    public async Task Report_and_measurement_SR_of_a_processed_study_reach_a_destination_that_comes_up_late()
    {
        if (!ExternalTool.Require("storescp") || !ExternalTool.Require("dciodvfy")) return;
        var root = Directory.CreateTempSubdirectory("photopeak-forward-");
        var received = Directory.CreateDirectory(Path.Combine(root.FullName, "pacs"));
        var port = LoopbackPort.Free();
        Process? pacs = null;
        try
        {
            var study = Path.Combine(root.FullName, "study");
            var files = Simulator.Write(Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = 4 }), study).Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
            await using var node = await TestNode.StartAsync(quietSeconds: 0.3, forward: [new ForwardDestination("PACS", "127.0.0.1", port)]);
            Assert.All(await node.Client().StoreFilesAsync(files, CancellationToken.None), s => Assert.Equal(DimseStatus.Success, s.Status));
            var studyUid = (await node.Node.Store.Index.StudyUidsAsync(CancellationToken.None)).Single();
            await node.WaitForResultAsync(studyUid, TimeSpan.FromSeconds(60));

            // The destination is down: the first attempt fails and stays pending with the reason.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline && !(await node.Node.Store.Index.ForwardsAsync(studyUid, CancellationToken.None)).Any(f => f.Attempts > 0)) await Task.Delay(100);
            var pending = await node.Node.Store.Index.ForwardsAsync(studyUid, CancellationToken.None);
            Assert.Equal(2, pending.Count);
            Assert.All(pending, f => Assert.Equal("pending", f.Status));
            Assert.Contains(pending, f => f.Message is { Length: > 0 });

            pacs = Process.Start(new ProcessStartInfo("storescp", ["-aet", "PACS", "-od", received.FullName, port.ToString()]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && (await node.Node.Store.Index.ForwardsAsync(studyUid, CancellationToken.None)).Any(f => f.Status != "sent")) await Task.Delay(200);
            Assert.All(await node.Node.Store.Index.ForwardsAsync(studyUid, CancellationToken.None), f => Assert.Equal("sent", f.Status));

            var arrived = Directory.EnumerateFiles(received.FullName).Select(DicomFile.Open).ToList();
            Assert.Equal(2, arrived.Count);
            Assert.Contains(arrived, f => f.Dataset.GetString(DicomTags.SOPClassUID) == SopClassUids.EncapsulatedPdf);
            var sr = Assert.Single(arrived, f => f.Dataset.GetString(DicomTags.SOPClassUID) == SopClassUids.ComprehensiveSR);
            Assert.Equal(studyUid, sr.Dataset.GetString(DicomTags.StudyInstanceUID));
            foreach (var path in Directory.EnumerateFiles(received.FullName))
            {
                var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
                Assert.DoesNotContain("Error", stdout + stderr);
            }
        }
        finally
        {
            pacs?.Kill(entireProcessTree: true);
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Report_and_measurement_SR_of_a_processed_study_reach_Orthanc_which_lists_them_under_the_study()
    {
        if (!ExternalTool.Require("Orthanc")) return;
        var root = Directory.CreateTempSubdirectory("photopeak-forward-orthanc-");
        try
        {
            await using var orthanc = await Orthanc.StartAsync();
            var files = Simulator.Write(Simulator.Simulate("lung-perfusion", new SimulationOptions { Seed = 6 }), root.FullName).Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
            // A quiet period of 2 s, not 0.3: on a loaded machine (CI, 2 cores) a pause of 0.3 s between two of the association's
            // stores let the study be processed twice, and the folder's second results were compared with Orthanc's first.
            await using var node = await TestNode.StartAsync(quietSeconds: 2, forward: [new ForwardDestination(Orthanc.AETitle, "127.0.0.1", orthanc.DicomPort)]);
            Assert.All(await node.Client().StoreFilesAsync(files, CancellationToken.None), s => Assert.Equal(DimseStatus.Success, s.Status));
            var studyUid = (await node.Node.Store.Index.StudyUidsAsync(CancellationToken.None)).Single();
            await node.WaitForResultAsync(studyUid, TimeSpan.FromSeconds(60));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            IReadOnlyList<(string Destination, string Path, string Status, int Attempts, string? Message)> forwards = [];
            while (DateTime.UtcNow < deadline && ((forwards = await node.Node.Store.Index.ForwardsAsync(studyUid, CancellationToken.None)).Count < 2 || forwards.Any(f => f.Status != "sent")))
                await Task.Delay(200);
            Assert.True(forwards.Count == 2 && forwards.All(f => f.Status == "sent"), string.Join("; ", forwards.Select(f => $"{f.Path}: {f.Status} {f.Message}")));

            // Orthanc files both under the processed study, with the SOP classes and instance UIDs the node wrote.
            var ids = JsonNode.Parse(await orthanc.Http.GetStringAsync("instances"))!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            Assert.Equal(2, ids.Count);
            var received = new List<DicomFile>();
            foreach (var id in ids) received.Add(DicomFile.Read(await orthanc.Http.GetByteArrayAsync($"instances/{id}/file")));
            Assert.All(received, f => Assert.Equal(studyUid, f.Dataset.GetString(DicomTags.StudyInstanceUID)));
            var written = ResultDocuments.Forwarded.Select(name => DicomFile.Open(Path.Combine(node.Node.Store.ResultsFolder(studyUid), name))).ToList();
            Assert.Equal(written.Select(f => (f.Dataset.GetString(DicomTags.SOPClassUID), f.Dataset.GetString(DicomTags.SOPInstanceUID))).Order(),
                received.Select(f => (f.Dataset.GetString(DicomTags.SOPClassUID), f.Dataset.GetString(DicomTags.SOPInstanceUID))).Order());
            Assert.Contains(received, f => f.Dataset.GetString(DicomTags.SOPClassUID) == SopClassUids.EncapsulatedPdf);
            Assert.Contains(received, f => f.Dataset.GetString(DicomTags.SOPClassUID) == SopClassUids.ComprehensiveSR);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
