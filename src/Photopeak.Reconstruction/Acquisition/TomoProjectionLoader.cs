using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Geometry;
using ImagingDirection = Photopeak.Imaging.Acquisitions.RotationDirection;

namespace Photopeak.Reconstruction.Acquisition;

/// <summary>
/// Builds <see cref="SpectGeometry"/> and <see cref="ProjectionSet"/>s from an NM TOMO acquisition (PS3.3 C.8.4.12).
/// </summary>
/// <remarks>
/// Angles: DICOM Start Angle and the reconstruction share the origin (detector anterior) and the sense of increasing
/// angle; PS3.3 C.8.4.12.1 defines CC as increasing and CW as decreasing angle, so DICOM "CC" maps to
/// <see cref="Geometry.RotationDirection.Clockwise"/> here (our enum names the sense seen from the feet). The sense is
/// cross-checked with detector 1's Image Orientation (Patient), whose row direction is the bin axis (cos θ, sin θ, 0).
/// </remarks>
public static class TomoProjectionLoader
{
    /// <summary>Reads geometry, photopeak and scatter projections; <see cref="StudyValidationException"/> naming the tag when something is missing or inconsistent.</summary>
    public static TomoProjections Load(NmAcquisition acquisition)
    {
        string? src = acquisition.SourcePath;
        var warnings = new List<string>();
        if (acquisition.ImageType != NmImageType.Tomo)
            throw new StudyValidationException(src, DicomTags.ImageType, $"is {acquisition.ImageType}, not TOMO");
        if (acquisition.Rows is not { } rows || acquisition.Columns is not { } bins)
            throw new StudyValidationException(src, DicomTags.Rows, "Rows/Columns missing");
        if (acquisition.PixelSpacingMm is not { } spacing)
            throw new StudyValidationException(src, DicomTags.PixelSpacing, "missing: needed for the voxel size");
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
        if (rot.Direction == ImagingDirection.Unknown)
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
        if (rot.ScanArcDeg is { } arc && Math.Abs(arc - totalArc) > 0.5 && Math.Abs(arc - totalArc / detectors) > 0.5)
            throw new StudyValidationException(src, DicomTags.ScanArc, $"{arc}° disagrees with {perDetector} views of {absStep}° on {detectors} detector(s)");
        // CC = increasing angle (PS3.3 C.8.4.12.1); a negative step reverses it.
        bool increasing = (rot.Direction == ImagingDirection.CounterClockwise) == (step > 0);
        var direction = increasing ? Geometry.RotationDirection.Clockwise : Geometry.RotationDirection.CounterClockwise;

        double startAngle = start;
        if (detectors == 2 && acquisition.Detectors[1].StartAngleDeg is { } start2 && acquisition.Detectors[0].StartAngleDeg is { } start1)
        {
            double gap = ((increasing ? start2 - start1 : start1 - start2) % 360 + 360) % 360;
            if (Math.Abs(gap - totalArc / 2) > 1)
                throw new StudyValidationException(src, DicomTags.StartAngle,
                    $"detector 2 starts {gap:0.#}° after detector 1; expected {totalArc / 2:0.#}° (heads spread evenly over the arc)");
        }
        CheckOrientation(acquisition, start, warnings);

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
                StartAngleDeg = ((startAngle % 360) + 360) % 360, ArcDeg = totalArc, Direction = direction, Detectors = detectors,
                RadiusMm = radii.Distinct().Count() == 1 ? radii[0] : radii.Max(),
                RadialPositionsMm = radii.Distinct().Count() == 1 ? null : radii,
                CenterOfRotationOffsetMm = cor,
            }.Validate();
        }
        catch (SpectGeometryException ex)
        {
            throw new StudyValidationException(src, DicomTags.RotationInformationSequence, ex.Message, ex);
        }

        var (peak, lower, upper) = EnergyWindowSelector.Select(acquisition.EnergyWindows, src);
        var peakSet = Read(acquisition, geometry, peak.Number, perDetector, detectors, src, flipRows: FlipRows(acquisition));
        ProjectionSet? Scatter(EnergyWindow? w) => w is null ? null : Read(acquisition, geometry, w.Number, perDetector, detectors, src, FlipRows(acquisition));
        return new TomoProjections
        {
            Photopeak = peakSet,
            LowerScatter = Scatter(lower),
            UpperScatter = Scatter(upper),
            PhotopeakWidthKeV = peak.WidthKeV,
            PhotopeakCentreKeV = peak.CentreKeV,
            LowerWidthKeV = lower?.WidthKeV ?? 0,
            UpperWidthKeV = upper?.WidthKeV ?? 0,
            VolumeCentreMm = AxisCentre(acquisition, geometry, warnings),
            CollimatorName = acquisition.Detectors.Count > 0 ? acquisition.Detectors[0].CollimatorName : null,
            ViewDurationMs = rot.ActualFrameDurationMs ?? acquisition.ActualFrameDurationMs ?? 0,
            Warnings = warnings,
        };
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
    private static bool FlipRows(NmAcquisition a)
    {
        if (a.Detectors.Count == 0 || a.Detectors[0].ImageOrientationPatient is not { Count: 6 } o) return false;
        return o[5] > 0.5;
    }

    private static void CheckOrientation(NmAcquisition a, double startDeg, List<string> warnings)
    {
        if (a.Detectors.Count == 0 || a.Detectors[0].ImageOrientationPatient is not { Count: 6 } o) return;
        double fromOrientation = Math.Atan2(o[1], o[0]) * 180 / Math.PI;
        double diff = Math.Abs(((fromOrientation - startDeg) % 360 + 540) % 360 - 180);
        if (diff > 2)
            throw new StudyValidationException(a.SourcePath, DicomTags.ImageOrientationPatient,
                $"detector 1 row direction ({o[0]:0.###}, {o[1]:0.###}, {o[2]:0.###}) implies a start angle of {fromOrientation:0.#}°, but Start Angle is {startDeg:0.#}°");
    }

    /// <summary>Axis of rotation from detector 1's Image Position/Orientation: IPP + a·row + b·col − R·n, n = col × row (towards the axis, negated).</summary>
    private static (double, double, double) AxisCentre(NmAcquisition a, SpectGeometry g, List<string> warnings)
    {
        if (a.Detectors.Count == 0 || a.Detectors[0] is not { ImagePositionPatientMm: { Count: 3 } p, ImageOrientationPatient: { Count: 6 } o })
        {
            warnings.Add("no Image Position/Orientation (Patient) for detector 1: the volume is centred on the origin");
            return (0, 0, 0);
        }
        double[] row = [o[0], o[1], o[2]], col = [o[3], o[4], o[5]];
        double[] n = [col[1] * row[2] - col[2] * row[1], col[2] * row[0] - col[0] * row[2], col[0] * row[1] - col[1] * row[0]];
        double along = ((g.Bins - 1) / 2.0) * g.PixelSpacingMm + g.CenterOfRotationOffsetMm;
        double down = (g.Rows - 1) / 2.0 * g.SliceSpacingMm;
        double r = g.ViewRadiusMm(0);
        double C(int i) => p[i] + along * row[i] + down * col[i] - r * n[i];
        return (C(0), C(1), C(2));
    }

    private static ProjectionSet Read(NmAcquisition a, SpectGeometry g, int window, int perDetector, int detectors, string? src, bool flipRows)
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
            if (flipRows)
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
