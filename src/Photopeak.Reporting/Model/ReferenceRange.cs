namespace Photopeak.Reporting.Model;

/// <summary>
/// A normal range or decision threshold with its source, e.g. late H/M lower limit 1.6 [Jacobson2010].
/// Either bound may be absent (a one-sided threshold).
/// </summary>
public sealed record ReferenceRange(double? Lower, double? Upper, string Source)
{
    /// <summary>Whether a value lies below, within or above the range.</summary>
    public MeasurementFlag Classify(double value) =>
        Lower is { } lo && value < lo ? MeasurementFlag.Low
        : Upper is { } hi && value > hi ? MeasurementFlag.High
        : MeasurementFlag.Normal;

    public override string ToString() => (Lower, Upper) switch
    {
        ({ } lo, { } hi) => FormattableString.Invariant($"{lo:0.###}–{hi:0.###}"),
        ({ } lo, null) => FormattableString.Invariant($"≥ {lo:0.###}"),
        (null, { } hi) => FormattableString.Invariant($"≤ {hi:0.###}"),
        _ => "",
    };
}
