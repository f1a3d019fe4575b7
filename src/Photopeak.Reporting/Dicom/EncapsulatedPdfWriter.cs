using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Reporting.Model;

namespace Photopeak.Reporting.Dicom;

/// <summary>
/// Wraps a rendered PDF in a DICOM Encapsulated PDF instance (PS3.3 A.45.1) in the source study: patient and study attributes copied
/// from the source instances, a new DOC series, Source Instance Sequence pointing at the images the report was made from.
/// </summary>
public static class EncapsulatedPdfWriter
{
    /// <summary>LOINC 18748-4 "Diagnostic Imaging Report" (DICOM CID 7000 document titles).</summary>
    public static readonly (string Value, string Scheme, string Meaning) DocumentTitleCode = ("18748-4", "LN", "Diagnostic Imaging Report");

    /// <summary>Builds the Encapsulated PDF data set. <paramref name="sources"/> are the instances the report was made from (at least one).</summary>
    public static DicomDataset Create(Report report, ReadOnlyMemory<byte> pdf, IReadOnlyList<DicomDataset> sources, EncapsulatedPdfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(sources);
        report.VerifyIntegrity();
        options ??= new EncapsulatedPdfOptions();
        if (sources.Count == 0) throw new ReportDicomException("an Encapsulated PDF report needs at least one source instance of the study");
        if (pdf.Length < 5 || !pdf.Span[..5].SequenceEqual("%PDF-"u8))
            throw new ReportDicomException("the document to encapsulate does not start with %PDF-: it is not a PDF");

        var source = sources[0];
        var studyUid = source.GetString(DicomTags.StudyInstanceUID);
        if (string.IsNullOrWhiteSpace(studyUid))
            throw new ReportDicomException("source instance has no Study Instance UID (0020,000D); the report cannot be placed in its study");
        CheckSources(report, sources, studyUid);

        var created = options.CreatedAt ?? report.Signature?.SignedAt ?? DateTimeOffset.Now;
        var (seriesUid, instanceUid) = Uids(report, options);
        var title = report.Status == ReportStatus.Draft ? $"{report.Title} (DRAFT)" : report.Title;

        var ds = new DicomDataset();
        CompositeContext.Copy(source, ds, title);

        // SOP Common (C.12.1)
        ds.Set(DicomTags.SOPClassUID, DicomUid.EncapsulatedPdfStorage)
          .Set(DicomTags.SOPInstanceUID, instanceUid)
          .Set(DicomTags.InstanceCreationDate, Date(created))
          .Set(DicomTags.InstanceCreationTime, Time(created))
          // Encapsulated Document Series (C.24.1)
          .Set(DicomTags.Modality, "DOC")
          .Set(DicomTags.SeriesInstanceUID, seriesUid)
          .SetNumbers(DicomTags.SeriesNumber, options.SeriesNumber)
          .Set(DicomTags.SeriesDescription, "Photopeak report")
          // General Equipment (C.7.5.1) and SC Equipment (C.8.6.1): a workstation-generated document
          .Set(DicomTags.Manufacturer, "Photopeak")
          .Set(DicomTags.SoftwareVersions, "Photopeak " + (typeof(EncapsulatedPdfWriter).Assembly.GetName().Version?.ToString() ?? "0"))
          .Set(DicomTags.ConversionType, "WSD")
          // Encapsulated Document (C.24.2)
          .SetNumbers(DicomTags.InstanceNumber, options.InstanceNumber)
          .Set(DicomTags.ContentDate, Date(created))
          .Set(DicomTags.ContentTime, Time(created))
          .Set(DicomTags.AcquisitionDateTime, created.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture))
          .Set(DicomTags.BurnedInAnnotation, "YES")
          .Set(DicomTags.RecognizableVisualFeatures, "NO")
          .SetClipped(DicomTags.DocumentTitle, title)
          .SetSequence(DicomTags.ConceptNameCodeSequence, new DicomDataset()
              .Set(DicomTags.CodeValue, DocumentTitleCode.Value)
              .Set(DicomTags.CodingSchemeDesignator, DocumentTitleCode.Scheme)
              .Set(DicomTags.CodeMeaning, DocumentTitleCode.Meaning))
          .SetSequence(DicomTags.SourceInstanceSequence, sources.Select(SourceReference).ToArray())
          .Set(DicomTags.MIMETypeOfEncapsulatedDocument, "application/pdf")
          .SetNumbers(DicomTags.EncapsulatedDocumentLength, pdf.Length)
          .SetBytes(DicomTags.EncapsulatedDocument, DicomVR.OB, Pad(pdf));
        return ds;
    }

    /// <summary>The Part 10 file bytes (explicit VR little endian) of the Encapsulated PDF instance.</summary>
    public static byte[] ToBytes(Report report, ReadOnlyMemory<byte> pdf, IReadOnlyList<DicomDataset> sources, EncapsulatedPdfOptions? options = null) =>
        DicomWriter.ToBytes(Create(report, pdf, sources, options), TransferSyntax.ExplicitVRLittleEndian);

    /// <summary>The encapsulated PDF read back from a data set, without the pad byte (uses Encapsulated Document Length when present).</summary>
    public static ReadOnlyMemory<byte> ExtractPdf(DicomDataset dataset)
    {
        var element = dataset[DicomTags.EncapsulatedDocument] ?? throw new ReportDicomException("data set has no Encapsulated Document (0042,0011)");
        var value = element.Value;
        if (dataset.GetInt64(DicomTags.EncapsulatedDocumentLength) is { } length && length <= value.Length) return value[..(int)length];
        // Without the length attribute, a single trailing NUL after %%EOF is the DICOM pad.
        return value.Length > 0 && value.Span[^1] == 0 ? value[..^1] : value;
    }

    private static void CheckSources(Report report, IReadOnlyList<DicomDataset> sources, string studyUid)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            if (s.GetString(DicomTags.StudyInstanceUID) != studyUid)
                throw new ReportDicomException($"source instance {i} has Study Instance UID (0020,000D) {s.GetString(DicomTags.StudyInstanceUID)}, not {studyUid}: all sources must belong to one study");
            if (string.IsNullOrWhiteSpace(s.GetString(DicomTags.SOPClassUID)) || string.IsNullOrWhiteSpace(s.GetString(DicomTags.SOPInstanceUID)))
                throw new ReportDicomException($"source instance {i} lacks SOP Class UID (0008,0016) or SOP Instance UID (0008,0018) to reference");
        }
        // The wrong patient's images under a report is the worst error a report can carry: refuse rather than copy.
        var sourceId = sources[0].GetString(DicomTags.PatientID);
        if (!string.IsNullOrWhiteSpace(sourceId) && sourceId.Trim() != report.Header.PatientId.Trim())
            throw new ReportDicomException($"Patient ID (0010,0020) of the source study is {sourceId}, the report is for {report.Header.PatientId}");
        var accession = sources[0].GetString(DicomTags.AccessionNumber);
        if (!string.IsNullOrWhiteSpace(accession) && !string.IsNullOrWhiteSpace(report.Header.AccessionNumber) && accession.Trim() != report.Header.AccessionNumber.Trim())
            throw new ReportDicomException($"Accession Number (0008,0050) of the source study is {accession}, the report has {report.Header.AccessionNumber}");
    }

    private static DicomDataset SourceReference(DicomDataset s) => new DicomDataset()
        .Set(DicomTags.ReferencedSOPClassUID, s.GetString(DicomTags.SOPClassUID)!)
        .Set(DicomTags.ReferencedSOPInstanceUID, s.GetString(DicomTags.SOPInstanceUID)!);

    private static (string Series, string Instance) Uids(Report report, EncapsulatedPdfOptions options)
    {
        if (report.Signature is { } sig)
        {
            var hash = SHA256.HashData(Encoding.ASCII.GetBytes("photopeak-report:" + sig.ContentSha256 + ":" + report.Header.PatientId));
            return (options.SeriesInstanceUid ?? DicomUid.FromUuid(new Guid(hash.AsSpan(0, 16))),
                    options.SopInstanceUid ?? DicomUid.FromUuid(new Guid(hash.AsSpan(16, 16))));
        }
        return (options.SeriesInstanceUid ?? DicomUid.Generate(), options.SopInstanceUid ?? DicomUid.Generate());
    }

    private static ReadOnlyMemory<byte> Pad(ReadOnlyMemory<byte> pdf)
    {
        if ((pdf.Length & 1) == 0) return pdf;
        var padded = new byte[pdf.Length + 1];
        pdf.Span.CopyTo(padded);
        return padded;
    }

    private static string Date(DateTimeOffset t) => t.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    private static string Time(DateTimeOffset t) => t.ToString("HHmmss", CultureInfo.InvariantCulture);
}
