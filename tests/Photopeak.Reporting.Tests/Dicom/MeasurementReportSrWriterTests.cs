using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Reporting.Dicom;

namespace Photopeak.Reporting.Tests.Dicom;

/// <summary>The measurement SR against the standard's checkers: dciodvfy (IOD and TID structure) and DCMTK's dsrdump.</summary>
public class MeasurementReportSrWriterTests
{
    private static DicomDataset Source() => DicomFile.Open(SharedData.PathOf("nm/dcm4che/NM-MONO2-16-13x-heart.dcm")).Dataset;

    private static DicomDataset Sample()
    {
        var source = Source();
        return MeasurementReportSrWriter.Create(source, "0331T", "Myocardial sympathetic innervation imaging, planar",
            [
                new SrMeasurement("hm_late", 1.8364, "ratio", "heart/mediastinum") { Meaning = "Late heart-to-mediastinum ratio" },
                new SrMeasurement("washout_bg_corrected_percent", 27.778, "%", "background corrected"),
                new SrMeasurement("spect_summed_score", double.NaN, "score", "not acquired"),
            ],
            [new SrEvidence(source.GetString(DicomTags.SeriesInstanceUID)!, source.GetString(DicomTags.SOPClassUID)!, source.GetString(DicomTags.SOPInstanceUID)!)],
            new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Dciodvfy_reports_no_errors_on_the_measurement_SR()
    {
        if (!ExternalTool.Require("dciodvfy")) return;
        var path = TempFiles.Write("measurements-sr.dcm", DicomWriter.ToBytes(Sample(), TransferSyntax.ExplicitVRLittleEndian));
        var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
        Assert.Contains("ComprehensiveSR", stdout + stderr);
        Assert.DoesNotContain("Error", stdout + stderr);
    }

    [Fact]
    public void Dsrdump_reads_the_measurements_with_their_UCUM_units_and_leaves_out_the_missing_one()
    {
        if (!ExternalTool.Require("dsrdump")) return;
        var path = TempFiles.Write("measurements-sr-dump.dcm", DicomWriter.ToBytes(Sample(), TransferSyntax.ExplicitVRLittleEndian));
        var (code, stdout, stderr) = ExternalTool.Run("dsrdump", [path]);
        Assert.True(code == 0, stderr);
        Assert.Contains("NUM:(,,\"Late heart-to-mediastinum ratio\")=\"1.8364\" ({ratio},UCUM,\"ratio\")", stdout, StringComparison.Ordinal);
        Assert.Contains("=\"27.778\" (%,UCUM,\"percent\")", stdout, StringComparison.Ordinal);
        Assert.Contains("Imaging Measurement Report", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("spect_summed_score", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Spect summed score", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SR_belongs_to_the_source_study_and_patient()
    {
        var sr = Sample();
        Assert.Equal(Source().GetString(DicomTags.StudyInstanceUID), sr.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(Source().GetString(DicomTags.PatientID), sr.GetString(DicomTags.PatientID));
        Assert.Equal("UNVERIFIED", sr.GetString(DicomTags.VerificationFlag));
    }
}
