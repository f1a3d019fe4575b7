using System.Globalization;
using Photopeak.Coding.Documentation;

namespace Photopeak.Reporting.Model;

/// <summary>
/// One row of the measurement table. <see cref="Method"/> names how the number was obtained (ROI method, background,
/// decay correction) so the report states it. <see cref="Documents"/> says which report element this row supports.
/// </summary>
public sealed record Measurement(string Name, double Value, string Unit, string Method)
{
    /// <summary>Digits after the decimal point when shown.</summary>
    public int Decimals { get; init; } = 2;

    public ReferenceRange? Reference { get; init; }

    /// <summary>The report element this measurement documents (for the coding documentation check), if any.</summary>
    public ReportElement? Documents { get; init; }

    /// <summary>Flag derived from the reference range, so it can never disagree with the value.</summary>
    public MeasurementFlag Flag => Reference?.Classify(Value) ?? MeasurementFlag.None;

    /// <summary>The value with its decimals, invariant culture, e.g. "1.85".</summary>
    public string FormattedValue => double.IsFinite(Value)
        ? Value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
        : "n/a";
}
