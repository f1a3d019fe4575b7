namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// One R-R interval of a GATED acquisition: an item of the Gated Information Sequence (0054,0062) and its Data Information
/// Sequence (0054,0063). Times in milliseconds; <see cref="NumberOfTimeSlots"/> is the acquisition's (0054,0071).
/// </summary>
public sealed record GatedInterval(
    int Number,
    double? FrameTimeMs,
    double? NominalIntervalMs,
    double? LowRRValueMs,
    double? HighRRValueMs,
    int? IntervalsAcquired,
    int? IntervalsRejected,
    int? NumberOfTimeSlots);
