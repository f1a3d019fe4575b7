namespace Photopeak.Reporting.Model;

/// <summary>Draft until signed; a signed report cannot change (amendments create a new draft version).</summary>
public enum ReportStatus
{
    Draft,
    Signed,
}
