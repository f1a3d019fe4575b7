using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>One ventricle from a first pass: its representative cycle (ROI counts per cycle frame, summed over
/// <see cref="Beats"/> beats of its phase), the background in the ROI on one cycle frame (from a still ring of
/// <see cref="BackgroundPixels"/> pixels round it), its fixed ED outline, EF and
/// the cycle's ED and ES images for the report.</summary>
public sealed record FirstPassVentricle(
    string Name, double EjectionFractionPercent, double[] CycleCounts, int EndDiastolicFrame, int EndSystolicFrame,
    double BackgroundCounts, int BackgroundPixels, int Beats, double PhaseStartSeconds, double PhaseEndSeconds, RoiDefinition Roi,
    float[] EndDiastolicImage, float[] EndSystolicImage)
{
    public double EndDiastolicCounts => CycleCounts[EndDiastolicFrame];
    public double EndSystolicCounts => CycleCounts[EndSystolicFrame];
    /// <summary>Background-corrected counts at end-diastole: the count-rate QC of the representative cycle.</summary>
    public double EndDiastolicNetCounts => EndDiastolicCounts - BackgroundCounts;
}

/// <summary>The result of the first-pass engine for one acquisition: both ventricles, the heart rate used, the LV and RV ROI
/// counts on every frame, the bolus QC (width at half maximum where it enters, separate peaks: more than one is a fragmented
/// bolus) and the RV-to-LV peak time.</summary>
public sealed record FirstPassFunction(
    FirstPassFrames Frames, FirstPassVentricle Lv, FirstPassVentricle Rv, double HeartRateBpm, string HeartRateSource,
    double[] LvCurve, double[] RvCurve, double BolusFwhmSeconds, int BolusPeaks, double PulmonaryTransitSeconds,
    string RoiSource, IReadOnlyList<string> Warnings)
{
    /// <summary>Regional wall motion of the LV in the five RAO segments; the sector's shortening is its regional EF, %.</summary>
    public IReadOnlyList<WallMotionSector> WallMotion { get; init; } = [];

    /// <summary>The rhythm over the LV phase (and a beat either side), from the LV ROI curve.</summary>
    public BeatRhythm? Rhythm { get; init; }
}
