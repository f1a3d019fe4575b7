using Photopeak.Imaging.Pixels;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>
/// The gated LV function engine shared by every cardiac procedure (blood pool, gated planar perfusion): finds the LV in an
/// LAO view, draws its outline on every frame, places the background crescent and computes the ejection fraction by the
/// counts method of CLINICAL §3 [Corbett2006]: LVEF = (ED_net − ES_net) / ED_net × 100, net = LV counts − background
/// counts per pixel × LV pixels, with variable (per-frame) LV ROIs, which inflate EF less than a fixed ROI [Grove1986].
/// </summary>
public static class GatedVentricularAnalysis
{
    private const int Rays = 48;
    private const double RayStepPx = 0.25;
    private const double MaxRadiusMm = 60, MinEdgeMm = 4, OuterSearchMm = 15;
    // The edge sits where counts fall to 20 % of the way from the outside minimum to the inside maximum along each ray, found
    // beyond the steepest descent: a local threshold that follows a background that is not flat round the LV. At 15 % (the
    // engine's first threshold) the outline took in more of the blurred rim and of what overlaps it, and the EF read low
    // against the simulated hearts' volumes (base motion read as in KeepFirstHarmonic; mean, rms, within 3 points):
    // development hearts with a still base −1.9, 2.29, 16 of 20; held-out −1.3, 1.85, 13 of 15; seeds 401–420 −1.6, 2.40,
    // 16 of 20. At 20 %: −0.95, 1.58, 19; −1.1, 1.55, 15; −0.5, 1.62, 19; and on twenty hearts first drawn after the choice
    // (seeds 501–520) −0.7, 1.66, 18. At 25 % a lateral hypokinetic wall was called dyskinetic.
    private const double EdgeFraction = 0.20;
    // The LV's interior level on each frame, against which a base ray's equivalent radius is measured (see KeepFirstHarmonic),
    // is its level on the mean frame scaled by the counts within 15 mm of the LV centre: many pixels, where one ray's maximum
    // on one frame carried that frame's counting noise into every base ray at once.
    private const double InteriorDiscMm = 15;
    // The height of the step a base ray's edge falls down is read 7.5 mm inside the edge (see KeepFirstHarmonic).
    private const double StepBackMm = 7.5;
    private const double PeakSeparationMm = 25;
    private const int SeptalSearchPx = 3;
    // The engine's constants were chosen on 64² frames of 5 mm pixels, the matrix the guidelines ask for [Corbett2006]; finer
    // matrices are smoothed, and pixel-sized margins widened, to the same millimetres. At 128² of 2.5 mm one 1-2-1 pass left the
    // pixel noise twice as high against the amplitude test, and a heart with a true EF of 28 % read 58 %.
    private static readonly ReferencePixel Reference = new(5);
    // Rays within 60° of cranial (cos 60° = 0.5) face the atria.
    private const double AtrialRayCosine = 0.5;

    /// <summary>Analyses <paramref name="cycle"/>; with <paramref name="edited"/> ROIs named lv.ed, lv.es and background
    /// (from <c>--rois</c>) those are used on the ED and ES frames instead of the automatic outlines.</summary>
    public static GatedLvFunction Analyse(GatedCycle cycle, IReadOnlyList<RoiDefinition>? edited = null)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var warnings = new List<string>(cycle.Warnings);
        var factor = Reference.UpsamplingFactor(cycle.PixelMm);
        if (factor > 1)
        {
            cycle = cycle.Interpolated(factor);
            warnings.Add(Reference.InterpolationWarning(cycle.Source, cycle.AcquiredPixelMm, cycle.PixelMm, "the LV outline was", "Check the outlines"));
        }
        int n = cycle.Count, rows = cycle.Rows, cols = cycle.Columns;
        var mm = cycle.PixelMm;
        var passes = Reference.SmoothingPasses(mm);
        var smoothed = cycle.Frames.Select(f => BinomialSmoothing.Apply(f, rows, cols, passes)).ToArray();
        var harmonic = FirstHarmonic.Of(smoothed);
        var mean = new float[rows * cols];
        foreach (var f in smoothed) for (var p = 0; p < mean.Length; p++) mean[p] += f[p] / n;
        // Smoothed once more: the ventricles' peaks and the septal minimum are sought on the mean image, not on one frame.
        var meanSmoothed = BinomialSmoothing.Apply(mean, rows, cols, passes);
        var (lv, rv, atrial, ventricularPhase) = LocateVentricles(cycle, mean, meanSmoothed, passes, harmonic, warnings);
        var lateral = rv is { } r ? Normalised(lv.Row - r.Row, lv.Col - r.Col) : (0.0, cycle.PatientLeftColumnSign);
        double caudal = cycle.CaudalRowSign;
        var limits = SeptalLimits(meanSmoothed, rows, cols, lv, rv, lateral, mm);

