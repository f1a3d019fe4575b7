namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// One item of the Rotation Information Sequence (0054,0052); <see cref="Number"/> is the 1-based value used by the Rotation
/// Vector. Angles in degrees, the frame duration in milliseconds, radial positions in mm (one per view for body-contour orbits).
/// The angle of each view follows from these values in Photopeak.Reconstruction's TomoProjectionLoader, the one place that
/// fixes the angle convention (checked there against Image Orientation and simulated acquisitions).
/// </summary>
public sealed record Rotation(
    int Number,
    double? StartAngleDeg,
    double? AngularStepDeg,
    RotationDirection Direction,
    double? ScanArcDeg,
    int? FramesInRotation,
    double? ActualFrameDurationMs,
    IReadOnlyList<double> RadialPositionsMm,
    string? TypeOfDetectorMotion);
