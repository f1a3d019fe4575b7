using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Photopeak.Dicom;
using Photopeak.Server.Store;
using Xunit.Abstractions;

namespace Photopeak.Server.Tests;

/// <summary>
/// kill -9 of `photopeak serve` during a storm from four concurrent storescu: every instance whose success was sent is
/// there after a restart, no partial file is visible, and index and files agree (issue 15.2).
/// </summary>
public class CrashDurabilityTests(ITestOutputHelper output)
{
    private const int Senders = 4;
    private const int InstancesPerSender = 250;

    [Fact]
    public async Task Kill_9_during_a_storm_loses_no_acknowledged_instance_and_leaves_no_partial_file()
    {
        if (!ExternalTool.Require("storescu")) return;
        var root = Directory.CreateTempSubdirectory("photopeak-crash-");
        try
        {
            var data = Path.Combine(root.FullName, "data");
            var sources = Enumerable.Range(0, Senders).Select(s => WriteInstances(Path.Combine(root.FullName, $"sender{s}"), s)).ToList();
            var port = LoopbackPort.Free();
            using var node = StartNode(data, port);
            await LoopbackPort.WaitUntilListening(port, 30, () => node.HasExited);

            var senders = sources.Select(files => StartStorescu(port, files)).ToList();
            // Kill once about 40 % of the storm has been acknowledged, while all four are still sending.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (senders.Sum(s => s.Acknowledged.Count) < Senders * InstancesPerSender * 2 / 5 && DateTime.UtcNow < deadline && senders.Any(s => !s.Process.HasExited))
                await Task.Delay(20);
            node.Kill(entireProcessTree: true); // SIGKILL: no flush, no shutdown code runs
            await node.WaitForExitAsync();
            foreach (var s in senders) await s.Process.WaitForExitAsync(new CancellationTokenSource(30_000).Token);

            var acknowledged = senders.SelectMany(s => s.Acknowledged).ToList();
            Assert.InRange(acknowledged.Count, 1, Senders * InstancesPerSender - 1);
            Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(data, "studies"), "*", SearchOption.AllDirectories), f => !f.EndsWith(".dcm", StringComparison.Ordinal));

            using var reopened = await InstanceStore.OpenAsync(data, NullLogger.Instance, CancellationToken.None);
            var indexed = (await reopened.Index.InstancesAsync(null, CancellationToken.None)).ToDictionary(i => i.Attributes.SopInstanceUid);
            foreach (var file in acknowledged)
            {
                var uid = DicomFile.Open(file).Dataset.GetString(DicomTags.SOPInstanceUID)!;
                Assert.True(indexed.TryGetValue(uid, out var row), $"{Path.GetFileName(file)} was acknowledged but is not in the store after the crash");
                var stored = DicomFile.Open(reopened.PathOf(row)); // every stored file reads whole
                Assert.Equal(uid, stored.Dataset.GetString(DicomTags.SOPInstanceUID));
            }
            foreach (var row in indexed.Values) Assert.Equal(row.Attributes.SopInstanceUid, DicomFile.Open(reopened.PathOf(row)).Dataset.GetString(DicomTags.SOPInstanceUID));
            output.WriteLine($"{acknowledged.Count} of {Senders * InstancesPerSender} acknowledged before kill -9; {indexed.Count} stored after restart");
            var onDisk = Directory.EnumerateFiles(Path.Combine(data, "studies"), "*.dcm", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(data, f)).Order(StringComparer.Ordinal);
            Assert.Equal(onDisk, indexed.Values.Select(i => i.RelativePath).Order(StringComparer.Ordinal));
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(data, "tmp")));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    // Small NM instances (64 × 64, 16 bit), each with its own SOP Instance UID, one study per sender.
    private static List<string> WriteInstances(string folder, int sender)
    {
        Directory.CreateDirectory(folder);
        var study = DicomUid.Generate();
        var series = DicomUid.Generate();
        var files = new List<string>();
        for (var i = 0; i < InstancesPerSender; i++)
        {
            var path = Path.Combine(folder, $"{i:D4}.dcm");
            TestInstances.WriteSmallNm(path, study, series, $"STORM{sender}", i + 1, 64, sender);
            files.Add(path);
        }
        return files;
    }

    private static Process StartNode(string data, int port)
    {
        return Process.Start(new ProcessStartInfo("dotnet", [Repository.PhotopeakDll, "serve", "--data", data, "--bind", "127.0.0.1", "--dicom-port", port.ToString(), "--no-processing", "--no-http"])
        { RedirectStandardError = true, RedirectStandardOutput = true })!;
    }

    private sealed record Sender(Process Process, List<string> Acknowledged);

    // storescu -v says "Sending file: PATH" and then, once the node answered, "Received Store Response (Success)".
    private static Sender StartStorescu(int port, IReadOnlyList<string> files)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(ExternalTool.Find("storescu")!, ["-v", "-aec", "PHOTOPEAK", "-aet", "STORM", "127.0.0.1", port.ToString(), .. files])
            { RedirectStandardError = true, RedirectStandardOutput = true },
        };
        var acknowledged = new List<string>();
        string? sending = null;
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (acknowledged)
            {
                if (line.StartsWith("I: Sending file: ", StringComparison.Ordinal)) sending = line["I: Sending file: ".Length..].Trim();
                else if (line.StartsWith("I: Received Store Response (Success)", StringComparison.Ordinal) && sending is not null) acknowledged.Add(sending);
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Sender(process, acknowledged);
    }
}
