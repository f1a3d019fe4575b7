using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Photopeak.Dicom;

namespace Photopeak.Server.Tests;

/// <summary>
/// DICOMweb checked by an independent client: Orthanc (Debian orthanc + orthanc-dicomweb) with the node configured as a
/// remote DICOMweb server searches it (QIDO-RS), retrieves a study from it (WADO-RS, parsing our multipart) and sends it an
/// instance (STOW-RS). Orthanc is started by the test on a free port and refuses remote access.
/// </summary>
public class OrthancDicomWebTests
{
    [Fact]
    public async Task Orthanc_finds_retrieves_and_stores_through_the_node_DICOMweb_services()
    {
        if (!ExternalTool.Require("Orthanc")) return;
        if (!File.Exists(Orthanc.DicomWebPlugin))
        {
            Assert.False(ExternalTool.InCi, $"{Orthanc.DicomWebPlugin} (Debian orthanc-dicomweb) is required in CI");
            return;
        }
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        var thyroidPath = SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm");
        var jaszackPath = SharedData.PathOf("nm/nmqc/Jaszack.dcm");
        await node.Client().StoreFilesAsync([thyroidPath, jaszackPath], CancellationToken.None);
        var thyroid = DicomFile.Open(thyroidPath);
        var (study, _, sop) = DicomWebTests.Uids(thyroid.Dataset);

        await using var orthanc = await Orthanc.StartAsync($"http://127.0.0.1:{node.Node.Http!.Port}/dicom-web/");
        var http = orthanc.Http;

        // QIDO-RS through Orthanc's DICOMweb client.
        var qido = await http.PostAsync("dicom-web/servers/photopeak/qido",
            Json(new JsonObject { ["Uri"] = "/studies", ["Arguments"] = new JsonObject { ["PatientID"] = thyroid.Dataset.GetString(DicomTags.PatientID)![..4] + "*" } }));
        var qidoText = await qido.Content.ReadAsStringAsync();
        Assert.True(qido.IsSuccessStatusCode, $"QIDO through Orthanc: {qido.StatusCode} {qidoText}");
        // Orthanc parses our DICOM JSON and answers in its own form: each attribute with its name and a plain value.
        var found = Assert.Single(JsonNode.Parse(qidoText)!.AsArray())!;
        Assert.Equal(study, found["0020000D"]!["Value"]!.GetValue<string>());
        Assert.Equal("PatientID", found["00100020"]!["Name"]!.GetValue<string>());
        Assert.Equal(thyroid.Dataset.GetString(DicomTags.PatientID), found["00100020"]!["Value"]!.GetValue<string>());

        // WADO-RS: Orthanc retrieves the study, reading our multipart/related answer, and stores the instance.
        var retrieve = await http.PostAsync("dicom-web/servers/photopeak/retrieve",
            Json(new JsonObject { ["Resources"] = new JsonArray(new JsonObject { ["Study"] = study }) }));
        Assert.True(retrieve.IsSuccessStatusCode, $"WADO through Orthanc: {retrieve.StatusCode} {await retrieve.Content.ReadAsStringAsync()}");
        var ids = JsonNode.Parse(await http.GetStringAsync("instances"))!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var id = Assert.Single(ids);
        var received = await http.GetByteArrayAsync($"instances/{id}/file");
        var receivedFile = DicomFile.Read(received);
        Assert.Equal(sop, receivedFile.Dataset.GetString(DicomTags.SOPInstanceUID));
        var sent = await File.ReadAllBytesAsync(thyroidPath);
        Assert.Equal(sent.AsSpan(thyroid.DatasetOffset).ToArray(), received.AsSpan(receivedFile.DatasetOffset).ToArray());

        // Metadata through Orthanc's generic GET, parsed as DICOM JSON.
        var metadata = await http.PostAsync("dicom-web/servers/photopeak/get", Json(new JsonObject { ["Uri"] = $"/studies/{study}/metadata" }));
        Assert.True(metadata.IsSuccessStatusCode, $"metadata through Orthanc: {metadata.StatusCode}");
        Assert.Equal(sop, JsonNode.Parse(await metadata.Content.ReadAsStringAsync())!.AsArray().Single()!["00080018"]!["Value"]![0]!.GetValue<string>());

        // STOW-RS: an instance uploaded to Orthanc is sent to the node, which stores it as received.
        var linPath = SharedData.PathOf("nm/nmqc/Lin_X.dcm");
        var upload = await http.PostAsync("instances", new ByteArrayContent(await File.ReadAllBytesAsync(linPath)));
        Assert.True(upload.IsSuccessStatusCode, $"upload to Orthanc: {upload.StatusCode}");
        var linId = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["ID"]!.GetValue<string>();
        var stow = await http.PostAsync("dicom-web/servers/photopeak/stow", Json(new JsonObject { ["Resources"] = new JsonArray(linId) }));
        Assert.True(stow.IsSuccessStatusCode, $"STOW through Orthanc: {stow.StatusCode} {await stow.Content.ReadAsStringAsync()}");
        var lin = DicomFile.Open(linPath);
        var row = await node.Node.Store.Index.FindAsync(lin.Dataset.GetString(DicomTags.SOPInstanceUID)!, CancellationToken.None);
        Assert.NotNull(row);
        var fromOrthanc = await http.GetByteArrayAsync($"instances/{linId}/file");
        var stored = await File.ReadAllBytesAsync(node.Node.Store.PathOf(row));
        Assert.Equal(fromOrthanc.AsSpan(DicomFile.Read(fromOrthanc).DatasetOffset).ToArray(), stored.AsSpan(DicomFile.Read(stored).DatasetOffset).ToArray());
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
