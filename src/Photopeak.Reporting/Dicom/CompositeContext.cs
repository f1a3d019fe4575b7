using Photopeak.Dicom;

namespace Photopeak.Reporting.Dicom;

/// <summary>
/// The patient and study a derived instance (report, measurement SR) belongs to: the Patient (PS3.3 C.7.1.1) and General Study
/// (C.7.2.1) attributes copied verbatim from a source instance of the study, type 2 ones present even when the source lacks them.
/// </summary>
internal static class CompositeContext
{
    private static readonly DicomTag[] PatientTags =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.IssuerOfPatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.OtherPatientIDsSequence, DicomTags.EthnicGroup, DicomTags.PatientComments,
    ];

    private static readonly DicomTag[] StudyTags =
    [
        DicomTags.StudyInstanceUID, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID,
        DicomTags.AccessionNumber, DicomTags.StudyDescription, DicomTags.IssuerOfAccessionNumberSequence,
    ];

    private static readonly DicomTag[] TypeTwo =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID, DicomTags.AccessionNumber,
    ];

    /// <summary>Copies the source's character set (or declares UTF-8 when <paramref name="ownText"/> needs more than ASCII) and its patient and study attributes.</summary>
    public static void Copy(DicomDataset source, DicomDataset target, string ownText)
    {
        // Character set first, so text set afterwards is encoded with it; copied elements keep their source bytes. A source in the
        // default repertoire (ASCII) is also valid UTF-8, so UTF-8 is declared when our own text needs more than ASCII.
        if (source[DicomTags.SpecificCharacterSet] is { } charset) target.Add(charset);
        else if (!System.Text.Ascii.IsValid(ownText)) target.Set(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        foreach (var tag in PatientTags.Concat(StudyTags))
            if (source[tag] is { } e) target.Add(e);
        foreach (var tag in TypeTwo)
            if (!target.Contains(tag)) target.Set(tag, "");
    }
}
