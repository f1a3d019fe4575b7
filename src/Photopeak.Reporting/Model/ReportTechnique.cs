namespace Photopeak.Reporting.Model;

/// <summary>How the study was done: free text plus the structured items every report must state.</summary>
public sealed record ReportTechnique(string Description)
{
    public string? Radiopharmaceutical { get; init; }
    public double? ActivityMBq { get; init; }
    public DateTime? InjectionTime { get; init; }
    public IReadOnlyList<AcquisitionTiming> Acquisitions { get; init; } = [];
    public string? Collimator { get; init; }
    public EnergyWindow? EnergyWindow { get; init; }
    /// <summary>Further photopeak windows summed with <see cref="EnergyWindow"/> (the other lines of In-111 or Ga-67), or null;
    /// left out of the signed content when null, so that reports signed before it existed keep their fingerprint.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EnergyWindow>? OtherEnergyWindows { get; init; }
    public int? MatrixColumns { get; init; }
    public int? MatrixRows { get; init; }

    /// <summary>"128 × 128" or null when the matrix is not known.</summary>
    public string? Matrix => MatrixColumns is { } c && MatrixRows is { } r ? $"{c} × {r}" : null;
}
