using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Photopeak.Dicom;
using Photopeak.Dicom.Pixels;
using Photopeak.Network.Dimse;

namespace Photopeak.Server.Tests;

/// <summary>DICOMweb QIDO-RS and WADO-RS (PS3.18) over real Kestrel on loopback, checked against the files sent (issue 15.5).</summary>
public class DicomWebTests
{
    private static readonly string[] Samples =
        ["nm/scintigraphy/thyroid_ant.dcm", "nm/nmqc/Jaszack.dcm", "nm/nmqc/Lin_X.dcm", "nm/dcm4che/NM-MONO2-16-13x-heart.dcm", "nm/wg04/NM1_UNC.dcm"];

    [Fact]
    public async Task QIDO_finds_studies_series_and_instances_with_C_FIND_matching_and_returns_the_stored_attributes()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        using var http = node.Http();
        var files = Samples.Select(SharedData.PathOf).ToList();
        Assert.All(await node.Client().StoreFilesAsync(files, CancellationToken.None), s => Assert.Equal(DimseStatus.Success, s.Status));
        var sent = files.Select(f => DicomFile.Open(f).Dataset).ToList();
        var studies = sent.GroupBy(d => d.GetString(DicomTags.StudyInstanceUID)!).ToDictionary(g => g.Key, g => g.ToList());

        var all = await QidoAsync(http, "dicom-web/studies");
        Assert.Equal(studies.Count, all.Count);
        foreach (var study in all)
        {
            var uid = Value(study, "0020000D")!;
            var first = studies[uid][0];
            Assert.Equal(first.GetString(DicomTags.PatientID), Value(study, "00100020"));
            Assert.Equal(first.GetString(DicomTags.StudyDate), Value(study, "00080020"));
            Assert.Equal(first.GetString(DicomTags.AccessionNumber), Value(study, "00080050"));
            Assert.Equal(studies[uid].Count, study["00201208"]!["Value"]![0]!.GetValue<int>());
            Assert.Equal(studies[uid].Select(d => d.GetString(DicomTags.SeriesInstanceUID)).Distinct().Count(), study["00201206"]!["Value"]![0]!.GetValue<int>());
            Assert.Equal("NM", Value(study, "00080061"));
            Assert.Equal("ONLINE", Value(study, "00080056"));
            Assert.EndsWith($"/dicom-web/studies/{uid}", Value(study, "00081190"), StringComparison.Ordinal);
            Assert.True(study.ContainsKey("00100010"), "Patient's Name is a study return attribute");
        }

        // Single value, wildcard (* and ?), keyword or tag as the key, and a key that matches nothing.
        var thyroid = sent[0];
        var thyroidStudy = thyroid.GetString(DicomTags.StudyInstanceUID)!;
        var patientId = thyroid.GetString(DicomTags.PatientID)!;
        Assert.Equal([thyroidStudy], StudyUids(await QidoAsync(http, $"dicom-web/studies?PatientID={patientId}")));
        Assert.Equal([thyroidStudy], StudyUids(await QidoAsync(http, $"dicom-web/studies?00100020={patientId[..4]}*")));
        Assert.Equal([thyroidStudy], StudyUids(await QidoAsync(http, $"dicom-web/studies?PatientID={patientId[..^1]}?")));
        Assert.Empty(await QidoAsync(http, "dicom-web/studies?PatientID=NO-SUCH-PATIENT"));
        Assert.Equal(studies.Count, (await QidoAsync(http, "dicom-web/studies?ModalitiesInStudy=NM")).Count);
        Assert.Empty(await QidoAsync(http, "dicom-web/studies?ModalitiesInStudy=CT"));

