using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Reconstruction.Geometry;

/// <summary>
/// Step-and-shoot SPECT acquisition geometry on a parallel-hole camera: views, angles, orbit and projection matrix.
/// Views are stored detector by detector (all views of detector 1, then detector 2), as in the DICOM NM angular view vector.
/// </summary>
/// <remarks>
/// Angles are DICOM Start Angles (PS3.3 C.8.4.12, Table C.8-12): "Zero degrees is referenced to the origin at the patient's
/// back. Viewing from the patient's feet, angle increases in a counter-clockwise direction (detector normal rotating from the
/// patient's back towards the patient's left side)": POST 0°, left lateral 90°, ANT 180°, right lateral 270°.
/// In the transaxial plane of patient coordinates (x towards the patient's left, y towards the back: PS3.3 C.7.6.2.1.1; the
/// reconstructed volume's column and row axes) the detector normal, from the axis towards the detector, is
/// n = (sin φ, cos φ), and projection bins increase along t = (−cos φ, sin φ): the detector's row direction as a rigid
/// rotation of the anterior view, whose columns run towards the patient's left (ANT: t = (1, 0); POST: t = (−1, 0)).
/// <see cref="BinAxis"/> gives t; n = (t.Y, −t.X). The second detector starts where <see cref="DetectorStartAnglesDeg"/>
/// says, else half the total arc further on in the direction of rotation (180° for H-mode 360°, 90° for L-mode 180°).
/// See docs/tomo-geometry.md.
/// </remarks>
public sealed record SpectGeometry
{
    /// <summary>Total number of views over all detectors.</summary>
    public required int NumberOfViews { get; init; }
    /// <summary>Projection matrix columns (bins along the detector, transaxial).</summary>
    public required int Bins { get; init; }
    /// <summary>Projection matrix rows (axial); the reconstructed volume has one slice per row.</summary>
    public required int Rows { get; init; }
    /// <summary>Detector pixel size along a row (transaxial), mm; also the reconstructed transaxial voxel size.</summary>
    public required double PixelSpacingMm { get; init; }
    /// <summary>Detector pixel size along a column (axial), mm; also the slice spacing. Defaults to <see cref="PixelSpacingMm"/>.</summary>
    public double? RowSpacingMm { get; init; }
    /// <summary>Start Angle (0054,0200) of the first view of detector 1, degrees (0 = patient's back, 90 = patient's left).</summary>
    public double StartAngleDeg { get; init; }
    /// <summary>Start Angle of each detector's first view, degrees, when the detectors are not spread evenly ahead of detector 1
    /// (e.g. L-mode with detector 2 behind detector 1); one value per detector, the first equal to <see cref="StartAngleDeg"/>.</summary>
    public IReadOnlyList<double>? DetectorStartAnglesDeg { get; init; }
    /// <summary>Total angular coverage of all views together: 360 or 180 degrees.</summary>
    public double ArcDeg { get; init; } = 360;
    /// <summary>Sense of rotation seen from the patient's feet: CC increases the angle from view to view, CW decreases it.</summary>
    public RotationDirection Direction { get; init; } = RotationDirection.ClockwiseSeenFromFeet;
    /// <summary>Number of detectors (1 or 2) sharing the views.</summary>
    public int Detectors { get; init; } = 1;
    /// <summary>Radius of rotation for a circular orbit, mm (collimator face to axis of rotation).</summary>
    public double RadiusMm { get; init; } = 200;
    /// <summary>Per-view collimator-face distances to the axis, mm (body-contour orbit); overrides <see cref="RadiusMm"/>.</summary>
    public IReadOnlyList<double>? RadialPositionsMm { get; init; }
    /// <summary>Centre-of-rotation offset, mm: where the axis projects relative to the centre of the row, positive towards higher bins.</summary>
    public double CenterOfRotationOffsetMm { get; init; }

    /// <summary>Slice spacing, mm.</summary>
    public double SliceSpacingMm => RowSpacingMm ?? PixelSpacingMm;
    /// <summary>Angular step between consecutive views of one detector, degrees.</summary>
    public double StepDeg => ArcDeg / NumberOfViews;
    public int ViewsPerDetector => NumberOfViews / Detectors;
    public bool IsCircular => RadialPositionsMm is null;