        var interiorScale = InteriorScale(smoothed, rows, cols, lv, mm);
        var meanProfiles = Enumerable.Range(0, Rays).Select(i => Profile(mean, rows, cols, lv, i, mm)).ToArray();
        var radii = new double[n][];
        var equivalentRadii = new double[n][];
        var stepHeights = new double[n][];
        for (var f = 0; f < n; f++)
        {
            var edges = Edges(smoothed[f], rows, cols, lv, limits, atrial, caudal, mm, meanProfiles, interiorScale[f]);
            radii[f] = AngularMedian(edges.Radii);
            equivalentRadii[f] = AngularMedian(edges.EquivalentRadii);
            stepHeights[f] = edges.StepHeights;
        }
        KeepFirstHarmonic(radii, equivalentRadii, stepHeights, lateral, caudal, ventricularPhase);
        var masks = radii.Select(rr => Outline("lv", "", lv, rr, mm).Mask(rows, cols)).ToArray();

        var gross = new double[n]; var pixels = new int[n];
        for (var f = 0; f < n; f++) (gross[f], pixels[f]) = Sum(cycle.Frames[f], masks[f]);
        double background = 0;
        double[] net = gross, fitted = gross;
        int ed = 0, es = 0;
        bool[] crescent = [];
        RoiDefinition? crescentRoi = null;
        for (var iteration = 0; iteration < 2; iteration++)
        {
            net = gross.Select((g, f) => g - background * pixels[f]).ToArray();
            fitted = LowHarmonics(net, Math.Min(3, (n - 1) / 2));
            ed = ArgMax(fitted); es = ArgMin(fitted);
            crescentRoi = Crescent(lv, radii[es], lateral, caudal, mm);
            crescent = crescentRoi.Mask(rows, cols);
            background = Sum(cycle.Frames[es], crescent) is var (sum, count) && count > 0 ? sum / count : 0;
        }
        net = gross.Select((g, f) => g - background * pixels[f]).ToArray();
        fitted = LowHarmonics(net, Math.Min(3, (n - 1) / 2));
        ed = ArgMax(fitted); es = ArgMin(fitted);

