namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>result.json measurement keys of planar MPI (a contract read by scripts: add, never rename).</summary>
public static class MpiMeasurementKeys
{
    public const string StressDefectExtentPercent = "stress_defect_extent_percent";
    public const string RestDefectExtentPercent = "rest_defect_extent_percent";
    public const string LungHeartRatio = "lung_heart_ratio";
    public const string TidRatio = "tid_ratio";
}
