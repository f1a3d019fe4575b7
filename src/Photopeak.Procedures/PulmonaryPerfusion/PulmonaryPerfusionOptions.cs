using Photopeak.Procedures.Pipeline;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// What the physician supplies for a lung perfusion analysis: spirometry and planned resection for predicted postoperative
/// function, whether the quantitative differential was requested (coding 78597/78598), and ROI overrides.
/// </summary>
public sealed record PulmonaryPerfusionOptions : IProcedureOptions
{
    /// <summary>Preoperative FEV1 in litres, or null when no spirometry was supplied.</summary>
    public double? Fev1Litres { get; init; }

    /// <summary>True when the procedure was stated (<c>--procedure lung-perfusion</c>): planar Tc-99m acquisitions naming no tracer count as perfusion.</summary>
    public bool ProcedureStated { get; init; }
    /// <summary>Preoperative FEV1 in % of predicted.</summary>
    public double? Fev1PercentPredicted { get; init; }
    /// <summary>Preoperative DLCO in % of predicted.</summary>
    public double? DlcoPercentPredicted { get; init; }
    /// <summary>Planned resection: lobes (RUL, RML, RLL, LUL, LLL, lingula), whole lungs ("right lung", "left lung") or segment codes (e.g. RLL-PB).</summary>
    public IReadOnlyList<string> Resection { get; init; } = [];
    /// <summary>True when the quantitative differential (split and zones) is requested and reported: 78597/78598 instead of 78580/78582.</summary>
    public bool QuantitativeDifferentialRequested { get; init; } = true;
    /// <summary>A JSON ROI set (see <see cref="LungRoiSet"/>) replacing the automatic lung outlines.</summary>
    public string? RoisFile { get; init; }
    /// <summary>An ROI set replacing the automatic lung outlines (takes precedence over <see cref="RoisFile"/>).</summary>
    public LungRoiSet? Rois { get; init; }
    /// <summary>Clinical indication for the report.</summary>
    public string? Indication { get; init; }
    /// <summary>Number of MAA particles injected, when known (report element).</summary>
    public double? ParticleNumber { get; init; }
    /// <summary>Patient position at injection (normally supine), when documented.</summary>
    public string? InjectionPosition { get; init; }
    /// <summary>Chest radiograph or CT correlation text, when available; required by modified PIOPED II and PISAPED.</summary>
    public string? RadiographCorrelation { get; init; }

    // Plausible adult ranges: FEV1 up to ~8 L, % predicted values 1–200 (beyond, a unit or typing error) [Brunelli2013 uses them as %].
    private const double MaxFev1Litres = 8;
    private const double MaxPercentPredicted = 200;

    /// <summary>Spirometry outside plausible ranges and resections that are unknown, overlap or take both lungs.</summary>
    public IEnumerable<string> Problems()
    {
        if (Fev1Litres is { } l && !(l > 0 && l <= MaxFev1Litres)) yield return $"--fev1-litres {l}: FEV1 lies between 0 and {MaxFev1Litres} L";
        if (Fev1PercentPredicted is { } f && !(f > 0 && f <= MaxPercentPredicted)) yield return $"--fev1-percent-predicted {f}: a % predicted lies between 0 and {MaxPercentPredicted}";
        if (DlcoPercentPredicted is { } d && !(d > 0 && d <= MaxPercentPredicted)) yield return $"--dlco-percent-predicted {d}: a % predicted lies between 0 and {MaxPercentPredicted}";
        foreach (var p in PredictedPostoperativeFunction.ResectionProblems(Resection)) yield return $"--resection {string.Join(" ", Resection)}: {p}";
    }
}
