using Photopeak.Dicom;

namespace Photopeak.Imaging.Studies;

/// <summary>
/// Who and what a study is about, read in one place from the Patient, General Study and Request attributes of an instance.
/// The name and birth date are for rendered reports only: <see cref="ToString"/> leaves them out, so logging a header never
/// leaks them.
/// </summary>
public sealed record StudyHeader(
    string PatientId,
    string PatientName,
    PatientSex Sex,
    DateOnly? BirthDate,
    string AccessionNumber,
    string ReferringPhysician,
    string Institution,
    string ReasonForStudy,
    DateOnly? StudyDate,
    string StudyInstanceUid)
{
    /// <summary>Reads the header of one instance; absent attributes are empty strings or null, never an error.</summary>
    internal static StudyHeader Read(DicomDataset ds) => new(
        Text(ds, DicomTags.PatientID),
        Text(ds, DicomTags.PatientName),
        Text(ds, DicomTags.PatientSex).Trim().ToUpperInvariant() switch
        {
            "M" => PatientSex.Male, "F" => PatientSex.Female, "O" => PatientSex.Other, _ => PatientSex.Unknown,
        },
        // Parsed quietly: a warning would carry the birth date into logs.
        Date(Text(ds, DicomTags.PatientBirthDate)),
        Text(ds, DicomTags.AccessionNumber),
        Text(ds, DicomTags.ReferringPhysicianName),
        Text(ds, DicomTags.InstitutionName),
        // Reason for the Requested Procedure (0040,1002), else the older Reason for Study (0032,1030).
        FirstNonEmpty(Text(ds, DicomTags.ReasonForTheRequestedProcedure), Text(ds, ReasonForStudyRetired)),
        Date(Text(ds, DicomTags.StudyDate)) ?? Date(Text(ds, DicomTags.SeriesDate)),
        Text(ds, DicomTags.StudyInstanceUID))
    {
        PatientWeightKg = Weight(ds),
    };

    /// <summary>Patient's Weight (0010,1030), kg; null when absent or not a plausible body weight (0 is "unknown" on many systems).</summary>
    public double? PatientWeightKg { get; init; }

    private static double? Weight(DicomDataset ds)
    {
        double? kg;
        try { kg = ds.GetDouble(DicomTags.PatientWeight); }
        catch (DicomValueException) { return null; }
        return kg is >= 0.5 and <= 400 ? kg : null;
    }

    /// <summary>Loggable summary: identifiers only, never name or birth date.</summary>
    public override string ToString() =>
        $"StudyHeader {{ PatientId = {PatientId}, AccessionNumber = {AccessionNumber}, StudyDate = {StudyDate:yyyy-MM-dd}, StudyInstanceUid = {StudyInstanceUid} }}";

    // Reason for Study (0032,1030), retired in PS3.3 but still written by older RIS/modality worklists; not in the dictionary.
    private static readonly DicomTag ReasonForStudyRetired = new(0x0032, 0x1030);

    private static string Text(DicomDataset ds, DicomTag tag) => ds.GetString(tag)?.Trim() ?? "";

    // DA "yyyymmdd", or the ACR-NEMA "yyyy.mm.dd" old NM systems still write; anything else is unknown.
    private static DateOnly? Date(string text)
    {
        var digits = text.Replace(".", "", StringComparison.Ordinal);
        return digits.Length == 8 && DateOnly.TryParseExact(digits, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var d) ? d : null;
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;
}
