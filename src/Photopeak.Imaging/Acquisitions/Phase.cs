namespace Photopeak.Imaging.Acquisitions;

/// <summary>One item of the Phase Information Sequence (0054,0032) of a DYNAMIC acquisition; times in milliseconds.</summary>
public sealed record Phase(int Number, double? ActualFrameDurationMs, int? NumberOfFrames, double? PhaseDelayMs, double? PauseBetweenFramesMs, string? Description);
