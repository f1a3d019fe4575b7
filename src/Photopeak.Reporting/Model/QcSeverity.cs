namespace Photopeak.Reporting.Model;

/// <summary>How much a QC note matters to the reader.</summary>
public enum QcSeverity
{
    Info,
    Warning,
}
