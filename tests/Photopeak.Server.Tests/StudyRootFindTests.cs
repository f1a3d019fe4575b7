using Photopeak.Dicom;

namespace Photopeak.Server.Tests;

/// <summary>C-FIND at study root from the index, checked with DCMTK findscu (issue 15.1).</summary>
public class StudyRootFindTests
{
    [Fact]
    public async Task Findscu_finds_stored_studies_and_their_series_with_PS3_4_matching()
    {
        if (!ExternalTool.Require("findscu")) return;
        await using var node = await TestNode.StartAsync(processing: false);
        var files = new[] { "nm/scintigraphy/thyroid_ant.dcm", "nm/nmqc/Jaszack.dcm", "nm/dcm4che/NM-MONO2-16-13x-heart.dcm" }.Select(SharedData.PathOf).ToList();
        await node.Client().StoreFilesAsync(files, CancellationToken.None);
        var thyroid = DicomFile.Open(files[0]).Dataset;
        var patientId = thyroid.GetString(DicomTags.PatientID)!;
        var studyUid = thyroid.GetString(DicomTags.StudyInstanceUID)!;

        var all = Find(node.Port, "QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientID", "NumberOfStudyRelatedInstances");
        Assert.Equal(files.Select(f => DicomFile.Open(f).Dataset.GetString(DicomTags.StudyInstanceUID)).Distinct().Count(), Responses(all));

        var one = Find(node.Port, "QueryRetrieveLevel=STUDY", $"PatientID={patientId[..Math.Min(3, patientId.Length)]}*", "StudyInstanceUID", "ModalitiesInStudy");
        Assert.Contains(studyUid, one, StringComparison.Ordinal);
        Assert.Contains("NM", one, StringComparison.Ordinal);

        var series = Find(node.Port, "QueryRetrieveLevel=SERIES", $"StudyInstanceUID={studyUid}", "SeriesInstanceUID", "Modality", "NumberOfSeriesRelatedInstances");
        Assert.Equal(1, Responses(series));
        Assert.Contains(thyroid.GetString(DicomTags.SeriesInstanceUID)!, series, StringComparison.Ordinal);

        // A binary (US) return key at image level comes back as a number, not a failure.
        var image = Find(node.Port, "QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={studyUid}", "SOPInstanceUID", "Rows", "NumberOfFrames");
        Assert.Equal(1, Responses(image));
        Assert.Contains($"(0028,0010) US {thyroid.GetInt32(DicomTags.Rows)}", image, StringComparison.Ordinal);

        var none = Find(node.Port, "QueryRetrieveLevel=STUDY", "PatientID=NO-SUCH-PATIENT", "StudyInstanceUID");
        Assert.Equal(0, Responses(none));
    }

    private static string Find(int port, params string[] keys)
    {
        var (code, stdout, stderr) = ExternalTool.Run("findscu", ["-v", "-S", "-aec", "PHOTOPEAK", .. keys.SelectMany(k => new[] { "-k", k }), "127.0.0.1", port.ToString()]);
        Assert.True(code == 0, stderr);
        return stdout + stderr;
    }

    private static int Responses(string findscuOutput) =>
        findscuOutput.Split('\n').Count(l => l.Contains("Find Response:", StringComparison.Ordinal) && l.Contains("(Pending)", StringComparison.Ordinal));
}
