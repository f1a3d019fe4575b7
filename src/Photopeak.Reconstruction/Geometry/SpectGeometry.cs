namespace Photopeak.Reconstruction.Geometry;

/// <summary>
/// Step-and-shoot SPECT acquisition geometry on a parallel-hole camera: views, angles, orbit and projection matrix.
/// Views are stored detector by detector (all views of detector 1, then detector 2), as in the DICOM NM angular view vector.
/// </summary>
/// <remarks>
/// Angle convention (as DICOM Start Angle): 0° puts the detector anterior to the patient; clockwise (seen from the feet)
/// moves it towards the patient's left. In image indices (x = column towards patient left, y = row towards posterior)
/// the detector normal is n = (sin θ, −cos θ) and projection bins increase along t = (cos θ, sin θ).
/// The second detector starts half the total arc after the first (180° for H-mode 360°, 90° for L-mode 180°).
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
    /// <summary>Angle of the first view of detector 1, degrees.</summary>
    public double StartAngleDeg { get; init; }
    /// <summary>Total angular coverage of all views together: 360 or 180 degrees.</summary>
    public double ArcDeg { get; init; } = 360;
    public RotationDirection Direction { get; init; } = RotationDirection.Clockwise;
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

    /// <summary>Angle of view <paramref name="view"/> in degrees, in [0, 360).</summary>
    public double ViewAngleDeg(int view)
    {
        int detector = view / ViewsPerDetector, step = view % ViewsPerDetector;
        double sign = Direction == RotationDirection.Clockwise ? 1 : -1;
        double angle = StartAngleDeg + sign * (detector * ArcDeg / Detectors + step * StepDeg);
        angle %= 360;
        return angle < 0 ? angle + 360 : angle;
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

    /// <summary>A circular-orbit geometry from plain acquisition parameters.</summary>
    public static SpectGeometry Circular(int views, int bins, int rows, double pixelMm, double radiusMm,
        double startAngleDeg = 0, double arcDeg = 360, RotationDirection direction = RotationDirection.Clockwise,
        int detectors = 1, double corOffsetMm = 0) => new SpectGeometry
    {
        NumberOfViews = views, Bins = bins, Rows = rows, PixelSpacingMm = pixelMm, RadiusMm = radiusMm,
        StartAngleDeg = startAngleDeg, ArcDeg = arcDeg, Direction = direction, Detectors = detectors,
        CenterOfRotationOffsetMm = corOffsetMm,
    }.Validate();
}
