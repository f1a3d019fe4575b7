using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Imaging.Studies;

namespace Photopeak.Imaging.Tests.Studies;

public sealed class StudyLoaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("photopeak-loader-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Shared_nm_folder_groups_into_studies_and_series()
    {
        var result = StudyLoader.Load(SharedData.PathOf("nm"));
        Assert.Empty(result.Unreadable);
        Assert.Equal(16, result.Studies.Sum(s => s.Acquisitions.Count()));
        // Study Instance UIDs (dcmdump): heart; Mediso 2014 (FourBar, Jaszack, QuadrantBar); Mediso 2013 (Lin_X,
        // Spatial_Resol_X, UNIFORMIDAD_1); thyroid; WG04 (7 files) and WG04 RLE (its own older UIDs).
        Assert.Equal(6, result.Studies.Count);
        var mediso = result.Studies.Single(s => s.Acquisitions.Any(a => a.SourcePath!.EndsWith("Jaszack.dcm", StringComparison.Ordinal)));
        Assert.Equal(3, mediso.Series.Count);
        Assert.Equal("123456", mediso.PatientId);
        Assert.Equal(new DateOnly(2014, 7, 28), mediso.StudyDate);
        // Seven WG04 files share one series (distinct SOP Instance UIDs, so nothing to report).
        var wg04 = result.Studies.Where(s => s.PatientId == "8NM1").ToList();
        Assert.Equal(2, wg04.Count);
        var series = Assert.Single(wg04.Single(s => s.Acquisitions.Count() == 7).Series);
        Assert.Empty(series.Warnings);
    }

    [Fact]
    public void Unreadable_files_are_reported_and_do_not_stop_the_others()
    {
        File.Copy(SharedData.PathOf("nm/nmqc/Jaszack.dcm"), Path.Combine(folder, "a.dcm"));
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.Copy(SharedData.PathOf("nm/dcm4che/NM-MONO2-16-13x-heart.dcm"), Path.Combine(folder, "sub", "b.dcm"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not DICOM at all");
        File.Copy(SharedData.PathOf("robustness/pydicom/rtplan_truncated.dcm"), Path.Combine(folder, "sub", "truncated.dcm"));

        var result = StudyLoader.Load(folder);
        Assert.Equal(2, result.Studies.Count);
        Assert.Equal(2, result.Unreadable.Count);
        Assert.Contains(result.Unreadable, u => u.Path.EndsWith("notes.txt", StringComparison.Ordinal) && u.Reason.Length > 0);
        Assert.Contains(result.Unreadable, u => u.Path.EndsWith("truncated.dcm", StringComparison.Ordinal));
    }

    [Fact]
    public void Hundreds_of_files_load_and_sort_by_instance_number()
    {
        for (var i = 0; i < 200; i++)
        {
            var ds = SyntheticNm.Header("STATIC", 1, 2, 2, seriesUid: i < 120 ? "2.25.5001" : "2.25.5002", sopUid: $"2.25.9{i:000}")
                .SetNumbers(DicomTags.InstanceNumber, 200 - i).SetNumbers(DicomTags.SeriesNumber, i < 120 ? 1 : 2);
            File.WriteAllBytes(Path.Combine(folder, $"f{i:000}.dcm"), DicomWriter.ToBytes(ds, TransferSyntax.ExplicitVRLittleEndian));
        }
        var result = StudyLoader.Load(folder);
        var study = Assert.Single(result.Studies);
        Assert.Equal(new[] { 120, 80 }, study.Series.Select(s => s.Acquisitions.Count));
        var numbers = study.Series[0].Acquisitions.Select(a => a.InstanceNumber!.Value).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Empty(study.Series[0].Warnings);
    }

    [Fact]
    public void Duplicate_sop_instance_uids_in_a_series_are_reported()
    {
        var bytes = DicomWriter.ToBytes(SyntheticNm.Header("STATIC", 1, 2, 2), TransferSyntax.ExplicitVRLittleEndian);
        File.WriteAllBytes(Path.Combine(folder, "one.dcm"), bytes);
        File.WriteAllBytes(Path.Combine(folder, "two.dcm"), bytes);
        var series = Assert.Single(Assert.Single(StudyLoader.Load(folder).Studies).Series);
        Assert.Contains(series.Warnings, w => w.Contains("occurs in 2 files"));
    }

    [Fact]
    public void Missing_path_is_a_file_not_found_error()
    {
        Assert.Throws<FileNotFoundException>(() => StudyLoader.Load(Path.Combine(folder, "nope")));
    }
}
