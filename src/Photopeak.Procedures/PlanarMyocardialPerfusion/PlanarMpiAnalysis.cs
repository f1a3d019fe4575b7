using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PlanarHeart;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>What the planar MPI analysis found: every image's profile against its normal limits, the defects by view and
/// wall with their state, the lung/heart ratio, TID, the heart's silhouette on each anterior image (by image name), the
/// registration shifts between states and the ROIs the user edited.</summary>
public sealed record PlanarMpiFindings(
    IReadOnlyList<ProfileComparison> Profiles,
    IReadOnlyList<PerfusionDefect> Defects,
    double? LungHeartRatio,
    RoiDefinition? LungRoi,
    double? TidRatio,
    IReadOnlyDictionary<string, double[][]> AnteriorSilhouettes,
    IReadOnlyDictionary<MpiView, double> RegistrationShiftMm,
    IReadOnlyList<RoiDefinition> EditedRois,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Planar MPI quantification (CLINICAL §3): circumferential profiles per image against normal limits, defect extent and
/// severity per wall, reversibility from the paired rest image of the same view (the pair registered by translation of
/// their LV centres), lung/heart ratio on the stress anterior view and planar TID.
/// </summary>
public static class PlanarMpiAnalysis
{
    /// <summary>A wall is abnormal when at least this share of its angles lies below the normal limit [?: our threshold, chosen
    /// on simulated normal and defect studies, seeds 700–707 and 800–823; checked on held-out seeds 900–933].</summary>
    public const double DefectExtentPercent = 25;
    // Reversibility over the angles abnormal at stress: each state's shortfall below its own normal mean (so that the looser
    // rest limits do not pass for recovery); a rest shortfall below half the stress one is reversible, one keeping 70 % of
    // it fixed, between partially reversible [?: our cut-offs; Garcia 1981 compares stress and delayed profiles].
    internal const double ReversibleRatio = 0.5, FixedRatio = 0.7;
    // LHR regions: the myocardium is the heart's silhouette (as the whole-heart ROI of mIBG H/M); the left-lung square
    // (28 mm) sits 100 mm cranial and 50 mm lateral to the LV centre, in the upper left lung [?: our geometry, after the
    // 28 mm ADMIRE-HF-style square used for mIBG].
    private const double LungSquareMm = 28, LungCranialMm = 100, LungLateralMm = 50;

    /// <summary>Analyses the images; <paramref name="edited"/> ROIs (from <c>--rois</c>: <c>lv.centre</c> circles, <c>heart</c>
    /// polygons on ANT images, the <c>lung</c> square on the stress ANT) replace the automatic ones of their image.</summary>
    public static PlanarMpiFindings Analyse(IReadOnlyList<PerfusionImage> images, List<string> warnings, IReadOnlyList<RoiDefinition>? edited = null) =>
        Analyse(images, warnings, MpiEditedRois.Of(images, edited));

    internal static PlanarMpiFindings Analyse(IReadOnlyList<PerfusionImage> images, List<string> warnings, MpiEditedRois edits)
    {
        var comparisons = Profiles(images, edits);
        var defects = new List<PerfusionDefect>();
        var shifts = new Dictionary<MpiView, double>();
        foreach (var view in Enum.GetValues<MpiView>())
        {
            var stress = comparisons.FirstOrDefault(c => c.Image.View == view && c.Image.State == PerfusionState.Stress);
            var rest = comparisons.Where(c => c.Image.View == view && c.Image.State != PerfusionState.Stress)
                .OrderBy(c => c.Image.State == PerfusionState.Reinjection ? 0 : c.Image.State == PerfusionState.Redistribution ? 1 : 2).FirstOrDefault();
            if (stress is not null && rest is not null)
                shifts[view] = Math.Round(Math.Sqrt(Math.Pow(stress.Profile.CentreRow - rest.Profile.CentreRow, 2) + Math.Pow(stress.Profile.CentreColumn - rest.Profile.CentreColumn, 2)) * stress.Profile.PixelMm, 1);
            foreach (var wall in MpiWall.All.Where(w => w.View == view))
            {
                var se = stress?.ExtentPercent(wall) ?? 0; var re = rest?.ExtentPercent(wall) ?? 0;
                if (se < DefectExtentPercent && re < DefectExtentPercent) continue;
                DefectState state;
                if (stress is null || rest is null) state = DefectState.Unpaired;
                else if (se < DefectExtentPercent) state = DefectState.RestOnly;
                else
                {
                    var stressShortfall = stress.ShortfallOver(wall, stress.BelowLimit);
                    var restShortfall = rest.ShortfallOver(wall, stress.BelowLimit);
                    state = restShortfall < ReversibleRatio * stressShortfall ? DefectState.Reversible
                        : restShortfall >= FixedRatio * stressShortfall ? DefectState.Fixed
                        : DefectState.PartiallyReversible;
                }
                var severity = se >= DefectExtentPercent ? stress!.SeverityPercent(wall) : rest!.SeverityPercent(wall);
                defects.Add(new PerfusionDefect(view, wall.Name, state, Math.Round(se, 1), Math.Round(re, 1), Math.Round(severity, 1)));
            }
        }
        foreach (var (view, shift) in shifts)
            if (shift > 15) warnings.Add($"{PerfusionImage.ViewLabel(view)}: the LV centre moved {shift:0} mm between stress and rest (patient motion or a different position); check the pairing");
        var silhouettes = new Dictionary<string, double[][]>();
        foreach (var c in comparisons.Where(c => c.Image.View == MpiView.Anterior))
        {
            if (edits.Heart(c.Image.Name) is { } drawn) silhouettes[c.Image.Name] = drawn;
            else if (Silhouette(c) is { } outline) silhouettes[c.Image.Name] = outline;
            else warnings.Add($"{c.Image.Name}: the heart's border was not found (no heart level above its surroundings); no lung/heart ratio or TID from it");
        }
        var (lhr, lungRoi) = LungHeartRatio(comparisons, silhouettes, edits);
        if (lhr is null && lungRoi is null && comparisons.Any(c => c.Image.View == MpiView.Anterior && c.Image.State == PerfusionState.Stress && silhouettes.ContainsKey(c.Image.Name)))
            warnings.Add("stress ANT: the lung square (100 mm cranial, 50 mm lateral of the LV centre) falls outside the image; no lung/heart ratio (draw a 'lung' ROI and give it back with --rois)");
        return new PlanarMpiFindings(comparisons, defects, lhr, lungRoi, Tid(comparisons, silhouettes, warnings), silhouettes, shifts, [.. edits.All], warnings);
    }

    /// <summary>Every image's profile: the stress image of each view first, then its partners with the LV sought near the
    /// stress image's LV (the pair's registration by translation).</summary>
    public static List<ProfileComparison> Profiles(IReadOnlyList<PerfusionImage> images) => Profiles(images, MpiEditedRois.None);

    private static List<ProfileComparison> Profiles(IReadOnlyList<PerfusionImage> images, MpiEditedRois edits)
    {
        var result = new List<ProfileComparison>();
        foreach (var image in images.OrderBy(i => i.State == PerfusionState.Stress ? 0 : 1))
        {
            var partner = result.FirstOrDefault(c => c.Image.View == image.View && c.Image.PixelMm == image.PixelMm && c.Image.Rows == image.Rows);
            var near = partner is null ? ((double, double)?)null : (partner.Profile.CentreRow, partner.Profile.CentreColumn);
            result.Add(ProfileComparison.Of(image, CircumferentialProfile.Measure(image.Pixels, image.Rows, image.Columns, image.PixelMm, image.Name, near,
                edits.LvCentre(image.Name))));
        }
        return result;
    }

    // The heart's silhouette around the profile's LV centre, its size taken from the profile's epicardial radius.
    private static double[][]? Silhouette(ProfileComparison c) =>
        HeartSilhouette.Trace(c.Image.Pixels, c.Image.Rows, c.Image.Columns, c.Image.PixelMm, c.Profile.CentreRow, c.Profile.CentreColumn,
            c.Profile.MedianOuterRadiusMm / c.Image.PixelMm);

    /// <summary>Lung/heart ratio on the stress anterior view (CLINICAL §3, Hansen 1999): mean counts per pixel in the left-lung
    /// square over the mean inside the heart's silhouette, with the lung square; null without a stress ANT image or its
    /// silhouette, or when the square falls outside the image.</summary>
    private static (double? Ratio, RoiDefinition? Lung) LungHeartRatio(List<ProfileComparison> comparisons, Dictionary<string, double[][]> silhouettes, MpiEditedRois edits)
    {
        var ant = comparisons.FirstOrDefault(c => c.Image.View == MpiView.Anterior && c.Image.State == PerfusionState.Stress);
        if (ant is null || !silhouettes.TryGetValue(ant.Image.Name, out var outline)) return (null, null);
        var (image, p) = (ant.Image, ant.Profile);
        var mm = image.PixelMm;
        var lung = edits.Lung(image.Name) ?? AutomaticLungSquare(image, p);
        if (lung is null) return (null, null);
        double Mean(RoiDefinition roi) => RoiStatistics.Of(image.Pixels, roi.Mask(image.Rows, image.Columns)).MeanCountsPerPixel;
        var heart = Mean(RoiDefinition.Polygon("heart", image.Name, "silhouette", outline, mm));
        return (heart > 0 ? Mean(lung) / heart : null, lung);
    }

    // The 28 mm square 100 mm cranial and 50 mm lateral of the LV centre; null when it falls outside the image.
    private static RoiDefinition? AutomaticLungSquare(PerfusionImage image, CircumferentialProfile p)
    {
        var mm = image.PixelMm;
        var side = Math.Max(2, (int)Math.Round(LungSquareMm / mm));
        var r0 = (int)Math.Round(p.CentreRow - LungCranialMm / mm - (side - 1) / 2.0);
        var c0 = (int)Math.Round(p.CentreColumn + LungLateralMm / mm - (side - 1) / 2.0);
        if (r0 < 0 || c0 < 0 || r0 + side > image.Rows || c0 + side > image.Columns) return null;
        return RoiDefinition.Rectangle("lung", image.Name, LungRoiMethod, r0, r0 + side - 1, c0, c0 + side - 1, mm);
    }

    /// <summary>How the lung square of the lung/heart ratio is placed.</summary>
    public const string LungRoiMethod = "automatic: 28 mm square 100 mm cranial and 50 mm lateral (patient's left) of the LV centre, in the upper left lung";

    /// <summary>Transient ischaemic dilation (Weiss 1987): LV size on the stress ANT over that on the rest (or redistribution)
    /// ANT, the size being the area inside the heart's silhouette (the epicardial border).</summary>
    private static double? Tid(List<ProfileComparison> comparisons, Dictionary<string, double[][]> silhouettes, List<string> warnings)
    {
        var stress = comparisons.FirstOrDefault(c => c.Image.View == MpiView.Anterior && c.Image.State == PerfusionState.Stress);
        var rest = comparisons.FirstOrDefault(c => c.Image.View == MpiView.Anterior && c.Image.State != PerfusionState.Stress);
        if (stress is null || rest is null) return null;
        if (!silhouettes.TryGetValue(stress.Image.Name, out var s) || !silhouettes.TryGetValue(rest.Image.Name, out var r)) return null;
        if (Math.Abs(stress.Image.PixelMm - rest.Image.PixelMm) > 0.01)
            warnings.Add("stress and rest ANT differ in pixel size; TID compares areas in mm²");
        return HeartSilhouette.AreaMm2(s, stress.Image.PixelMm) / HeartSilhouette.AreaMm2(r, rest.Image.PixelMm);
    }
}