        // Date ranges: closed, open at either end; compared with the dates the files carry.
        var dates = studies.ToDictionary(s => s.Key, s => s.Value[0].GetString(DicomTags.StudyDate));
        foreach (var range in new[] { "20130101-20141231", "-20131231", "20140728-", "20160411-20160411" })
        {
            var (from, to) = (range.Split('-')[0], range.Split('-')[1]);
            var expected = dates.Where(d => d.Value is { } date && (from.Length == 0 || string.CompareOrdinal(date, from) >= 0) && (to.Length == 0 || string.CompareOrdinal(date, to) <= 0))
                .Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, StudyUids(await QidoAsync(http, $"dicom-web/studies?StudyDate={range}")).Order(StringComparer.Ordinal));
        }

        // limit and offset page through the same order; the Warning header says when more remain.
        var order = StudyUids(all);
        using (var page = await http.GetAsync("dicom-web/studies?limit=2&offset=1"))
        {
            Assert.Equal(order.Skip(1).Take(2), StudyUids(JsonNode.Parse(await page.Content.ReadAsStringAsync())!.AsArray().Select(n => n!.AsObject()).ToList()));
            Assert.Contains(page.Headers.GetValues("Warning"), w => w.StartsWith("299 ", StringComparison.Ordinal) && w.Contains("additional results", StringComparison.Ordinal));
        }
        Assert.Empty(await QidoAsync(http, $"dicom-web/studies?offset={studies.Count}"));
        using (var bad = await http.GetAsync("dicom-web/studies?limit=many"))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var unknown = await http.GetAsync("dicom-web/studies?NoSuchKeyword=1"))
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        // includefield adds attributes to the level's set.
        var described = Assert.Single(await QidoAsync(http, $"dicom-web/studies?StudyInstanceUID={thyroidStudy}&includefield=StudyDescription,00100030"));
        Assert.Equal(thyroid.GetString(DicomTags.StudyDescription), Value(described, "00081030"));
        Assert.True(described.ContainsKey("00100030"));

        // Series of a study, instances of a series, and instances across studies.
        var jaszack = sent[1];
        var jaszackStudy = jaszack.GetString(DicomTags.StudyInstanceUID)!;
        var series = await QidoAsync(http, $"dicom-web/studies/{jaszackStudy}/series");
        Assert.Equal(studies[jaszackStudy].Select(d => d.GetString(DicomTags.SeriesInstanceUID)).Distinct().Order(StringComparer.Ordinal),
            series.Select(s => Value(s, "0020000E")).Order(StringComparer.Ordinal));
        Assert.All(series, s => Assert.Equal("NM", Value(s, "00080060")));
        var jaszackSeries = jaszack.GetString(DicomTags.SeriesInstanceUID)!;
        var instances = await QidoAsync(http, $"dicom-web/studies/{jaszackStudy}/series/{jaszackSeries}/instances");
        Assert.Equal(studies[jaszackStudy].Where(d => d.GetString(DicomTags.SeriesInstanceUID) == jaszackSeries).Select(d => d.GetString(DicomTags.SOPInstanceUID)).Order(StringComparer.Ordinal),
            instances.Select(i => Value(i, "00080018")).Order(StringComparer.Ordinal));
        Assert.All(instances, i => Assert.False(i.ContainsKey("00100020"), "study attributes are not repeated under a study's path"));
        var heart = sent[3];
        var heartInstance = Assert.Single(await QidoAsync(http, $"dicom-web/instances?SOPInstanceUID={heart.GetString(DicomTags.SOPInstanceUID)}"));
        foreach (var (tag, key) in new[] { (DicomTags.Rows, "00280010"), (DicomTags.Columns, "00280011"), (DicomTags.BitsAllocated, "00280100"), (DicomTags.NumberOfFrames, "00280008") })
            Assert.Equal(heart.GetInt32(tag), heartInstance[key]!["Value"]![0]!.GetValue<int>());
        Assert.Single(await QidoAsync(http, $"dicom-web/instances?Rows={heart.GetInt32(DicomTags.Rows)}&NumberOfFrames={heart.GetInt32(DicomTags.NumberOfFrames)}"));
        var bySop = Assert.Single(await QidoAsync(http, $"dicom-web/instances?SOPInstanceUID={jaszack.GetString(DicomTags.SOPInstanceUID)}"));
        Assert.Equal(jaszack.GetString(DicomTags.PatientID), Value(bySop, "00100020"));
        Assert.Equal(jaszack.GetString(DicomTags.SOPClassUID), Value(bySop, "00080016"));
        Assert.Equal(sent.Count, (await QidoAsync(http, "dicom-web/series?Modality=NM")).Sum(s => s["00201209"]!["Value"]![0]!.GetValue<int>()));
        Assert.Equal(2, (await QidoAsync(http, $"dicom-web/instances?SOPInstanceUID={sent[0].GetString(DicomTags.SOPInstanceUID)},{sent[2].GetString(DicomTags.SOPInstanceUID)}")).Count);
    }

    [Fact]
    public async Task WADO_returns_each_instance_as_the_stored_file_holding_the_data_set_sent_and_its_metadata_as_DICOM_JSON()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        using var http = node.Http();
        var files = Samples.Select(SharedData.PathOf).ToList();
        await node.Client().StoreFilesAsync(files, CancellationToken.None);
        foreach (var path in files)
        {
            var original = DicomFile.Open(path);
            var (study, series, sop) = Uids(original.Dataset);
            using var response = await http.GetAsync($"dicom-web/studies/{study}/series/{series}/instances/{sop}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/dicom", response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "type").Value!.Trim('"'));
            var part = Assert.Single(await Multipart.PartsAsync(response));
            Assert.StartsWith("application/dicom", part.ContentType, StringComparison.Ordinal);
            var row = (await node.Node.Store.Index.FindAsync(sop, CancellationToken.None))!;
            Assert.Equal(await File.ReadAllBytesAsync(node.Node.Store.PathOf(row)), part.Body);
            // The data set inside is byte for byte the one the file sent carries.
            var sentBytes = await File.ReadAllBytesAsync(path);
            Assert.Equal(sentBytes.AsSpan(original.DatasetOffset).ToArray(), part.Body.AsSpan(DicomFile.Read(part.Body).DatasetOffset).ToArray());

            var metadata = JsonNode.Parse(await http.GetStringAsync($"dicom-web/studies/{study}/series/{series}/instances/{sop}/metadata"))!.AsArray();
            var item = Assert.Single(metadata)!.AsObject();
            Assert.Equal(sop, Value(item, "00080018"));
            Assert.Equal(original.Dataset.GetInt32(DicomTags.Rows), item["00280010"]!["Value"]![0]!.GetValue<int>());
            // Bulk data is a BulkDataURI, and that resource holds the element's value as the file sent carries it.
            var pixelUri = item["7FE00010"]!["BulkDataURI"]!.GetValue<string>();
            Assert.Null(item["7FE00010"]!["InlineBinary"]);
            using (var bulk = await http.GetAsync(pixelUri))
            {
                Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
                Assert.Equal(original.Dataset[DicomTags.PixelData]!.Value.ToArray(), Assert.Single(await Multipart.PartsAsync(bulk)).Body);
            }
        }
        var jaszack = DicomFile.Open(files[1]).Dataset;
        var (jStudy, jSeries, _) = Uids(jaszack);
        using var seriesResponse = await http.GetAsync($"dicom-web/studies/{jStudy}/series/{jSeries}");
        Assert.Single(await Multipart.PartsAsync(seriesResponse));
        var studyMetadata = JsonNode.Parse(await http.GetStringAsync($"dicom-web/studies/{jStudy}/metadata"))!.AsArray();
        Assert.Equal(Samples.Count(s => DicomFile.Open(SharedData.PathOf(s)).Dataset.GetString(DicomTags.StudyInstanceUID) == jStudy), studyMetadata.Count);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"dicom-web/studies/{jStudy}/series/{jSeries}");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.70"));
        using var transcode = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, transcode.StatusCode);
    }

    [Fact]
    public async Task WADO_frames_are_the_uncompressed_bytes_of_frame_n_and_compressed_ones_are_refused_with_406()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        using var http = node.Http();
        var heart = SharedData.PathOf("nm/dcm4che/NM-MONO2-16-13x-heart.dcm");
        await node.Client().StoreFilesAsync([heart], CancellationToken.None);
        var file = DicomFile.Open(heart);
        var pixels = new DicomPixelData(file.Dataset, file.TransferSyntax);
        Assert.True(pixels.NumberOfFrames > 3);
        var (study, series, sop) = Uids(file.Dataset);
        var frames = $"dicom-web/studies/{study}/series/{series}/instances/{sop}/frames";

        using (var one = await http.GetAsync($"{frames}/3"))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
            var part = Assert.Single(await Multipart.PartsAsync(one));
            Assert.StartsWith("application/octet-stream", part.ContentType, StringComparison.Ordinal);
            Assert.Equal(pixels.Rows * pixels.Columns * 2, part.Body.Length);
            Assert.Equal(pixels.GetFrame(2).ToArray(), part.Body);
        }
        using (var two = await http.GetAsync($"{frames}/1,{pixels.NumberOfFrames}"))
        {
            var parts = await Multipart.PartsAsync(two);
            Assert.Equal(pixels.GetFrame(0).ToArray(), parts[0].Body);
            Assert.Equal(pixels.GetFrame(pixels.NumberOfFrames - 1).ToArray(), parts[1].Body);
        }
        using (var beyond = await http.GetAsync($"{frames}/{pixels.NumberOfFrames + 1}"))
            Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
        using (var zero = await http.GetAsync($"{frames}/0"))
            Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);

        // Compressed pixel data arrive by STOW-RS as stored bytes: RLE frames are decoded, JPEG ones are refused.
        var rle = SharedData.PathOf("nm/wg04/NM1_RLE.dcm");
        var jpeg = SharedData.PathOf("nm/wg04/NM1_JPLL.dcm");
        using (var stored = await http.PostAsync("dicom-web/studies", Multipart.Stow(await File.ReadAllBytesAsync(rle), await File.ReadAllBytesAsync(jpeg))))
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var rleFile = DicomFile.Open(rle);
        var (rs, rse, ri) = Uids(rleFile.Dataset);
        using (var decoded = await http.GetAsync($"dicom-web/studies/{rs}/series/{rse}/instances/{ri}/frames/1"))
        {
            Assert.Equal(HttpStatusCode.OK, decoded.StatusCode);
            Assert.Equal(new DicomPixelData(rleFile.Dataset, rleFile.TransferSyntax).GetFrame(0).ToArray(), Assert.Single(await Multipart.PartsAsync(decoded)).Body);
        }
        var (js, jse, ji) = Uids(DicomFile.Open(jpeg).Dataset);
        using var refused = await http.GetAsync($"dicom-web/studies/{js}/series/{jse}/instances/{ji}/frames/1");
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
        Assert.Contains("JPEG", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    internal static async Task<List<JsonObject>> QidoAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(n => n!.AsObject()).ToList();
    }

    // The first value of an attribute in DICOM JSON as text (a person name's alphabetic group), or null if empty.
    internal static string? Value(JsonObject dataset, string tag) =>
        dataset[tag]?["Value"]?[0] is { } v ? v is JsonObject pn ? pn["Alphabetic"]?.GetValue<string>() : v.ToString() : null;

    private static List<string> StudyUids(List<JsonObject> studies) => studies.Select(s => Value(s, "0020000D")!).ToList();

    internal static (string Study, string Series, string Sop) Uids(DicomDataset d) =>
        (d.GetString(DicomTags.StudyInstanceUID)!, d.GetString(DicomTags.SeriesInstanceUID)!, d.GetString(DicomTags.SOPInstanceUID)!);
}
