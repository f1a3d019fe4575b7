using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Photopeak.Dicom;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Server.Tests;

/// <summary>STOW-RS (PS3.18 10.5) into the same durable store as C-STORE, over real Kestrel on loopback (issue 15.5).</summary>
public class StowTests
{
    [Fact]
    public async Task STOW_of_two_files_stores_their_data_sets_byte_identical_indexes_them_and_answers_200_with_references()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        using var http = node.Http();
        var paths = new[] { "nm/scintigraphy/thyroid_ant.dcm", "nm/nmqc/Jaszack.dcm" }.Select(SharedData.PathOf).ToList();
        var bytes = paths.Select(File.ReadAllBytes).ToArray();
        using var response = await http.PostAsync("dicom-web/studies", Multipart.Stow(bytes));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var referenced = answer["00081199"]!["Value"]!.AsArray();
        Assert.Equal(2, referenced.Count);
        Assert.False(answer.ContainsKey("00081198"));

        var indexed = await node.Node.Store.Index.InstancesAsync(null, CancellationToken.None);
        Assert.Equal(2, indexed.Count);
        for (var i = 0; i < paths.Count; i++)
        {
            var sent = DicomFile.Read(bytes[i]);
            var sop = sent.Dataset.GetString(DicomTags.SOPInstanceUID)!;
            var reference = referenced.Single(r => DicomWebTests.Value(r!.AsObject(), "00081155") == sop)!.AsObject();
            Assert.Equal(sent.Dataset.GetString(DicomTags.SOPClassUID), DicomWebTests.Value(reference, "00081150"));
            Assert.EndsWith($"/instances/{sop}", DicomWebTests.Value(reference, "00081190"), StringComparison.Ordinal);
            var row = Assert.Single(indexed, r => r.Attributes.SopInstanceUid == sop);
            Assert.Equal(sent.Dataset.GetString(DicomTags.PatientID), row.Attributes.PatientId);
            var stored = await File.ReadAllBytesAsync(node.Node.Store.PathOf(row));
            Assert.Equal(bytes[i].AsSpan(sent.DatasetOffset).ToArray(), stored.AsSpan(DicomFile.Read(stored).DatasetOffset).ToArray());
            // Retrievable at once through WADO-RS, as QIDO finds it.
            var (study, series, _) = DicomWebTests.Uids(sent.Dataset);
            Assert.Single(await DicomWebTests.QidoAsync(http, $"dicom-web/studies/{study}/series/{series}/instances?SOPInstanceUID={sop}"));
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(node.Folder.FullName, "tmp")));
    }

    [Fact]
    public async Task STOW_of_a_stored_UID_with_other_bytes_is_kept_apart_flagged_and_answered_409_and_the_same_bytes_again_200()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        using var http = node.Http();
        var original = await File.ReadAllBytesAsync(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"));
        using (var first = await http.PostAsync("dicom-web/studies", Multipart.Stow(original)))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var again = await http.PostAsync("dicom-web/studies", Multipart.Stow(original)))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Empty(await node.Node.Store.Index.ConflictsAsync(CancellationToken.None));

        var file = DicomFile.Read(original);
        file.Dataset.Set(DicomTags.SeriesDescription, "edited elsewhere");
        var altered = Path.Combine(node.Folder.FullName, "altered.dcm");
        file.Save(altered);
        using var conflict = await http.PostAsync("dicom-web/studies", Multipart.Stow(await File.ReadAllBytesAsync(altered)));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var failed = Assert.Single(JsonNode.Parse(await conflict.Content.ReadAsStringAsync())!["00081198"]!["Value"]!.AsArray())!.AsObject();
        Assert.Equal(0x0111, failed["00081197"]!["Value"]![0]!.GetValue<int>());
        Assert.Equal(file.Dataset.GetString(DicomTags.SOPInstanceUID), DicomWebTests.Value(failed, "00081155"));
        // As for C-STORE: the first copy stays the instance, the other is kept under conflicts/ and flagged in the index.
        Assert.StartsWith("conflicts", Assert.Single(await node.Node.Store.Index.ConflictsAsync(CancellationToken.None)));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(node.Folder.FullName, "studies"), "*.dcm", SearchOption.AllDirectories));

        // One good and one refused part: 202 with both sequences.
        var noStudy = DicomFile.Read(await File.ReadAllBytesAsync(SharedData.PathOf("nm/nmqc/Jaszack.dcm")));
        noStudy.Dataset.Remove(DicomTags.StudyInstanceUID);
        var broken = Path.Combine(node.Folder.FullName, "broken.dcm");
        noStudy.Save(broken);
        using var mixed = await http.PostAsync("dicom-web/studies",
            Multipart.Stow(await File.ReadAllBytesAsync(SharedData.PathOf("nm/nmqc/Lin_X.dcm")), await File.ReadAllBytesAsync(broken)));
        Assert.Equal(HttpStatusCode.Accepted, mixed.StatusCode);
        var answer = JsonNode.Parse(await mixed.Content.ReadAsStringAsync())!;
        Assert.Single(answer["00081199"]!["Value"]!.AsArray());
        Assert.Equal(0xA900, Assert.Single(answer["00081198"]!["Value"]!.AsArray())!["00081197"]!["Value"]![0]!.GetValue<int>());
    }

    [Fact]
    public async Task Malformed_multipart_is_refused_with_400_stores_nothing_and_the_node_keeps_serving()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        using var http = node.Http();
        var sample = await File.ReadAllBytesAsync(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"));
        var truncated = Encoding.ASCII.GetBytes("--b1\r\nContent-Type: application/dicom\r\n\r\n").Concat(sample.Take(4000)).ToArray();
        var cases = new (string Name, HttpContent Body, HttpStatusCode Expected)[]
        {
            ("no closing boundary", Multipart.Raw(truncated, "multipart/related; type=\"application/dicom\"; boundary=b1"), HttpStatusCode.BadRequest),
            ("no boundary in the body", Multipart.Raw(sample, "multipart/related; type=\"application/dicom\"; boundary=b1"), HttpStatusCode.BadRequest),
            ("no boundary parameter", Multipart.Raw(sample, "multipart/related; type=\"application/dicom\""), HttpStatusCode.BadRequest),
            ("empty body", Multipart.Raw([], "multipart/related; type=\"application/dicom\"; boundary=b1"), HttpStatusCode.BadRequest),
            ("headers without end", Multipart.Raw(Encoding.ASCII.GetBytes("--b1\r\nContent-Type: application/dicom\r\n" + new string('x', 40_000)), "multipart/related; boundary=b1"), HttpStatusCode.BadRequest),
            ("not multipart", Multipart.Raw(sample, "application/dicom"), HttpStatusCode.UnsupportedMediaType),
            ("metadata and bulk data", Multipart.Raw(sample, "multipart/related; type=\"application/dicom+json\"; boundary=b1"), HttpStatusCode.UnsupportedMediaType),
        };
        foreach (var (name, body, expected) in cases)
        {
            using var response = await http.PostAsync("dicom-web/studies", body);
            Assert.True(response.StatusCode == expected, $"{name}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.False(string.IsNullOrWhiteSpace(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>()), name);
        }
        // A part that is not DICOM fails alone (409: nothing stored), with Cannot Understand.
        using (var garbage = await http.PostAsync("dicom-web/studies", Multipart.Stow(Encoding.ASCII.GetBytes("this is not DICOM at all"))))
        {
            Assert.Equal(HttpStatusCode.Conflict, garbage.StatusCode);
            Assert.Equal(0xC000, JsonNode.Parse(await garbage.Content.ReadAsStringAsync())!["00081198"]!["Value"]![0]!["00081197"]!["Value"]![0]!.GetValue<int>());
        }
        Assert.Empty(await node.Node.Store.Index.InstancesAsync(null, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(node.Folder.FullName, "tmp")));

        using (var list = await http.GetAsync("api/studies")) Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using (var good = await http.PostAsync("dicom-web/studies", Multipart.Stow(sample))) Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(Network.Dimse.DimseStatus.Success, await node.Client().EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_part_over_the_instance_limit_is_refused_with_413_and_nothing_is_stored()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true, maxInstanceBytes: 500_000);
        using var http = node.Http();
        var large = await File.ReadAllBytesAsync(SharedData.PathOf("nm/nmqc/Jaszack.dcm"));
        var small = await File.ReadAllBytesAsync(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"));
        Assert.True(large.Length > 500_000 && small.Length < 500_000);
        using (var refused = await http.PostAsync("dicom-web/studies", Multipart.Stow(small, large)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Contains("500000", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Empty(await node.Node.Store.Index.InstancesAsync(null, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(node.Folder.FullName, "tmp")));
        using (var accepted = await http.PostAsync("dicom-web/studies", Multipart.Stow(small))) Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_study_sent_by_STOW_is_processed_on_arrival_as_one_sent_by_C_STORE()
    {
        var source = Directory.CreateTempSubdirectory("photopeak-sim-");
        try
        {
            var files = Simulator.Write(Simulator.Simulate("lung-perfusion", new SimulationOptions { Seed = 5 }), source.FullName)
                .Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
            await using var node = await TestNode.StartAsync(quietSeconds: 0.5, http: true);
            using var http = node.Http();
            using (var stored = await http.PostAsync("dicom-web/studies", Multipart.Stow(files.Select(File.ReadAllBytes).ToArray())))
                Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            var studyUid = DicomFile.Open(files[0]).Dataset.GetString(DicomTags.StudyInstanceUID)!;
            var study = await HttpApiTests.WaitForStatusAsync(http, studyUid, TimeSpan.FromSeconds(90));
            Assert.True(study["processing"]!["status"]!.GetValue<string>() == "done", study.ToJsonString());
            Assert.Equal("lung-perfusion", study["processing"]!["procedure"]!.GetValue<string>());
            var result = JsonNode.Parse(await http.GetStringAsync($"api/studies/{studyUid}/result"))!;
            Assert.NotNull(result["measurements"]!["lung_right_percent"]!["value"]);
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }
}