        var edRoi = Outline("lv.ed", "", lv, radii[ed], mm);
        var esRoi = Outline("lv.es", "", lv, radii[es], mm);
        var bgRoi = crescentRoi!;
        var source = "automatic";
        if (edited is { Count: > 0 })
        {
            (edRoi, esRoi, bgRoi, ed, es, background, net, fitted) = FromEditedRois(cycle, edited, ed, es);
            source = "edited";
        }
        else
        {
            edRoi = edRoi with { Image = FrameName(ed) }; esRoi = esRoi with { Image = FrameName(es) }; bgRoi = bgRoi with { Image = FrameName(es) };
        }
        var ef = 100 * (fitted[ed] - fitted[es]) / fitted[ed];
        if (!(fitted[ed] > 0) || !double.IsFinite(ef))
            throw new ProcedureInputException($"{cycle.Source}: the LV holds no counts above background on the end-diastolic frame; no ejection fraction");
        var lvPhase = harmonic.Statistics(edRoi.Mask(rows, cols));
        // The wall motion's radii are measured from the LV centre moved along the long axis to each outline's centroid
        // (LongAxisReference), the axis taken as the direction the base faces in the outline's sectors: cranial (the perfusion
        // outline's valve line gave an axis within 8° of it on the simulated hearts). From the fixed centre, hearts whose base
        // descends towards a still apex (the development hearts 101–119, odd seeds) read the inferoapical wall abnormal on every
        // one (1–8 % radial shortening), the four with a true LVEF of 55–75 % hypokinetic (5–8 %); from the floating centre those
        // four read 17–25 %, normal. On the simulator's still-base hearts, whose apex carries all the long-axis shortening (no
        // real heart's motion), the floating centre halves the apex's motion: see GatedBloodPoolWallMotionTests.
        // Edited outlines are the reader's borders: the wall motion follows them (EditedBorders), as the EF does. Before, it kept
        // the automatic outlines whatever the reader drew.
        var borders = source == "edited"
            ? EditedBorders(edRoi, esRoi, lv)
            : (LongAxisReference.Border(radii[ed], lv), radii[ed], LongAxisReference.Border(radii[es], lv), radii[es], lv);
        List<WallMotionSector> wall = [];
        if (borders is var (edBorder, edRadii, esBorder, esRadii, centre))
        {
            var (edWall, esWall) = LongAxisReference.FloatingRadii(edBorder, edRadii, esBorder, esRadii, centre, (-caudal, 0));
            wall = WallMotionSectors.OfLaoOutline(edWall, esWall, lateral, caudal, WallMotionSectors.BloodPoolNormalFromPercent);
        }
        else
            warnings.Add($"{cycle.Source}: edited ROIs: lv.ed ({FrameName(ed)}) and lv.es ({FrameName(es)}) share no centre inside both (their own centre or the LV centre the automatic outlines were traced round); the wall motion is not assessed");
        return new GatedLvFunction(cycle, ef, ed, es, background, net, fitted, edRoi, esRoi, bgRoi with { Name = "background" },
            harmonic, lvPhase, wall, source, warnings);
    }

    // The edited outlines as polygons with their radii along evenly spaced rays from one centre inside both: the LV centre the
    // automatic outlines were traced round (outlines given back unchanged then give the automatic wall motion), else the
    // centre of the edited ED outline (a reader often redraws because the automatic outline took in the wrong region, and
    // its centre may lie outside the outlines drawn). Null when neither lies inside both (a wall motion measured from outside
    // a cavity would be wrong, not merely rough): the EF still follows the outlines, and the wall motion is not assessed.
    private static (double[][] EdBorder, double[] EdRadii, double[][] EsBorder, double[] EsRadii, (double Row, double Col) Centre)?
        EditedBorders(RoiDefinition edRoi, RoiDefinition esRoi, (double Row, double Col) automaticCentre)
    {
        var edBorder = edRoi.OutlinePx(Rays); var esBorder = esRoi.OutlinePx(Rays);
        (double Row, double Col)[] centres = RoiDefinition.PolygonCentroidPx(edBorder) is { } c ? [automaticCentre, (c.Row, c.Column)] : [automaticCentre];
        foreach (var centre in centres)
            if (LongAxisReference.RadiiAround(edBorder, centre, Rays) is { } edRadii && LongAxisReference.RadiiAround(esBorder, centre, Rays) is { } esRadii)
                return (edBorder, edRadii, esBorder, esRadii, centre);
        return null;
    }

    /// <summary>The image name an ROI on frame <paramref name="frame"/> (0-based) carries in result.json.</summary>
    public static string FrameName(int frame) => $"frame {frame + 1}";

    private static (RoiDefinition Ed, RoiDefinition Es, RoiDefinition Bg, int EdFrame, int EsFrame, double Background, double[] Net, double[] Fitted)
        FromEditedRois(GatedCycle cycle, IReadOnlyList<RoiDefinition> edited, int ed, int es)
    {
        RoiDefinition Need(string name)
        {
            var roi = edited.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ProcedureInputException($"edited ROIs: no ROI named '{name}' (a gated study needs lv.ed, lv.es and background)");
            // An outline drawn on the camera's pixels, where the analysis interpolated coarse frames, is moved onto its grid.
            try { return roi.OnPixels(cycle.PixelMm); }
            catch (ArgumentException e) { throw new ProcedureInputException($"edited ROIs: {e.Message}"); }
        }
        var edRoi = Need("lv.ed"); var esRoi = Need("lv.es"); var bgRoi = Need("background");
        ed = FrameOf(edRoi, cycle.Count, ed); es = FrameOf(esRoi, cycle.Count, es);
        var bgFrame = FrameOf(bgRoi, cycle.Count, es);
        var edMask = edRoi.Mask(cycle.Rows, cycle.Columns); var esMask = esRoi.Mask(cycle.Rows, cycle.Columns);
        var (bgSum, bgCount) = Sum(cycle.Frames[bgFrame], bgRoi.Mask(cycle.Rows, cycle.Columns));
        var background = bgSum / bgCount;
        var net = new double[cycle.Count];
        var (edSum, edCount) = Sum(cycle.Frames[ed], edMask); var (esSum, esCount) = Sum(cycle.Frames[es], esMask);
        for (var f = 0; f < cycle.Count; f++) net[f] = double.NaN;
        net[ed] = edSum - background * edCount; net[es] = esSum - background * esCount;
        // Edited ROIs give counts on the ED and ES frames only: the "fitted" curve is those two measurements.
        var fitted = (double[])net.Clone();
        return (edRoi, esRoi, bgRoi, ed, es, background, net, fitted);
    }

    private static int FrameOf(RoiDefinition roi, int frames, int fallback)
    {
        var image = roi.Image.Trim();
        if (image.StartsWith("frame ", StringComparison.OrdinalIgnoreCase) && int.TryParse(image.AsSpan(6), out var k))
        {
            if (k < 1 || k > frames) throw new ProcedureInputException($"ROI '{roi.Name}' is on {image}, but the cycle has frames 1 to {frames}");
            return k - 1;
        }
        return fallback;
    }

    // The ventricles pulse in phase with each other and opposite to the atria. Pixels whose first-harmonic amplitude stands
    // 4 SD above its Poisson noise, within 90° of the amplitude-weighted phase mode, are ventricular; the count maxima (over 12
    // mm) within two pixels of them (10 mm at 64²), at least 25 mm apart, are the two ventricles, and the LV is the one on the
    // patient's left: the image right in an LAO view as displayed by convention, the image left when Image Orientation
    // (Patient) says the image is mirrored. The phase mode (degrees) is returned too. Within one pixel, a small failing LV was
    // lost at 128²: it pulses weakly, its brightest pixel failed the noise test and lay two pixels from one that passed, and
    // its RV was outlined instead (EDV 60 ml, EF 15 %: an EF of 51 %).
    private static ((double Row, double Col) Lv, (double Row, double Col)? Rv, bool[] Atrial, double VentricularPhaseDegrees) LocateVentricles(GatedCycle cycle, float[] mean, float[] sm, int passes, FirstHarmonic h, List<string> warnings)
    {
        int rows = cycle.Rows, cols = cycle.Columns, n = cycle.Count;
        var significant = new bool[mean.Length];
        var histogram = new double[36];
        var noiseFraction = BinomialSmoothing.NoiseSdFraction(passes);
        for (var p = 0; p < mean.Length; p++)
        {
            // Smoothed amplitude noise for Poisson counts m per frame: f √(2m/N), f the SD fraction the smoothing keeps (0.375 for
            // one 1-2-1 pass).
            var sigma = noiseFraction * Math.Sqrt(2 * Math.Max(mean[p], 1) / n);
            if (h.Amplitude[p] <= 4 * sigma) continue;
            significant[p] = true;
            histogram[Math.Min(35, (int)(h.PhaseDegrees[p] / 10))] += h.Amplitude[p];
        }
        var best = 0; double bestValue = -1;
        for (var i = 0; i < 36; i++)
        {
            var v = histogram[(i + 35) % 36] + histogram[i] + histogram[(i + 1) % 36];
            if (v > bestValue) { bestValue = v; best = i; }
        }
        var mode = best * 10 + 5.0;
        var ventricular = new bool[mean.Length];
        var atrial = new bool[mean.Length];
        for (var p = 0; p < mean.Length; p++)
        {
            var outOfPhase = Math.Abs(FirstHarmonic.Wrap(h.PhaseDegrees[p], mode)) >= 90;
            ventricular[p] = significant[p] && !outOfPhase;
            atrial[p] = significant[p] && outOfPhase;
        }
        var reach = Math.Max(2, (int)Math.Round(12 / cycle.PixelMm));
        // Count maxima (over 12 mm) within the given reach of a ventricular pixel.
        List<(int Row, int Col, float Value)> PeaksNear(int nearPixels)
        {
            var near = Morphology.Dilate(ventricular, rows, cols, nearPixels);
            var peaks = new List<(int Row, int Col, float Value)>();
            for (var y = 0; y < rows; y++)
            for (var x = 0; x < cols; x++)
            {
                var p = y * cols + x;
                if (!near[p]) continue;
                var isMax = true;
                for (var dy = -reach; dy <= reach && isMax; dy++)
                for (var dx = -reach; dx <= reach; dx++)
                {
                    if (dx * dx + dy * dy > reach * reach + reach) continue;
                    int yy = y + dy, xx = x + dx;
                    if (yy < 0 || yy >= rows || xx < 0 || xx >= cols) continue;
                    if (sm[yy * cols + xx] > sm[p]) { isMax = false; break; }
                }
                if (isMax) peaks.Add((y, x, sm[p]));
            }
            return peaks;
        }
        double ApartMm((int Row, int Col, float Value) a, (int Row, int Col, float Value) b) =>
            Math.Sqrt((a.Row - b.Row) * (a.Row - b.Row) + (a.Col - b.Col) * (a.Col - b.Col)) * cycle.PixelMm;
        var chosen = new List<(int Row, int Col, float Value)>();
        foreach (var peak in PeaksNear(Reference.Pixels(2, cycle.PixelMm)).OrderByDescending(q => q.Value))
        {
            if (chosen.All(c => ApartMm(c, peak) > PeakSeparationMm))
                chosen.Add(peak);
            if (chosen.Count == 2) break;
        }
        // A small failing LV whose base descends pulses at its edges only: its count maximum lay 3 pixels (15 mm) from the
        // nearest pixel that passed the noise test (EDV 60 ml, EF 15 %, seed 101 at --base-descent 1), and the RV alone was
        // outlined: an EF of 48 %. The other ventricle is then sought within 20 mm of a ventricular pixel, beside the first (more
        // across than up or down: the atria lie above the ventricles in an LAO view).
        if (chosen.Count == 1)
        {
            var first = chosen[0];
            var beside = PeaksNear(Reference.Pixels(4, cycle.PixelMm))
                .Where(q => ApartMm(first, q) > PeakSeparationMm && Math.Abs(q.Col - first.Col) > Math.Abs(q.Row - first.Row))
                .OrderByDescending(q => q.Value).ToList();
            if (beside.Count > 0)
            {
                chosen.Add(beside[0]);
                warnings.Add($"{cycle.Source}: a ventricle pulses weakly at its centre; the LV was told from the RV by its count maximum beside it. Check the LV outline");
            }
        }
        if (chosen.Count == 0)
            throw new ProcedureInputException($"{cycle.Source}: no pulsating ventricle found (no pixel's count changes over the cycle stand above the counting noise); not a gated cardiac study, or counts too low");
        if (chosen.Count == 1)
            warnings.Add($"{cycle.Source}: one ventricle found, the septum was not resolved; the LV outline may include the RV. Check the LAO angle (best septal separation)");
        var lv = chosen.MaxBy(c => c.Col * cycle.PatientLeftColumnSign);
        var rv = chosen.Count == 2 ? chosen.MinBy(c => c.Col * cycle.PatientLeftColumnSign) : default;
        return ((lv.Row, lv.Col), chosen.Count == 2 ? (rv.Row, rv.Col) : null, atrial, mode);
    }

    // The septum is the count minimum on the line from the RV to the LV maximum; no LV ray crosses the line through it
    // perpendicular to that direction.
    private static double[] SeptalLimits(float[] sm, int rows, int cols, (double Row, double Col) lv, (double Row, double Col)? rv,
        (double Row, double Col) lateral, double mm)
    {
        var limits = Enumerable.Repeat(MaxRadiusMm / mm, Rays).ToArray();
        if (rv is not { } r) return limits;
        double bestValue = double.MaxValue, sy = lv.Row, sx = lv.Col;
        for (var i = 5; i < 45; i++)
        {
            var t = i / 49.0;
            double y = r.Row + t * (lv.Row - r.Row), x = r.Col + t * (lv.Col - r.Col);
            var v = BilinearSampling.Sample(sm, rows, cols, y, x);
            if (v < bestValue) { bestValue = v; sy = y; sx = x; }
        }
        var distance = (lv.Row - sy) * lateral.Row + (lv.Col - sx) * lateral.Col;
        for (var i = 0; i < Rays; i++)
        {
            var (dy, dx) = Ray(i);
            var towardsSeptum = -(dy * lateral.Row + dx * lateral.Col);
            if (towardsSeptum > 1e-3) limits[i] = Math.Min(limits[i], distance / towardsSeptum);
        }
        return limits;
    }

    /// <summary>One frame's outline: on each ray the threshold edge (pixels from the centre), the equivalent radius (the radius
    /// of a sharp-edged LV holding the same counts along the ray, measured against the LV's interior level) and the height of
    /// the step the edge falls down, as a fraction of that interior level above the outside.</summary>
    private readonly record struct FrameEdges(double[] Radii, double[] EquivalentRadii, double[] StepHeights);

    // Each frame's counts within 15 mm of the LV centre, over their mean across the cycle.
    private static double[] InteriorScale(float[][] frames, int rows, int cols, (double Row, double Col) c, double mm)
    {
        var radius = InteriorDiscMm / mm;
        var sums = new double[frames.Length];
        for (var y = 0; y < rows; y++)
        for (var x = 0; x < cols; x++)
        {
            if ((y - c.Row) * (y - c.Row) + (x - c.Col) * (x - c.Col) > radius * radius) continue;
            for (var f = 0; f < frames.Length; f++) sums[f] += frames[f][y * cols + x];
        }
        var mean = sums.Average();
        return sums.Select(v => mean > 0 ? v / mean : 1).ToArray();
    }

    private static double[] Profile(float[] image, int rows, int cols, (double Row, double Col) c, int ray, double mm)
    {
        var profile = new double[(int)(MaxRadiusMm / mm / RayStepPx)];
        SampleRay(image, rows, cols, c, ray, profile);
        return profile;
    }

    // Counts along the ray from the centre, every RayStepPx pixel, into profile.
    private static void SampleRay(float[] image, int rows, int cols, (double Row, double Col) c, int ray, double[] profile)
    {
        var (dy, dx) = Ray(ray);
        for (var s = 0; s < profile.Length; s++) profile[s] = BilinearSampling.Sample(image, rows, cols, c.Row + dy * s * RayStepPx, c.Col + dx * s * RayStepPx);
    }

    // Each ray ends where the LV ends: at the first pixel pulsing out of phase with the ventricles (the atria, beyond the
    // valve plane) and, towards the septum, at the count minimum within 3 pixels (15 mm at 64²) beyond the septal line (the
    // septum itself, which a straight line only approximates). The LV's interior level on the ray is its maximum on the
    // mean frame (<paramref name="meanProfiles"/>) times <paramref name="interiorScale"/>.
    private static FrameEdges Edges(float[] image, int rows, int cols, (double Row, double Col) c, double[] limits, bool[] atrial, double caudalRowSign, double mm,
        double[][] meanProfiles, double interiorScale)
    {
        var samples = (int)(MaxRadiusMm / mm / RayStepPx);
        var profile = new double[samples];
        var gradient = new double[samples];
        var radii = new double[Rays];
        var equivalent = new double[Rays];
        var steps = new double[Rays];
        var lo = (int)(MinEdgeMm / mm / RayStepPx);
        var outer = (int)(OuterSearchMm / mm / RayStepPx);
        var stepBack = (int)(StepBackMm / mm / RayStepPx);
        for (var i = 0; i < Rays; i++)
        {
            var (dy, dx) = Ray(i);
            SampleRay(image, rows, cols, c, i, profile);
            for (var s = 0; s < samples; s++)
                gradient[s] = s == 0 ? profile[1] - profile[0] : s == samples - 1 ? profile[s] - profile[s - 1] : (profile[s + 1] - profile[s - 1]) / 2;
            var hi = Math.Min(samples - 1, (int)(limits[i] / RayStepPx));
            if (limits[i] < MaxRadiusMm / mm)
            {
                var beyond = Math.Min(samples - 1, (int)((limits[i] + Reference.Pixels(SeptalSearchPx, mm)) / RayStepPx));
                if (beyond > lo)
                {
                    hi = lo;
                    for (var s = lo; s <= beyond; s++) if (profile[s] < profile[hi]) hi = s;
                }
            }
            // The atria lie towards the base, above the LV in an LAO view: out-of-phase pixels end the rays that face them. Elsewhere
            // out-of-phase pixels next to the LV are its own dyskinetic wall (an aneurysm), which the LV outline must hold.
            // The margin keeps a ray at exactly 60° out for either caudal sign, as the crescent does.
            var facesAtria = -dy * caudalRowSign > AtrialRayCosine + 1e-9;
            for (var s = lo; s < hi && facesAtria; s++)
            {
                int y = (int)Math.Round(c.Row + dy * s * RayStepPx), x = (int)Math.Round(c.Col + dx * s * RayStepPx);
                if (y < 0 || y >= rows || x < 0 || x >= cols) break;
                if (atrial[y * cols + x]) { hi = s; break; }
            }
            var j = hi;
            if (hi > lo)
            {
                j = lo;
                for (var s = lo; s <= hi; s++) if (gradient[s] < gradient[j]) j = s;
            }
            var end = Math.Min(samples - 1, j + outer);
            double outside = double.MaxValue, inside = double.MinValue;
            for (var s = j; s <= end; s++) outside = Math.Min(outside, profile[s]);
            for (var s = 0; s <= j; s++) inside = Math.Max(inside, profile[s]);
            var level = outside + EdgeFraction * (inside - outside);
            var m = j;
            while (m < end && profile[m] > level && m < hi) m++;
            radii[i] = m * RayStepPx;

            double interior = double.MinValue;
            for (var s = 0; s <= j; s++) interior = Math.Max(interior, meanProfiles[i][s] * interiorScale);
            var height = interior - outside;
            if (height > 0)
            {
                double filled = 0;
                for (var s = 0; s <= Math.Min(end, hi); s++) filled += Math.Clamp((profile[s] - outside) / height, 0, 1);
                equivalent[i] = filled * RayStepPx;
                steps[i] = Math.Clamp((profile[Math.Max(0, m - stepBack)] - outside) / height, 0.05, 1);
            }
            else (equivalent[i], steps[i]) = (radii[i], 1);
        }
        return new FrameEdges(radii, equivalent, steps);
    }

    private static double[] AngularMedian(double[] radii)
    {
        var result = new double[radii.Length];
        Span<double> window = stackalloc double[5];
        for (var i = 0; i < radii.Length; i++)
        {
            for (var k = -2; k <= 2; k++) window[k + 2] = radii[(i + k + radii.Length) % radii.Length];
            window.Sort();
            result[i] = window[2];
        }
        return result;
    }

    // Each ray's radius over the cycle keeps its mean and first harmonic: the wall moves once per beat, and the higher
    // harmonics of a 5 mm outline are mostly counting noise (repeat-noise SD of EF ≈ 1 point at clinical counts).
    // The rays facing the base (the sector that wall motion leaves out) keep less. In systole the base of the LV descends
    // towards the apex, the AV-plane displacement that carries most of the stroke volume [Carlsson2007], and these rays end
    // at an edge with a blood pool beyond it that fills as the LV empties, the edge the counts locate worst. With their own
    // first harmonic they followed the atria filling at end-systole: a dilated LV (EDV 250 ml) read an ES outline larger
    // than its ED one and an EF of 5 % against 20 % on noiseless frames. So each keeps only the motion in phase with the
    // ventricles' counts (the phase mode, which a dyskinetic wall does not move), and a ray that would move outwards stays
    // where it is at end-diastole, when the atria are emptiest.
    // That motion is read from the base rays' equivalent radii, not their threshold edges. Along a base ray the counts fall
    // gently into the atria, so one frame's counting noise moved the threshold edge far, and the steepest descent it is
    // sought beyond; and on every base ray at once, through the one noisy maximum each frame's threshold is drawn from. On 90
    // noise realisations of three hearts (seeds 9201–9290) that made the EF's repeat SD 1.84, 1.57 and 1.45 (pooled 1.63);
    // the base rays' outlines held at their noiseless values gave 0.99, 0.94 and 0.65. The equivalent radius sums the whole
    // profile against the LV's interior level, itself read over many pixels. An edge moving by d moves it by d times the
    // height of the step the edge falls down, so its motion is divided by that height (the mean over the base rays and
    // frames), read 7.5 mm inside the edge: pooled repeat SD 0.99. Against the counts method's ideal on hearts whose base
    // descends (seeds 101–120, 301–315, 401–420, 501–520) −1.8, −2.5, −2.4, −1.1, where the engine before (15 % edges, the
    // base moved by its threshold edges) read −2.7, −4.2, −4.2, −3.0. The height read 10 mm inside the edge (on the
    // plateau) gave −3.3 on the first set and a still-base mean of −1.15; read 5 mm inside, +1.6 and −0.7, repeat SD 1.05.
    // Motion from the equivalent radii on the walls too, or on the rays within 60° of cranial, read the still bases lower
    // (development mean −1.8 to −2.0, rms 2.1–2.6) and the repeat SD higher (1.13–1.28).
    private static void KeepFirstHarmonic(double[][] radii, double[][] equivalentRadii, double[][] stepHeights, (double Row, double Col) lateral,
        double caudalRowSign, double ventricularPhaseDegrees)
    {
        var n = radii.Length;
        double refCos = Math.Cos(ventricularPhaseDegrees * Math.PI / 180), refSin = Math.Sin(ventricularPhaseDegrees * Math.PI / 180);
        var facesBase = new bool[Rays];
        double stepSum = 0; var stepCount = 0;
        for (var i = 0; i < Rays; i++)
        {
            var (dy, dx) = Ray(i);
            facesBase[i] = WallMotionSectors.FacesBase(dy, dx, lateral, caudalRowSign);
            if (!facesBase[i]) continue;
            for (var k = 0; k < n; k++) stepSum += stepHeights[k][i];
            stepCount += n;
        }
        var baseGain = stepCount > 0 ? stepCount / stepSum : 1;
        for (var i = 0; i < Rays; i++)
        {
            var (mean, cosine, sine) = MeanAndFirstHarmonic(radii, i);
            if (facesBase[i])
            {
                var (_, eqCosine, eqSine) = MeanAndFirstHarmonic(equivalentRadii, i);
                var inPhase = baseGain * (eqCosine * refCos + eqSine * refSin);
                mean += Math.Min(inPhase, 0);
                (cosine, sine) = (Math.Max(inPhase, 0) * refCos, Math.Max(inPhase, 0) * refSin);
            }
            for (var k = 0; k < n; k++)
                radii[k][i] = Math.Max(0.5, mean + cosine * Math.Cos(2 * Math.PI * k / n) + sine * Math.Sin(2 * Math.PI * k / n));
        }
    }

    private static (double Mean, double Cosine, double Sine) MeanAndFirstHarmonic(double[][] radii, int ray)
    {
        var n = radii.Length;
        double mean = 0, cosine = 0, sine = 0;
        for (var k = 0; k < n; k++)
        {
            mean += radii[k][ray] / n;
            cosine += 2.0 / n * radii[k][ray] * Math.Cos(2 * Math.PI * k / n);
            sine += 2.0 / n * radii[k][ray] * Math.Sin(2 * Math.PI * k / n);
        }
        return (mean, cosine, sine);
    }

    /// <summary>The curve rebuilt from its mean and first <paramref name="harmonics"/> Fourier harmonics (a periodic fit that
    /// uses every frame's counts to place ED and ES), harmonic h divided by <paramref name="gain"/>(h) where given (frames
    /// that each average their share of the cycle: GatedCycle.FrameIntegrationGain).</summary>
    internal static double[] LowHarmonics(IReadOnlyList<double> curve, int harmonics, Func<int, double>? gain = null)
    {
        var n = curve.Count;
        var result = new double[n];
        var mean = curve.Average();
        for (var k = 0; k < n; k++) result[k] = mean;
        for (var h = 1; h <= harmonics; h++)
        {
            double a = 0, b = 0;
            for (var k = 0; k < n; k++) { a += curve[k] * Math.Cos(2 * Math.PI * h * k / n); b += curve[k] * Math.Sin(2 * Math.PI * h * k / n); }
            var scale = (2.0 * h == n ? 1.0 / n : 2.0 / n) / (gain?.Invoke(h) ?? 1);
            for (var k = 0; k < n; k++) result[k] += scale * (a * Math.Cos(2 * Math.PI * h * k / n) + b * Math.Sin(2 * Math.PI * h * k / n));
        }
        return result;
    }

    // Said with every automatic outline, from the constants that draw it.
    private static readonly string OutlineMethod = string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"automatic: variable LV outline, local {EdgeFraction * 100:0} % threshold beyond the steepest descent on {Rays} rays");

    private static RoiDefinition Outline(string name, string image, (double Row, double Col) c, double[] radii, double mm) =>
        RoiDefinition.Polygon(name, image, OutlineMethod, [.. LongAxisReference.Border(radii, c).Select(v => new[] { Math.Round(v[0], 3), Math.Round(v[1], 3) })], mm);

    // Background crescent 2 pixels wide, 1 pixel outside the ES outline at 64² (10 and 5 mm; as many mm, in whole pixels, on
    // finer matrices), over ±60° round the posterolateral direction (lateral, turned towards the feet) [Corbett2006]. The
    // bound is exclusive with a margin: a ray exactly at ±60° (RV and LV on one row) would otherwise fall in or out by
    // rounding, and a mirrored study would get another crescent. The rays are walked from the first one after the gap, so
    // that a crescent across ray 0 stays one band.
    private static RoiDefinition Crescent((double Row, double Col) c, double[] esRadii, (double Row, double Col) lateral, double caudal, double mm)
    {
        var pl = Normalised(lateral.Row + caudal, lateral.Col);
        int gap = Reference.Pixels(1, mm), width = Reference.Pixels(2, mm);
        var inner = new List<double[]>(); var outer = new List<double[]>();
        bool Inside(int i) { var (dy, dx) = Ray(i); return dy * pl.Row + dx * pl.Col > Math.Cos(Math.PI / 3) + 1e-9; }
        var first = Enumerable.Range(0, Rays).First(i => Inside(i) && !Inside((i + Rays - 1) % Rays));
        for (var step = 0; step < Rays; step++)
        {
            var i = (first + step) % Rays;
            if (!Inside(i)) break;
            var (dy, dx) = Ray(i);
            inner.Add([c.Row + dy * (esRadii[i] + gap), c.Col + dx * (esRadii[i] + gap)]);
            outer.Add([c.Row + dy * (esRadii[i] + gap + width), c.Col + dx * (esRadii[i] + gap + width)]);
        }
        outer.Reverse();
        var points = inner.Concat(outer).Select(p => new[] { Math.Round(p[0], 3), Math.Round(p[1], 3) }).ToList();
        return RoiDefinition.Polygon("background", "", $"automatic: crescent {width} px wide, {gap} px outside the ES outline, posterolateral ±60°", points, mm);
    }

    private static (double Row, double Col) Ray(int i) => (Math.Sin(2 * Math.PI * i / Rays), Math.Cos(2 * Math.PI * i / Rays));

    private static (double Row, double Col) Normalised(double row, double col)
    {
        var length = Math.Sqrt(row * row + col * col);
        return length > 0 ? (row / length, col / length) : (0, 1);
    }

    private static (double Sum, int Count) Sum(float[] image, bool[] mask)
    {
        double sum = 0; var count = 0;
        for (var p = 0; p < mask.Length; p++) if (mask[p]) { sum += image[p]; count++; }
        return (sum, count);
    }

    private static int ArgMax(double[] v) { var k = 0; for (var i = 1; i < v.Length; i++) if (v[i] > v[k]) k = i; return k; }
    private static int ArgMin(double[] v) { var k = 0; for (var i = 1; i < v.Length; i++) if (v[i] < v[k]) k = i; return k; }

}
