using System.Numerics;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>
/// A focus of uptake found in a day's volume: its centre in patient coordinates (LPS, mm), where it lies, the volume of its
/// VOI (voxels above <see cref="LesionDetection.VoiThresholdFraction"/> of the way from background to peak), its
/// lesion-to-background ratio, and with a calibration its concentrations (kBq/ml at the day's reference time) and SUV.
/// </summary>
public sealed record Lesion(string Id, int Day, Vector3 CentreMm, string Region, double VolumeMl, double LesionToBackground)
{
    /// <summary>Peak above the local background in units of the background noise (the detection statistic).</summary>
    public double Significance { get; init; }
    /// <summary>True when the lesion came from the user's ROI (<c>--rois</c>) rather than the detection.</summary>
    public bool Edited { get; init; }
    public double? MaxKBqPerMl { get; init; }
    public double? MeanKBqPerMl { get; init; }
    /// <summary>Mean of the hottest 1 ml sphere, kBq/ml.</summary>
    public double? PeakKBqPerMl { get; init; }
    /// <summary>Activity of the lesion, kBq at the reference time: background-subtracted sum over the VOI grown by
    /// <see cref="LesionDetection.ActivityMarginMm"/> to take back the counts the resolution spilled out of it.</summary>
    public double? ActivityKBq { get; init; }
    public double? SuvMax { get; init; }
    public double? SuvPeak { get; init; }
}

/// <summary>Uptake the detection set aside as physiological, and why, for the report.</summary>
public sealed record PhysiologicalUptake(int Day, Vector3 CentreMm, double VolumeMl, double ExtentMm)
{
    public PhysiologicalReason Reason { get; init; } = PhysiologicalReason.Extended;
}

/// <summary>Why uptake was set aside: not focal (reaching beyond the focal extent), the rim or tip of a hot organ (its VOI never
/// separates from the organ), or one of the thyroid's two lobes.</summary>
public enum PhysiologicalReason { Extended, OrganRim, ThyroidLobe }

/// <summary>A lesion as the user left it in an edited result.json (a <c>sphere</c> ROI named "lesion ID"): id, centre in patient
/// coordinates (LPS, mm), the radius searched for its peak, and the imaging day.</summary>
public sealed record EditedLesion(string Id, int Day, Vector3 CentreMm, double RadiusMm);
