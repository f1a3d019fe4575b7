namespace Photopeak.Reporting.Model;

/// <summary>A quality-control note or warning shown in the report.</summary>
public sealed record QcNote(QcSeverity Severity, string Text);
