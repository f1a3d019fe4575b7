namespace Photopeak.Reporting.Model;

/// <summary>Links an amended version to the signed version it replaces.</summary>
public sealed record ReportAmendment(int PreviousVersion, string PreviousContentSha256, string Reason);
