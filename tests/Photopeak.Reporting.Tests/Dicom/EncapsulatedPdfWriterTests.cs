using Photopeak.Dicom;
using Photopeak.Reporting.Dicom;
using Photopeak.Reporting.Model;
using Photopeak.Reporting.Rendering.Pdf;

namespace Photopeak.Reporting.Tests.Dicom;

public class EncapsulatedPdfWriterTests
{
    private const string StudyUid = "1.2.826.0.1.3680043.2.1125.1.42";
    private const string ImageUid = "1.2.826.0.1.3680043.2.1125.1.42.1.1";

    private static DicomDataset SourceImage() => new DicomDataset()
        .Set(DicomTags.SpecificCharacterSet, "ISO_IR 100")
        .Set(DicomTags.SOPClassUID, DicomUid.NuclearMedicineImageStorage)
        .Set(DicomTags.SOPInstanceUID, ImageUid)
        .Set(DicomTags.PatientName, "Doe^Jane")
        .Set(DicomTags.PatientID, "PP-000123")
        .Set(DicomTags.PatientBirthDate, "19510314")
        .Set(DicomTags.PatientSex, "F")
        .Set(DicomTags.StudyInstanceUID, StudyUid)
        .Set(DicomTags.StudyDate, "20261120")
        .Set(DicomTags.StudyTime, "091500")
        .Set(DicomTags.ReferringPhysicianName, "Cardiologist^A")
        .Set(DicomTags.StudyID, "42")
        .Set(DicomTags.AccessionNumber, "ACC-2026-0042")
        .Set(DicomTags.Modality, "NM");

    private static (byte[] Pdf, byte[] File, DicomFile Read) Roundtrip(Report report, params DicomDataset[] sources)
    {
        var pdf = PdfReportRenderer.Render(report);
        var bytes = EncapsulatedPdfWriter.ToBytes(report, pdf, sources);
        return (pdf, bytes, DicomFile.Read(bytes, "report.dcm"));
    }

