namespace Photopeak.Reporting.Model;

/// <summary>One acquisition in the technique section: its label (e.g. "Early anterior"), start time and duration.</summary>
public sealed record AcquisitionTiming(string Label, DateTime Start, double DurationSeconds);
