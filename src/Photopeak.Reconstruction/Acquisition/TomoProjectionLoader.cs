using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Acquisition;

/// <summary>
/// Builds <see cref="SpectGeometry"/> and <see cref="ProjectionSet"/>s from an NM TOMO acquisition (PS3.3 C.8.4.12).
/// </summary>
/// <remarks>
/// Angles are read as PS3.3 C.8.4.12 (Table C.8-12) defines them and kept so in <see cref="SpectGeometry"/>: Start Angle
/// (0054,0200) is 0° at the patient's back and increases counter-clockwise seen from the feet (towards the patient's left:
/// left lateral 90°, ANT 180°); Rotation Direction CC increases and CW decreases it; Angular Step is positive (a negative step
/// is taken as reversing the sense). Each detector starts at its own Start Angle in the Detector Information Sequence when
/// given, else detector 2 starts half the total arc further on. Where a detector carries Image Orientation (Patient), its row
/// direction must be the bin axis t = (−cos φ, sin φ, 0) at its start angle φ (columns towards the patient's left in the
/// anterior view), or exactly its reverse, whose columns are then mirrored; anything else is refused as inconsistent.
/// See docs/tomo-geometry.md.
/// </remarks>
public static class TomoProjectionLoader
{
    /// <summary>Projection matrices larger than this (columns or rows) are not reconstructed: the volume would take tens of GB.</summary>
    public const int MaxMatrix = 1024;

