namespace Photopeak.Procedures.Results;

/// <summary>
/// What a procedure produced: its identifier, the CPT codes chosen, named measurements, the ROIs used, quality checks and
/// warnings, plus the method choices the report must state. Serialised as result.json by <see cref="ResultJson"/>.
/// </summary>
public sealed record ProcedureResult(
    string Procedure,
    IReadOnlyList<string> Cpt,
    IReadOnlyDictionary<string, MeasuredQuantity> Measurements,
    IReadOnlyList<RoiDefinition> Rois,
    IReadOnlyList<QcCheck> Qc,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Method choices (collimator, CC and its source, ROI method, decay and background correction, reference times).</summary>
    public IReadOnlyDictionary<string, string> Methods { get; init; } = new Dictionary<string, string>();

    /// <summary>Other facts the report states (e.g. innervation category).</summary>
    public IReadOnlyDictionary<string, string> Findings { get; init; } = new Dictionary<string, string>();

    /// <summary>Value of a measurement, or null when absent or not measured.</summary>
    public double? Value(string key) => Measurements.TryGetValue(key, out var m) ? m.Value : null;
}
