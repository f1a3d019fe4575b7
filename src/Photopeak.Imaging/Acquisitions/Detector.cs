namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// One item of the Detector Information Sequence (0054,0022); <see cref="Number"/> is the 1-based value used by the
/// Detector Vector. Radial positions are per view for body-contour orbits (one value for circular orbits).
/// </summary>
public sealed record Detector(
    int Number,
    string? CollimatorName,
    string? CollimatorType,
    IReadOnlyList<double> ImagePositionPatientMm,
    IReadOnlyList<double> ImageOrientationPatient,
    PlanarView? View,
    IReadOnlyList<double> RadialPositionsMm,
    IReadOnlyList<double> ZoomFactor,
    double? CenterOfRotationOffsetMm,
    double? StartAngleDeg);
