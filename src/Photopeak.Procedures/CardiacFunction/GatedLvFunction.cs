using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>
/// The LV function of one gated cycle: ejection fraction from background-corrected LV counts, end-diastolic and
/// end-systolic frames, the ROIs used (ED and ES LV outlines, background crescent), the LV count curve, first-harmonic
/// phase and amplitude with LV phase statistics, and regional wall motion.
/// </summary>
public sealed record GatedLvFunction(
    GatedCycle Cycle,
    double EjectionFractionPercent,
    int EndDiastolicFrame,
    int EndSystolicFrame,
    double BackgroundCountsPerPixel,
    IReadOnlyList<double> NetCounts,
    IReadOnlyList<double> FittedCounts,
    RoiDefinition EndDiastolicRoi,
    RoiDefinition EndSystolicRoi,
    RoiDefinition BackgroundRoi,
    FirstHarmonic Harmonic,
    PhaseStatistics LvPhase,
    IReadOnlyList<WallMotionSector> WallMotion,
    string RoiSource,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Background-corrected LV counts in the ED and ES ROIs on their frames.</summary>
    public double EndDiastolicNetCounts => FittedCounts[EndDiastolicFrame];
    public double EndSystolicNetCounts => FittedCounts[EndSystolicFrame];
}
