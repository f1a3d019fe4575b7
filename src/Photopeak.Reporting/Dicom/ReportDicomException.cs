namespace Photopeak.Reporting.Dicom;

/// <summary>The source study cannot back a DICOM report: a required attribute is missing or disagrees with the report (named in the message).</summary>
public sealed class ReportDicomException(string message) : Exception(message);
