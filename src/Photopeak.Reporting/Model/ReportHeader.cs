namespace Photopeak.Reporting.Model;

/// <summary>
/// Who and what the report is about. The patient name and birth date appear in rendered documents only:
/// <see cref="ToString"/> leaves them out so a header can never leak them into logs.
/// </summary>
public sealed record ReportHeader(
    string Institution,
    string PatientId,
    string PatientName,
    PatientSex Sex,
    DateOnly? BirthDate,
    string AccessionNumber,
    DateOnly StudyDate,
    string ReferringPhysician)
{
    /// <summary>Loggable summary: patient ID, accession and study date, never name or birth date.</summary>
    public override string ToString() => $"ReportHeader {{ PatientId = {PatientId}, AccessionNumber = {AccessionNumber}, StudyDate = {StudyDate:yyyy-MM-dd} }}";
}