    /// <summary>Start Angle (PS3.3 C.8.4.12 convention) of view <paramref name="view"/> in degrees, in [0, 360).</summary>
    public double ViewAngleDeg(int view)
    {
        int detector = view / ViewsPerDetector, step = view % ViewsPerDetector;
        double sign = Direction.AngleSign();
        double start = DetectorStartAnglesDeg is { } starts ? starts[detector] : StartAngleDeg + sign * detector * ArcDeg / Detectors;
        double angle = (start + sign * step * StepDeg) % 360;
        return angle < 0 ? angle + 360 : angle;
    }

    /// <summary>Unit vector t = (−cos φ, sin φ) along which projection bins increase at view <paramref name="view"/>, in patient
    /// x (left) and y (posterior); the detector normal (axis towards detector) is (t.Y, −t.X) = (sin φ, cos φ).</summary>
    public (double X, double Y) BinAxis(int view)
    {
        double a = ViewAngleDeg(view) * Math.PI / 180;
        return (-Math.Cos(a), Math.Sin(a));
    }

    /// <summary>Distance from collimator face to the axis of rotation at view <paramref name="view"/>, mm.</summary>
    public double ViewRadiusMm(int view) => RadialPositionsMm is { } r ? r[view] : RadiusMm;

    /// <summary>Throws <see cref="SpectGeometryException"/> naming the first inconsistent parameter.</summary>
    public SpectGeometry Validate()
    {
        if (NumberOfViews < 1) throw new SpectGeometryException($"NumberOfViews must be positive, got {NumberOfViews}.");
        if (Bins < 2 || Rows < 1) throw new SpectGeometryException($"Projection matrix {Bins}x{Rows} is too small.");
        if (!(PixelSpacingMm > 0) || !(SliceSpacingMm > 0))
            throw new SpectGeometryException($"Pixel spacing must be positive, got {PixelSpacingMm} x {SliceSpacingMm} mm.");
        if (Detectors is < 1 or > 2) throw new SpectGeometryException($"Detectors must be 1 or 2, got {Detectors}.");
        if (NumberOfViews % Detectors != 0)
            throw new SpectGeometryException($"{NumberOfViews} views cannot be shared evenly by {Detectors} detectors.");
        if (!(ArcDeg > 0) || ArcDeg > 360) throw new SpectGeometryException($"ArcDeg must be in (0, 360], got {ArcDeg}.");
        if (Direction == RotationDirection.Unknown) throw new SpectGeometryException("Rotation direction is unknown.");
        if (DetectorStartAnglesDeg is { } starts && (starts.Count != Detectors || Math.Abs(starts[0] - StartAngleDeg) > 1e-6))
            throw new SpectGeometryException($"{starts.Count} detector start angles for {Detectors} detectors, or the first differs from StartAngleDeg {StartAngleDeg}.");
        if (RadialPositionsMm is { } radii)
        {
            if (radii.Count != NumberOfViews)
                throw new SpectGeometryException($"{radii.Count} radial positions given for {NumberOfViews} views.");
            for (int v = 0; v < radii.Count; v++)
                if (!(radii[v] > 0)) throw new SpectGeometryException($"Radial position of view {v} is {radii[v]} mm.");
        }
        else if (!(RadiusMm > 0)) throw new SpectGeometryException($"RadiusMm must be positive, got {RadiusMm}.");
        if (Math.Abs(CenterOfRotationOffsetMm) > Bins * PixelSpacingMm / 4)
            throw new SpectGeometryException($"Centre-of-rotation offset {CenterOfRotationOffsetMm} mm exceeds a quarter of the field of view.");
        return this;
    }

    /// <summary>A circular-orbit geometry from plain acquisition parameters; by default from ANT (180°) clockwise seen from the
    /// feet (towards the patient's left first).</summary>
    public static SpectGeometry Circular(int views, int bins, int rows, double pixelMm, double radiusMm,
        double startAngleDeg = 180, double arcDeg = 360, RotationDirection direction = RotationDirection.ClockwiseSeenFromFeet,
        int detectors = 1, double corOffsetMm = 0) => new SpectGeometry
    {
        NumberOfViews = views, Bins = bins, Rows = rows, PixelSpacingMm = pixelMm, RadiusMm = radiusMm,
        StartAngleDeg = startAngleDeg, ArcDeg = arcDeg, Direction = direction, Detectors = detectors,
        CenterOfRotationOffsetMm = corOffsetMm,
    }.Validate();
}
