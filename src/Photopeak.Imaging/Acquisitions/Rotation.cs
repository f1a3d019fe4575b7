namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// One item of the Rotation Information Sequence (0054,0052); <see cref="Number"/> is the 1-based value used by the Rotation
/// Vector. Angles in degrees, the frame duration in milliseconds, radial positions in mm (one per view for body-contour orbits).
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
    string? TypeOfDetectorMotion)
{
    /// <summary>
    /// Gantry angle of 0-based view <paramref name="view"/>, in degrees: start + step·view for CW, start - step·view for CC.
    /// Assumes angles grow clockwise as PS3.3 C.8.4.12 describes them [?]: check against a known acquisition before reconstruction relies on it.
    /// </summary>
    public double? AngleOfViewDeg(int view)
    {
        if (StartAngleDeg is not { } start || AngularStepDeg is not { } step) return null;
        var sign = Direction == RotationDirection.CounterClockwise ? -1 : 1;
        return start + sign * step * view;
    }
}