    /// <summary>Reads geometry, photopeak and scatter projections; <see cref="StudyValidationException"/> naming the tag when something is missing or inconsistent.</summary>
    public static TomoProjections Load(NmAcquisition acquisition)
    {
        string? src = acquisition.SourcePath;
        var warnings = new List<string>();
        if (acquisition.ImageType != NmImageType.Tomo)
            throw new StudyValidationException(src, DicomTags.ImageType, $"is {acquisition.ImageType}, not TOMO");
        if (acquisition.Rows is not { } rows)
            throw new StudyValidationException(src, DicomTags.Rows, acquisition.MissingOrInvalid(DicomTags.Rows));
        if (acquisition.Columns is not { } bins)
            throw new StudyValidationException(src, DicomTags.Columns, acquisition.MissingOrInvalid(DicomTags.Columns));
        if (rows is < 1 or > MaxMatrix || bins is < 1 or > MaxMatrix)
            throw new StudyValidationException(src, DicomTags.Rows, $"a {bins} x {rows} projection matrix (columns x rows) is invalid for reconstruction: 1 to {MaxMatrix} each");
        if (acquisition.PixelSpacingMm is not { } spacing)
            throw new StudyValidationException(src, DicomTags.PixelSpacing, acquisition.MissingOrInvalid(DicomTags.PixelSpacing) + ": needed for the voxel size");
        if (Math.Abs(spacing.RowMm - spacing.ColumnMm) > 0.01 * spacing.ColumnMm)
            warnings.Add($"non-square pixels {spacing}: slice spacing taken from the row spacing");
        if (acquisition.Rotations.Count == 0)
            throw new StudyValidationException(src, DicomTags.RotationInformationSequence, "missing or empty");
        if (acquisition.Rotations.Count > 1)
            throw new StudyValidationException(src, DicomTags.RotationInformationSequence, $"{acquisition.Rotations.Count} rotations: only single-rotation TOMO is supported");
        var rot = acquisition.Rotations[0];
        if (rot.StartAngleDeg is not { } start)
            throw new StudyValidationException(src, DicomTags.StartAngle, "missing in the Rotation Information Sequence");
        if (rot.AngularStepDeg is not { } step || step == 0)
            throw new StudyValidationException(src, DicomTags.AngularStep, "missing or zero in the Rotation Information Sequence");
        if (rot.Direction == RotationDirection.Unknown)
            throw new StudyValidationException(src, DicomTags.RotationDirection, "missing or not CW/CC");

        var frames = acquisition.Frames;
        int detectors = Math.Max(1, acquisition.Detectors.Count);
        int perDetector = rot.FramesInRotation ?? 0;
        foreach (var f in frames) perDetector = Math.Max(perDetector, f.AngularView ?? 0);
        if (perDetector < 1)
            throw new StudyValidationException(src, DicomTags.NumberOfFramesInRotation, "no views: neither Number of Frames in Rotation nor the Angular View Vector give a count");
        if (detectors > 2)
            throw new StudyValidationException(src, DicomTags.NumberOfDetectors, $"{detectors} detectors: 1 or 2 supported");

        // Angles: a step of |step| per view; the total arc covered by all heads is views × step.
        double absStep = Math.Abs(step);
        int views = perDetector * detectors;
        double totalArc = absStep * views;
        if (Math.Abs(totalArc - 360) > 0.5 && Math.Abs(totalArc - 180) > 0.5)
            throw new StudyValidationException(src, DicomTags.AngularStep,
                $"{absStep}° × {perDetector} views × {detectors} detector(s) covers {totalArc:0.##}°, neither 180° nor 360°");
        // Scan Arc is the arc of one detector on some cameras and of the whole acquisition on others: either is accepted.
        if (rot.ScanArcDeg is { } arc && Math.Abs(arc - totalArc) > 0.5 && Math.Abs(arc - totalArc / detectors) > 0.5)
            throw new StudyValidationException(src, DicomTags.ScanArc, $"{arc}° disagrees with {perDetector} views of {absStep}° on {detectors} detector(s)");
        // PS3.3 C.8.4.12: CC = increasing angle, CW = decreasing; Angular Step shall be positive, a negative one reverses the sense.
        bool increasing = (rot.Direction == RotationDirection.CounterClockwiseSeenFromFeet) == (step > 0);
        var direction = increasing ? RotationDirection.CounterClockwiseSeenFromFeet : RotationDirection.ClockwiseSeenFromFeet;
        double sign = increasing ? 1 : -1;

        var starts = DetectorStarts(acquisition, Normalise(start), sign, totalArc, detectors, warnings);
        var mirrored = new bool[detectors];
        for (int d = 0; d < detectors && d < acquisition.Detectors.Count; d++)
            mirrored[d] = CheckOrientation(acquisition, d, starts[d], warnings);

        var radii = RadialPositions(acquisition, rot, perDetector, detectors, src);
        double cor = acquisition.Detectors.Count > 0 ? acquisition.Detectors[0].CenterOfRotationOffsetMm ?? 0 : 0;
        if (acquisition.Detectors.Count == 2 && acquisition.Detectors[1].CenterOfRotationOffsetMm is { } cor2 && Math.Abs(cor2 - cor) > 0.5 * spacing.ColumnMm)
            warnings.Add($"detectors' centre-of-rotation offsets differ ({cor} and {cor2} mm); their mean is used");
        if (acquisition.Detectors.Count == 2 && acquisition.Detectors[1].CenterOfRotationOffsetMm is { } c2) cor = (cor + c2) / 2;

        SpectGeometry geometry;
        try
        {
            geometry = new SpectGeometry
            {
                NumberOfViews = views, Bins = bins, Rows = rows, PixelSpacingMm = spacing.ColumnMm, RowSpacingMm = spacing.RowMm,
                StartAngleDeg = starts[0], ArcDeg = totalArc, Direction = direction, Detectors = detectors,
                DetectorStartAnglesDeg = detectors > 1 ? starts : null,
                RadiusMm = radii.Distinct().Count() == 1 ? radii[0] : radii.Max(),
                RadialPositionsMm = radii.Distinct().Count() == 1 ? null : radii,
                CenterOfRotationOffsetMm = cor,
            }.Validate();
        }
        catch (SpectGeometryException ex)
        {
            throw new StudyValidationException(src, DicomTags.RotationInformationSequence, ex.Message, ex);
        }

        var flipRows = new bool[detectors];
        for (int d = 0; d < detectors; d++) flipRows[d] = FlipRows(acquisition, d);
        // A multi-line nuclide (In-111, Ga-67) acquired in a window per line is reconstructed from the sum of those windows,
        // each with its own scatter estimate, as clinical systems do; otherwise the one photopeak window.
        var selected = EnergyWindowSelector.For(acquisition, src);
        ProjectionSet? Scatter(EnergyWindow? w) => w is null ? null : Read(acquisition, geometry, w.Number, perDetector, detectors, src, flipRows, mirrored);
        var peaks = selected.Select(c => new PhotopeakWindow(c.Peak.Number, c.Peak.CentreKeV, c.Peak.WidthKeV,
            Read(acquisition, geometry, c.Peak.Number, perDetector, detectors, src, flipRows, mirrored))
        {
            LowerScatter = Scatter(c.Lower), UpperScatter = Scatter(c.Upper), LowerWidthKeV = c.Lower?.WidthKeV ?? 0, UpperWidthKeV = c.Upper?.WidthKeV ?? 0,
        }).ToArray();
        foreach (var p in peaks.Where(p => peaks.Length > 1 && p.LowerScatter is null && p.UpperScatter is null))
            warnings.Add(FormattableString.Invariant($"the {p.CentreKeV:0} keV photopeak window (window {p.Number}) has no scatter window beside it: its scatter is not estimated"));
        return new TomoProjections
        {
            Photopeak = peaks.Length == 1 ? peaks[0].Counts : Sum(peaks),
            Peaks = peaks,
            PhotopeakCentreKeV = peaks.Length == 1 ? peaks[0].CentreKeV : EffectiveEnergyKeV(peaks),
            VolumeCentreMm = AxisCentre(acquisition, geometry, warnings),
            CollimatorName = acquisition.Detectors.Count > 0 ? acquisition.Detectors[0].CollimatorName : null,
            ViewDurationMs = rot.ActualFrameDurationMs ?? acquisition.ActualFrameDurationMs ?? 0,
            Warnings = warnings,
        };
    }

