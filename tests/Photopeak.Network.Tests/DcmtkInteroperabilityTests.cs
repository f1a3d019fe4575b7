using System.Diagnostics;
using Photopeak.Dicom;
using Photopeak.Network.Dimse;
using Photopeak.Network.Services;

namespace Photopeak.Network.Tests;

/// <summary>The node against DCMTK, an independent implementation of PS3.7/PS3.8: its SCUs call us, our SCU calls its SCP.</summary>
public class DcmtkInteroperabilityTests
{
    [Fact]
    public async Task Echoscu_succeeds_against_the_node()
    {
        if (!ExternalTool.Require("echoscu")) return;
        await using var node = new TestNode();
        var (code, _, err) = ExternalTool.Run("echoscu", ["-aec", "PHOTOPEAK", "-aet", "ECHOSCU", "127.0.0.1", node.Port.ToString()]);
        Assert.True(code == 0, err);
    }

    [Fact]
    public async Task Echoscu_with_an_unknown_called_AE_title_is_rejected()
    {
        if (!ExternalTool.Require("echoscu")) return;
        await using var node = new TestNode();
        var (code, _, err) = ExternalTool.Run("echoscu", ["-aec", "SOMEONEELSE", "127.0.0.1", node.Port.ToString()]);
        Assert.NotEqual(0, code);
        Assert.Contains("Called AE Title Not Recognized", err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Storescu_of_every_shared_NM_file_arrives_with_the_data_set_bytes_it_sent()
    {
        if (!ExternalTool.Require("storescu") || !ExternalTool.Require("storescp")) return;
        await using var node = new TestNode();
        // The oracle: DCMTK's own storescp in bit-preserving mode receives the same sends. (storescu re-encodes some data sets,
        // e.g. undefined-length sequences get explicit lengths, so the bytes on the wire are not always the file's.)
        var oracle = Directory.CreateTempSubdirectory("photopeak-oracle-");
        var oraclePort = LoopbackPort.Free();
        using var scp = Process.Start(new ProcessStartInfo("storescp", ["-aet", "ORACLE", "+xa", "+B", "-od", oracle.FullName, oraclePort.ToString()])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            await LoopbackPort.WaitUntilListening(oraclePort);
            var files = Directory.EnumerateFiles(SharedData.PathOf("nm"), "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            // Each file in its own transfer syntax, compressed ones included, as a camera forwarding its files would: storescu
            // proposes a compressed syntax only when told which (PS3.5 A.4 UIDs to its -x options).
            foreach (var group in files.GroupBy(f => DicomFile.Open(f).TransferSyntax.Uid))
            {
                string[] propose = group.Key switch
                {
                    "1.2.840.10008.1.2.4.91" => ["-xw"], "1.2.840.10008.1.2.4.90" => ["-xv"], "1.2.840.10008.1.2.4.80" => ["-xt"],
                    "1.2.840.10008.1.2.4.81" => ["-xu"], "1.2.840.10008.1.2.4.70" => ["-xs"], "1.2.840.10008.1.2.4.51" => ["-xx"],
                    "1.2.840.10008.1.2.5" => ["-xr"], _ => ["-xe"],
                };
                foreach (var (title, port) in new[] { ("PHOTOPEAK", node.Port), ("ORACLE", oraclePort) })
                {
                    var (code, _, err) = ExternalTool.Run("storescu", ["-aec", title, "-aet", "CAMERA", .. propose, "127.0.0.1", port.ToString(), .. group], 120_000);
                    Assert.True(code == 0, $"{group.Key} to {title}: {err}");
                }
            }
            foreach (var path in files)
            {
                var file = DicomFile.Open(path);
                var uid = file.Dataset.GetString(DicomTags.SOPInstanceUID)!;
                Assert.True(node.Handler.Stored.TryGetValue(uid, out var received), $"{Path.GetFileName(path)} was not received");
                Assert.Equal("CAMERA", received.CallingAETitle);
                Assert.Equal(file.TransferSyntax.Uid, received.TransferSyntax.Uid);
                var oracleFile = Directory.EnumerateFiles(oracle.FullName).Single(f => f.EndsWith("." + uid, StringComparison.Ordinal));
                var sent = DicomFile.Open(oracleFile);
                Assert.True(File.ReadAllBytes(oracleFile).AsSpan(sent.DatasetOffset).SequenceEqual(received.Dataset.Span), $"{Path.GetFileName(path)}: data set bytes differ");
            }
            Assert.Contains(node.Handler.Stored.Values, r => r.TransferSyntax.Encapsulated);
        }
        finally
        {
            scp.Kill(entireProcessTree: true);
            oracle.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Our_client_stores_into_DCMTK_storescp_byte_identical()
    {
        if (!ExternalTool.Require("storescp")) return;
        var folder = Directory.CreateTempSubdirectory("photopeak-storescp-");
        var port = LoopbackPort.Free();
        using var scp = Process.Start(new ProcessStartInfo("storescp", ["-aet", "DCMTKSCP", "-od", folder.FullName, "+xa", "+B", port.ToString()])
            { RedirectStandardError = true, RedirectStandardOutput = true })!; // +B: bit-preserving, the file holds the data set as it arrived
        try
        {
            await LoopbackPort.WaitUntilListening(port);
            var sample = SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm");
            var client = new DicomClient("127.0.0.1", port, "PHOTOPEAK", "DCMTKSCP");
            Assert.Equal(DimseStatus.Success, await client.EchoAsync(CancellationToken.None));
            var statuses = await client.StoreFilesAsync([sample], CancellationToken.None);
            Assert.Equal(DimseStatus.Success, statuses.Single().Status);
            var stored = Directory.EnumerateFiles(folder.FullName).Single();
            var original = DicomFile.Open(sample);
            var copy = DicomFile.Open(stored);
            Assert.Equal(original.TransferSyntax, copy.TransferSyntax);
            Assert.True(File.ReadAllBytes(sample).AsSpan(original.DatasetOffset).SequenceEqual(File.ReadAllBytes(stored).AsSpan(copy.DatasetOffset)));
        }
        finally
        {
            scp.Kill(entireProcessTree: true);
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Findscu_gets_the_handlers_matches()
    {
        if (!ExternalTool.Require("findscu")) return;
        await using var node = new TestNode();
        var (code, stdout, err) = ExternalTool.Run("findscu", ["-S", "-aec", "PHOTOPEAK", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID",
            "127.0.0.1", node.Port.ToString()]);
        Assert.True(code == 0, err);
        Assert.Contains("1.2.3.4", stdout + err, StringComparison.Ordinal);
    }
}
