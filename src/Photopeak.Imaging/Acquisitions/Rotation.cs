namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// One item of the Rotation Information Sequence (0054,0052); <see cref="Number"/> is the 1-based value used by the Rotation
/// Vector. Angles in degrees, the frame duration in milliseconds, radial positions in mm (one per view for body-contour orbits).
/// Angles are as PS3.3 C.8.4.12 defines Start Angle (0054,0200): 0° at the patient's back, increasing counter-clockwise seen
/// from the patient's feet (left lateral 90°, ANT 180°); <see cref="Direction"/> CC increases it, CW decreases it. The angle of
/// each view follows in Photopeak.Reconstruction's TomoProjectionLoader (checked there against Image Orientation);
/// docs/tomo-geometry.md.
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
