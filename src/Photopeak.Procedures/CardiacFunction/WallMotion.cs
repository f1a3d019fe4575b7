namespace Photopeak.Procedures.CardiacFunction;

/// <summary>Regional wall motion categories of a ventriculogram (CLINICAL §3).</summary>
public enum WallMotion { Normal, Hypokinetic, Akinetic, Dyskinetic }

/// <summary>One wall sector of the LV outline: its radial shortening from end-diastole to end-systole and its category.</summary>
public sealed record WallMotionSector(string Name, double ShorteningPercent, WallMotion Motion);

/// <summary>Phase statistics of a region's first-harmonic phase image (degrees): circular mean, SD about it and the
/// bandwidth holding the central 95 % of its pixels.</summary>
public sealed record PhaseStatistics(double MeanDegrees, double SdDegrees, double BandwidthDegrees, int Pixels);