    [Fact]
    public void Encapsulated_pdf_reads_back_with_the_exact_pdf_bytes_in_the_source_study()
    {
        var (pdf, _, file) = Roundtrip(SampleReports.Mibg(), SourceImage());
        var ds = file.Dataset;
        Assert.Equal(DicomUid.EncapsulatedPdfStorage, ds.GetString(DicomTags.SOPClassUID));
        Assert.Equal(DicomUid.EncapsulatedPdfStorage, file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPClassUID));
        Assert.Equal(StudyUid, ds.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("PP-000123", ds.GetString(DicomTags.PatientID));
        Assert.Equal("Doe^Jane", ds.GetString(DicomTags.PatientName));
        Assert.Equal("ACC-2026-0042", ds.GetString(DicomTags.AccessionNumber));
        Assert.Equal("DOC", ds.GetString(DicomTags.Modality));
        Assert.Equal("application/pdf", ds.GetString(DicomTags.MIMETypeOfEncapsulatedDocument));
        Assert.Equal("YES", ds.GetString(DicomTags.BurnedInAnnotation));
        Assert.Equal(pdf.Length, ds.GetInt64(DicomTags.EncapsulatedDocumentLength));
        Assert.Equal(pdf, EncapsulatedPdfWriter.ExtractPdf(ds).ToArray());
        Assert.Equal(ImageUid, ds.GetItem(DicomTags.SourceInstanceSequence)!.GetString(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal("18748-4", ds.GetItem(DicomTags.ConceptNameCodeSequence)!.GetString(DicomTags.CodeValue));
        Assert.EndsWith("(DRAFT)", ds.GetString(DicomTags.DocumentTitle));
        Assert.NotEqual(ds.GetString(DicomTags.SeriesInstanceUID), SourceImage().GetString(DicomTags.SeriesInstanceUID));
    }

    [Fact]
    public void Dciodvfy_reports_no_errors()
    {
        if (!ExternalTool.Require("dciodvfy")) return;
        var (_, bytes, _) = Roundtrip(SampleReports.Mibg().Sign("Dr. B. Nuclear", new DateTimeOffset(2026, 11, 20, 15, 30, 0, TimeSpan.Zero)), SourceImage());
        var path = TempFiles.Write("mibg-report.dcm", bytes);
        var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
        var output = stdout + stderr;
        Assert.Contains("EncapsulatedPDF", output);
        Assert.DoesNotContain("Error", output);
    }

    [Fact]
    public void Signed_report_exports_to_the_same_instance_uid_every_time()
    {
        var signed = SampleReports.Mibg().Sign("Dr. B. Nuclear", new DateTimeOffset(2026, 11, 20, 15, 30, 0, TimeSpan.Zero));
        var pdf = PdfReportRenderer.Render(signed);
        var a = EncapsulatedPdfWriter.Create(signed, pdf, [SourceImage()]);
        var b = EncapsulatedPdfWriter.Create(signed, pdf, [SourceImage()]);
        Assert.Equal(a.GetString(DicomTags.SOPInstanceUID), b.GetString(DicomTags.SOPInstanceUID));
        Assert.Equal(signed.Title, a.GetString(DicomTags.DocumentTitle));
        Assert.Equal("20261120", a.GetString(DicomTags.ContentDate));
    }

    [Fact]
    public void A_source_study_of_another_patient_is_refused()
    {
        var other = SourceImage().Set(DicomTags.PatientID, "SOMEONE-ELSE");
        var report = SampleReports.Mibg();
        var ex = Assert.Throws<ReportDicomException>(() => EncapsulatedPdfWriter.Create(report, PdfReportRenderer.Render(report), [other]));
        Assert.Contains("(0010,0020)", ex.Message);
        Assert.DoesNotContain("Doe", ex.Message);
    }

    [Fact]
    public void A_source_without_study_uid_or_a_non_pdf_document_is_refused_naming_the_problem()
    {
        var report = SampleReports.Mibg();
        var noStudy = SourceImage();
        noStudy.Remove(DicomTags.StudyInstanceUID);
        Assert.Contains("(0020,000D)", Assert.Throws<ReportDicomException>(() => EncapsulatedPdfWriter.Create(report, "%PDF-1.4"u8.ToArray(), [noStudy])).Message);
        Assert.Contains("%PDF", Assert.Throws<ReportDicomException>(() => EncapsulatedPdfWriter.Create(report, "<html>"u8.ToArray(), [SourceImage()])).Message);
    }

    [Fact]
    public void A_real_nm_file_can_be_the_source()
    {
        var path = SharedData.PathOf("nm/dcm4che/NM-MONO2-16-13x-heart.dcm");
        var source = DicomFile.Open(path).Dataset;
        var report = SampleReports.Mibg() with { Header = SampleReports.Header with { AccessionNumber = source.GetString(DicomTags.AccessionNumber) ?? "" } };
        var (pdf, bytes, file) = Roundtrip(report, source);
        Assert.Equal(source.GetString(DicomTags.StudyInstanceUID), file.Dataset.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(source.GetString(DicomTags.PatientName), file.Dataset.GetString(DicomTags.PatientName));
        Assert.Equal(pdf, EncapsulatedPdfWriter.ExtractPdf(file.Dataset).ToArray());
        if (!ExternalTool.Require("dciodvfy")) return;
        var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [TempFiles.Write("real-source-report.dcm", bytes)]);
        Assert.DoesNotContain("Error", stdout + stderr);
    }

    [Fact]
    public void A_non_ascii_title_on_a_source_without_character_set_declares_utf8_and_reads_back()
    {
        var source = SourceImage();
        source.Remove(DicomTags.SpecificCharacterSet);
        var report = (SampleReports.Mibg() with { Title = "Lung perfusion — quantitative split" }).Sign("Dr. B. Nuclear", DateTimeOffset.UnixEpoch);
        var bytes = EncapsulatedPdfWriter.ToBytes(report, PdfReportRenderer.Render(report), [source]);
        var ds = DicomFile.Read(bytes, "utf8.dcm").Dataset;
        Assert.Equal("ISO_IR 192", ds.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Lung perfusion — quantitative split", ds.GetString(DicomTags.DocumentTitle));
        if (!ExternalTool.Require("dciodvfy")) return;
        var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [TempFiles.Write("utf8-report.dcm", bytes)]);
        Assert.DoesNotContain("Error", stdout + stderr);
    }
}
