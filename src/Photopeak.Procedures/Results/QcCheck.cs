namespace Photopeak.Procedures.Results;

/// <summary>Outcome of one quality check.</summary>
public enum QcStatus { Pass, Warning, Fail }

/// <summary>A quality check of the input or the analysis: what was checked, the outcome and the figures behind it.</summary>
public sealed record QcCheck(string Name, QcStatus Status, string Detail);