    private static ProjectionSet Sum(IReadOnlyList<PhotopeakWindow> peaks)
    {
        var sum = new ProjectionSet(peaks[0].Counts.Geometry);
        foreach (var p in peaks)
        {
            var c = p.Counts.Counts;
            for (int i = 0; i < c.Length; i++) sum.Counts[i] += c[i];
        }
        return sum;
    }

    // The energy whose narrow-beam water μ is the count-weighted mean of the lines' μ: attenuation along a path is then right
    // on average over the lines to first order in the spread of μ (In-111: 0.7 % at 15 cm of water; Ga-67 up to ~5 %).
    private static double EffectiveEnergyKeV(IReadOnlyList<PhotopeakWindow> peaks)
    {
        double weight = 0, mu = 0;
        foreach (var p in peaks)
        {
            double counts = 0;
            foreach (var c in p.Counts.Counts) counts += c;
            weight += counts;
            mu += counts * CtAttenuationMap.MuPerMm(p.CentreKeV).Water;
        }
        if (!(weight > 0)) return peaks[0].CentreKeV;
        mu /= weight;
        // μ(E) falls monotonically over 60–500 keV: bisect between the lowest and highest line.
        double lo = peaks.Min(p => p.CentreKeV), hi = peaks.Max(p => p.CentreKeV);
        for (int i = 0; i < 50; i++)
        {
            var mid = (lo + hi) / 2;
            if (CtAttenuationMap.MuPerMm(mid).Water > mu) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private static double Normalise(double deg) => ((deg % 360) + 360) % 360;

    /// <summary>Signed difference b − a folded into (−180, 180], degrees.</summary>
    private static double Difference(double a, double b) => ((b - a) % 360 + 540) % 360 - 180;

    /// <summary>
    /// Start Angle of each detector's first view. Detector 1: the Rotation Information item's Start Angle (a different value in
    /// its Detector Information item is reported and the rotation's kept). Detector 2: its own Start Angle when given, which must
    /// lie half the total arc away (180° apart for H-mode 360°; 90° ahead of or behind detector 1 for L-mode 180°), else half
    /// the total arc further on in the direction of rotation.
    /// </summary>
    private static double[] DetectorStarts(NmAcquisition a, double start, double sign, double totalArc, int detectors, List<string> warnings)
    {
        var starts = new double[detectors];
        starts[0] = start;
        if (a.Detectors.Count > 0 && a.Detectors[0].StartAngleDeg is { } own1 && Math.Abs(Difference(own1, start)) > 0.5)
            warnings.Add($"detector 1 Start Angle {own1:0.#}° differs from the rotation's {start:0.#}°; the rotation's is used");
        if (detectors < 2) return starts;
        double half = totalArc / 2;
        starts[1] = Normalise(start + sign * half);
        if (a.Detectors.Count > 1 && a.Detectors[1].StartAngleDeg is { } own2)
        {
            double gap = Math.Abs(Difference(start, own2));
            if (Math.Abs(gap - half) > 1)
                throw new StudyValidationException(a.SourcePath, DicomTags.StartAngle,
                    $"detector 2 starts at {own2:0.#}°, {gap:0.#}° from detector 1 at {start:0.#}°; expected {half:0.#}° (heads spread evenly over the {totalArc:0}° arc)");
            starts[1] = Normalise(own2);
        }
        return starts;
    }

    private static double[] RadialPositions(NmAcquisition a, Rotation rot, int perDetector, int detectors, string? src)
    {
        int views = perDetector * detectors;
        var fromRotation = rot.RadialPositionsMm;
        if (fromRotation.Count == views) return [.. fromRotation];
        var radii = new double[views];
        for (int d = 0; d < detectors; d++)
        {
            var own = d < a.Detectors.Count ? a.Detectors[d].RadialPositionsMm : [];
            IReadOnlyList<double> source = own.Count == perDetector ? own
                : fromRotation.Count == perDetector ? fromRotation
                : fromRotation.Count == 1 ? fromRotation
                : own.Count == 1 ? own
                : throw new StudyValidationException(src, DicomTags.RadialPosition,
                    $"{fromRotation.Count} values in the rotation and {own.Count} for detector {d + 1}; need 1, {perDetector} or {views}");
            for (int k = 0; k < perDetector; k++) radii[d * perDetector + k] = source.Count == 1 ? source[0] : source[k];
        }
        foreach (var r in radii)
            if (!(r > 0)) throw new StudyValidationException(src, DicomTags.RadialPosition, $"{r} mm is not a positive distance");
        return radii;
    }

    /// <summary>Projection rows must run along the patient axis; rows running foot to head are flipped so that row 0 is superior.</summary>
    private static bool FlipRows(NmAcquisition a, int detector)
    {
        if (detector >= a.Detectors.Count || a.Detectors[detector].ImageOrientationPatient is not { Count: 6 } o) return false;
        return o[5] > 0.5;
    }

    /// <summary>
    /// Checks detector <paramref name="d"/>'s Image Orientation (Patient) against its start angle φ: the row direction must be
    /// t = (−cos φ, sin φ, 0) within 2°. Returns true when it is exactly reversed (columns to be mirrored); throws when it is
    /// neither. Without an orientation nothing can be checked and false is returned.
    /// </summary>
    private static bool CheckOrientation(NmAcquisition a, int d, double startDeg, List<string> warnings)
    {
        if (a.Detectors[d].ImageOrientationPatient is not { Count: 6 } o) return false;
        double a0 = startDeg * Math.PI / 180;
        double tx = -Math.Cos(a0), ty = Math.Sin(a0);
        double norm = Math.Sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
        double cosine = norm > 0 ? (o[0] * tx + o[1] * ty) / norm : 0;
        double limit = Math.Cos(2 * Math.PI / 180);
        if (cosine >= limit) return false;
        if (cosine <= -limit)
        {
            warnings.Add($"detector {d + 1} rows run against the rotation (row direction ({o[0]:0.###}, {o[1]:0.###}, {o[2]:0.###}) at Start Angle {startDeg:0.#}°): its columns are mirrored");
            return true;
        }
        // The start angle whose bin axis is this row direction: t = (−cos φ, sin φ) ⇒ φ = atan2(t.y, −t.x).
        double implied = Normalise(Math.Atan2(o[1], -o[0]) * 180 / Math.PI);
        throw new StudyValidationException(a.SourcePath, DicomTags.ImageOrientationPatient,
            $"detector {d + 1} row direction ({o[0]:0.###}, {o[1]:0.###}, {o[2]:0.###}) implies a start angle of {implied:0.#}° (PS3.3 C.8.4.12: 0° at the patient's back, 90° at the left), but Start Angle is {startDeg:0.#}°");
    }

    /// <summary>
    /// Axis of rotation from detector 1's Image Position/Orientation (Patient): the image position plus half the row's length
    /// along the row direction, the centre-of-rotation offset along the bin axis t, half the column's length along the column,
    /// and the radius against the detector normal n = (sin φ, cos φ, 0) at the first view.
    /// </summary>
    private static (double, double, double) AxisCentre(NmAcquisition a, SpectGeometry g, List<string> warnings)
    {
        if (a.Detectors.Count == 0 || a.Detectors[0] is not { ImagePositionPatientMm: { Count: 3 } p, ImageOrientationPatient: { Count: 6 } o })
        {
            warnings.Add("no Image Position/Orientation (Patient) for detector 1: the volume is centred on the origin");
            return (0, 0, 0);
        }
        double[] row = [o[0], o[1], o[2]], col = [o[3], o[4], o[5]];
        var (tx, ty) = g.BinAxis(0);
        double[] t = [tx, ty, 0], n = [ty, -tx, 0];
        double along = (g.Bins - 1) / 2.0 * g.PixelSpacingMm;
        double down = (g.Rows - 1) / 2.0 * g.SliceSpacingMm;
        double r = g.ViewRadiusMm(0);
        double C(int i) => p[i] + along * row[i] + g.CenterOfRotationOffsetMm * t[i] + down * col[i] - r * n[i];
        return (C(0), C(1), C(2));
    }

    private static ProjectionSet Read(NmAcquisition a, SpectGeometry g, int window, int perDetector, int detectors, string? src, bool[] flipRows, bool[] mirrorColumns)
    {
        var set = new ProjectionSet(g);
        var filled = new bool[g.NumberOfViews];
        int rows = g.Rows, bins = g.Bins;
        foreach (var f in a.Frames)
        {
            if ((f.EnergyWindow ?? 1) != window) continue;
            int det = (f.Detector ?? 1) - 1, view = (f.AngularView ?? 0) - 1;
            if (det < 0 || det >= detectors)
                throw new StudyValidationException(src, DicomTags.DetectorVector, $"frame {f.Frame + 1} names detector {det + 1} of {detectors}");
            if (view < 0 || view >= perDetector)
                throw new StudyValidationException(src, DicomTags.AngularViewVector, $"frame {f.Frame + 1} names view {view + 1} of {perDetector}");
            int v = det * perDetector + view;
            if (filled[v]) throw new StudyValidationException(src, DicomTags.AngularViewVector, $"view {view + 1} of detector {det + 1} appears twice in energy window {window}");
            filled[v] = true;
            var dest = set.Counts.AsSpan(v * rows * bins, rows * bins);
            a.GetFrame(f.Frame, dest);
            if (mirrorColumns[det])
                for (int r = 0; r < rows; r++) dest.Slice(r * bins, bins).Reverse();
            if (flipRows[det])
                for (int r = 0; r < rows / 2; r++)
                {
                    var top = dest.Slice(r * bins, bins);
                    var bottom = dest.Slice((rows - 1 - r) * bins, bins);
                    var tmp = top.ToArray();
                    bottom.CopyTo(top);
                    tmp.CopyTo(bottom);
                }
        }
        int missing = Array.IndexOf(filled, false);
        if (missing >= 0)
            throw new StudyValidationException(src, DicomTags.AngularViewVector,
                $"view {missing % perDetector + 1} of detector {missing / perDetector + 1} missing in energy window {window}");
        return set;
    }
}
