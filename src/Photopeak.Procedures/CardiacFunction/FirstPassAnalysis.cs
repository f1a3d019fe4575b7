using System.Globalization;
using Photopeak.Imaging.Pixels;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>
/// First-pass radionuclide angiography (CLINICAL §3) [Friedman2006]: the bolus is followed through the right heart, the
/// lungs and the left heart. Pixels are told right from left by when their beat-averaged curve peaks; each ventricle's phase
/// (the beats at 70 % of its peak or more) is folded at the R-R interval into a representative cycle; the ventricle is the
/// region that empties in systole on its ED frame (atria and great vessels fill then or stay still). EF = (ED − ES) / (ED − BG)
/// with a fixed ED ROI and a periventricular background (see <c>Periventricular</c> for why not the pre-LV frame [Gal1986]).
/// </summary>
public static class FirstPassAnalysis
{
    /// <summary>Beats whose beat-averaged ventricular counts reach this share of the phase's highest are summed [Friedman2006].</summary>
    public const double BeatSelectionFraction = 0.7;
    private const double EdFraction = 0.5;
    // A ventricle's pixels lose at least this share of their ED counts in systole (a regional EF): the aorta and the atria
    // beside it, bright but not emptying, do not (a failing LV's pixels need less: see Outline).
    private const double StrokeFraction = 0.1;
    // ... or, where less, this share of the regional EF of the bright region round the LV (see Outline), but never less than
    // MinimumStrokeFraction: a bright region that mostly fills (aorta, atrium) would otherwise let still pixels in.
    private const double RelativeStrokeFraction = 0.5, MinimumStrokeFraction = 0.03;
    private const int Rays = 48;
    // The constants were chosen on 64² frames over 400 mm (6.25 mm pixels); finer matrices are smoothed, and the background
    // ring sized, to the same millimetres, and coarser ones interpolated to them (their ROIs lie on the interpolated grid).
    // At 128² one 1-2-1 pass and a ring 1 to 3 pixels out (3 to 9 mm, inside the blurred ventricle) read the LVEF 15 points
    // high on average, up to 40, and found no still pixels round one RV.
    private static readonly ReferencePixel Reference = new(6.25);
    // A dip of the beat-averaged curve of the entering bolus below this share of the lower of two maxima separates two boluses.
    private const double FragmentDip = 0.85;

    /// <summary>How each ventricle is outlined and its background taken. In RAO the mitral plane is seen nearly edge-on, so
    /// the LV lies clear of its atrium but beside the aortic root, bright and still: LV pixels must each empty (a regional
    /// EF of 10 %, less in a failing LV: see <c>Outline</c>), and its background is the median of the still ring pixels,
    /// which leaves the aorta's few out. The RV is
    /// overlapped by its atrium, whose filling in systole spills into the RV outline and lowers its apparent stroke; a large
    /// RV of low EF has a centre whose own regional EF is small: RV pixels need 10 % of the RV's strongest emptying, are
    /// outlined on the frames an eighth of the cycle round ED and ES (the RV phase gives two or three beats, too noisy frame by
    /// frame), and its background is the mean of the ring pixels that are still or fill in systole and are dimmer than the
    /// RV, so that the atrial spill in the outline is matched in its background.</summary>
    private sealed record Chamber(string Name, bool StrokePerPixel, bool OutlineRoundEdAndEs, bool BackgroundWithFilling)
    {
        public static readonly Chamber Lv = new("LV", StrokePerPixel: true, OutlineRoundEdAndEs: false, BackgroundWithFilling: false);
        public static readonly Chamber Rv = new("RV", StrokePerPixel: false, OutlineRoundEdAndEs: true, BackgroundWithFilling: true);

        // The mean of a background with filling takes in the ventricle's own blur where the median of still pixels leaves it
        // out, so the RV's ring lies two to four reference pixels (12.5–25 mm) out where the LV's lies one to three. With the
        // RV's ring one to three pixels out, the RVEF read +2.0 on 20 noiseless development hearts, +1.0, +1.6 and +2.5 on
        // the development, held-out and 20 fresh-noise hearts at 64² (16 of 20 fresh ones within 6) and +3.0 at 128²; two to
        // four out: 0.0, −0.7, −0.5, +0.8 (18 of 20) and +0.8. On frames interpolated from coarse pixels that blur is an
        // acquired pixel wide, so the ring lies at least one to three acquired pixels out: at 12.5 mm, a ring one to three
        // 6.25 mm pixels out read the RVEF +4.4 on average (20 development hearts), one to three acquired pixels out −0.4.
        // The LV's median ring moved as far out read the LVEF 4.9 points lower on average, so the LV keeps the reference ring.
        public (int Near, int Far) Ring(FirstPassFrames fp)
        {
            if (!BackgroundWithFilling) return (Reference.Pixels(1, fp.PixelMm), Reference.Pixels(3, fp.PixelMm));
            int near = Reference.Pixels(2, fp.PixelMm), far = Reference.Pixels(4, fp.PixelMm);
            var acquired = Math.Max(1, (int)Math.Round(fp.AcquiredPixelMm / fp.PixelMm));
            return (Math.Max(near, acquired), Math.Max(far, 3 * acquired));
        }
    }

    /// <summary>Analyses <paramref name="fp"/>; with <paramref name="edited"/> ROIs named lv.ed and rv.ed (from <c>--rois</c>)
    /// those outlines replace the automatic ones.</summary>
    public static FirstPassFunction Analyse(FirstPassFrames fp, IReadOnlyList<RoiDefinition>? edited = null)
    {
        ArgumentNullException.ThrowIfNull(fp);
        var warnings = new List<string>(fp.Warnings);
        var factor = Reference.UpsamplingFactor(fp.PixelMm);
        if (factor > 1)
        {
            fp = fp.Interpolated(factor);
            warnings.Add(Reference.InterpolationWarning(fp.Source, fp.AcquiredPixelMm, fp.PixelMm, "the first-pass outlines were",
                "On 30 simulated hearts acquired at 12.5 mm the LVEF read −4 … +7 points from the truth and the RVEF −4 … +4 (−5 … +4 and −5 … +7 at 6.25 mm): check the outlines"));
        }
        int n = fp.Count, rows = fp.Rows, cols = fp.Columns, px = rows * cols;
        var whole = fp.Frames.Select(f => (double)f.Sum()).ToArray();
        var (hr, hrSource) = HeartRate(fp, whole, warnings);
        var period = 60 / hr / fp.FrameSeconds; // frames per beat
        var half = Math.Max(1, (int)Math.Round(period / 2));

        // Beat-averaged (one R-R window), 1-2-1 smoothed curve of every pixel: the transit without the pulsation.
        var smoothed = fp.Frames.Select(f => BinomialSmoothing.Apply(f, rows, cols, Passes(fp))).ToArray();
        var trend = MovingMean(smoothed, half);
        var peakFrame = new int[px]; var peak = new float[px];
        for (var f = 0; f < n; f++)
        {
            var t = trend[f];
            for (var p = 0; p < px; p++) if (t[p] > peak[p]) { peak[p] = t[p]; peakFrame[p] = f; }
        }
        var (right, left) = RightAndLeft(fp, peak, peakFrame);
        var rightCurve = RegionCurve(trend, right); var leftCurve = RegionCurve(trend, left);
        var rvPeak = ArgMax(rightCurve, 0, n);
        var lvPeak = ArgMax(leftCurve, rvPeak + 1, n);
        var preLv = ArgMin(leftCurve, rvPeak, lvPeak);
        if (!(lvPeak > preLv && preLv > rvPeak))
            throw new ProcedureInputException($"{fp.Source}: no left ventricular phase follows the right one (the left-heart curve has no rise after the lung phase); the bolus may not have reached the left heart within the {n * fp.FrameSeconds:0.#} s acquired");
        // The bolus is judged where it enters, as on the vena cava curve [Friedman2006]: the quarter of right-heart pixels
        // that peak first (vena cava and atrium), before the ventricle mixes a fragmented bolus into one hump.
        var entryFrames = Enumerable.Range(0, px).Where(p => right[p]).Select(p => peakFrame[p]).Order().ToList();
        var entryLimit = entryFrames[entryFrames.Count / 4];
        var entry = Enumerable.Range(0, px).Select(p => right[p] && peakFrame[p] <= entryLimit).ToArray();
        var entryCurve = RegionCurve(trend, entry);
        var (bolusFwhm, bolusPeaks) = Bolus(entryCurve, ArgMax(entryCurve, 0, n), period, fp.FrameSeconds);

        var roiSource = edited is { Count: > 0 } ? "edited" : "automatic";
        var lv = Ventricle(Chamber.Lv, fp, left, leftCurve, lvPeak, period, Edited(edited, "lv.ed", fp), warnings);
        var rv = Ventricle(Chamber.Rv, fp, right, rightCurve, rvPeak, period, Edited(edited, "rv.ed", fp), warnings);
        var (_, caudal) = GatedCycle.Orientation(fp.Acquisition, fp.Detector, warnings);
        var lvMask = lv.Roi.Mask(rows, cols); var rvMask = rv.Roi.Mask(rows, cols);
        var wallMotion = RaoWallMotion(fp, lv, lvMask, caudal, warnings);
        var lvCurve = fp.Frames.Select(f => Sum(f, lvMask)).ToArray();
        var rvCurve = fp.Frames.Select(f => Sum(f, rvMask)).ToArray();
        var rhythm = lv.EjectionFractionPercent < BeatRhythm.MinimumLvefPercent
            ? BeatRhythm.Unjudged(Inv($"the LV pulsates too little (LVEF {lv.EjectionFractionPercent:0} % < {BeatRhythm.MinimumLvefPercent:0} %) to time its beats"))
            : period < BeatRhythm.MinimumFramesPerBeat
                ? BeatRhythm.Unjudged(Inv($"{period:0.#} frames per beat (< {BeatRhythm.MinimumFramesPerBeat:0}) are too few to time the beats"))
                : BeatRhythm.Of(lvCurve, (int)Math.Floor(lv.PhaseStartSeconds / fp.FrameSeconds - period),
                    (int)Math.Ceiling(lv.PhaseEndSeconds / fp.FrameSeconds + period), period, fp.FrameSeconds);
        if (rhythm.Irregular)
            warnings.Add($"{fp.Source}: irregular rhythm in the LV phase (R-R intervals {string.Join(", ", rhythm.IntervalsMs.Select(i => Inv($"{i:0}")))} ms): the representative cycle is folded at one R-R interval, so a premature beat blurs end-diastole and end-systole and the EFs are less reliable");
        return new FirstPassFunction(fp, lv, rv, hr, hrSource, lvCurve, rvCurve, bolusFwhm, bolusPeaks,
            (lvPeak - rvPeak) * fp.FrameSeconds, roiSource, warnings) { WallMotion = wallMotion, Rhythm = rhythm };
    }

    /// <summary>Regional EF thresholds of the RAO wall segments, %: normal at or above the first, hypokinetic above the
    /// second, akinetic above the third, dyskinetic below it [?: site practice; regional EF of a normal LV in RAO runs
    /// 40–80 %].</summary>
    public const double RegionalNormalPercent = 35, RegionalHypokineticPercent = 10, RegionalAkineticPercent = -5;

    // The five RAO segments of contrast ventriculography (anterobasal, anterolateral, apical, inferior, inferobasal) on the
    // LV's ED outline. The long axis runs from the base, where the left atrium and aorta fill while the LV empties (the
    // centroid of those pixels within 25 mm of the outline), through the LV's centroid to the apex; the anterior wall is the
    // side towards the head. Each segment's regional EF is Σ(ED − ES) / Σ(ED − background) over its pixels.
    private static IReadOnlyList<WallMotionSector> RaoWallMotion(FirstPassFrames fp, FirstPassVentricle lv, bool[] mask, int caudal, List<string> warnings)
    {
        int rows = fp.Rows, cols = fp.Columns, px = rows * cols;
        var ed = lv.EndDiastolicImage; var es = lv.EndSystolicImage;
        var stroke = Stroke(fp, ed, es);
        double top = 0;
        for (var p = 0; p < px; p++) if (mask[p]) top = Math.Max(top, stroke[p]);
        var (cr, cc, inside) = Centroid(mask, cols);
        var near = Morphology.Dilate(mask, rows, cols, Math.Max(1, (int)Math.Round(25 / fp.PixelMm)));
        double br = 0, bc = 0, weight = 0;
        for (var p = 0; p < px; p++)
            if (near[p] && !mask[p] && stroke[p] < -0.15 * top) { var w = -stroke[p]; br += w * (p / cols - cr); bc += w * (p % cols - cc); weight += w; }
        (double Row, double Col) apex;
        if (weight > 0) apex = Normalised(-br, -bc);
        else
        {
            warnings.Add($"{fp.Source}: no left atrium or aorta filling beside the LV; the LV long axis is taken as pointing to the feet for the wall segments");
            apex = (caudal, 0);
        }
        // The perpendicular that points towards the head marks the anterior side.
        (double Row, double Col) anterior = (-apex.Col, apex.Row);
        if (anterior.Row * caudal > 0) anterior = (apex.Col, -apex.Row);
        string[] names = ["apical", "anterolateral", "anterobasal", "inferior", "inferobasal"];
        var emptied = new double[5]; var net = new double[5];
        var backgroundPerPixel = lv.BackgroundCounts / inside;
        for (var p = 0; p < px; p++)
        {
            if (!mask[p]) continue;
            double dy = p / cols - cr, dx = p % cols - cc;
            var angle = Math.Atan2(dy * anterior.Row + dx * anterior.Col, dy * apex.Row + dx * apex.Col) * 180 / Math.PI;
            var a = Math.Abs(angle);
            if (a > 150) continue; // the valve plane
            var sector = a <= 30 ? 0 : angle > 0 ? (a <= 90 ? 1 : 2) : (a <= 90 ? 3 : 4);
            emptied[sector] += ed[p] - es[p]; net[sector] += ed[p] - backgroundPerPixel;
        }
        return Enumerable.Range(0, 5).Where(k => net[k] > 0).Select(k =>
        {
            var regional = 100 * emptied[k] / net[k];
            var motion = regional >= RegionalNormalPercent ? WallMotion.Normal : regional > RegionalHypokineticPercent ? WallMotion.Hypokinetic
                : regional > RegionalAkineticPercent ? WallMotion.Akinetic : WallMotion.Dyskinetic;
            return new WallMotionSector(names[k], Math.Round(regional, 1), motion);
        }).ToList();
    }

    private static (double Row, double Col) Normalised(double row, double col)
    {
        var length = Math.Sqrt(row * row + col * col);
        return length > 0 ? (row / length, col / length) : (1, 0);
    }

    private static RoiDefinition? Edited(IReadOnlyList<RoiDefinition>? edited, string name, FirstPassFrames fp)
    {
        if (edited is not { Count: > 0 }) return null;
        var roi = edited.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ProcedureInputException($"edited ROIs: no ROI named '{name}' (a first-pass study needs lv.ed and rv.ed)");
        // An outline drawn on other pixels (the camera's, where the analysis interpolated coarse frames) is moved onto the
        // analysed grid.
        try { return roi.OnPixels(fp.PixelMm); }
        catch (ArgumentException e) { throw new ProcedureInputException($"edited ROIs: {e.Message}"); }
    }

    // Heart Rate (0018,1088) when the header has it; otherwise the strongest pulsation of the whole-field curve between 40
    // and 180 per minute (its one-second trend removed), which a first pass carries in every chamber.
    private static (double Bpm, string Source) HeartRate(FirstPassFrames fp, double[] whole, List<string> warnings)
    {
        var dt = fp.FrameSeconds;
        var trend = MovingMean(whole, Math.Max(1, (int)Math.Round(0.5 / dt)));
        var detrended = whole.Select((w, f) => w - trend[f]).ToArray();
        double best = 0, bestBpm = 0;
        for (var bpm = 40.0; bpm <= 180; bpm += 0.5)
        {
            double re = 0, im = 0, w = 2 * Math.PI * bpm / 60 * dt;
            for (var f = 0; f < detrended.Length; f++) { re += detrended[f] * Math.Cos(w * f); im += detrended[f] * Math.Sin(w * f); }
            var power = re * re + im * im;
            if (power > best) { best = power; bestBpm = bpm; }
        }
        if (fp.Acquisition.HeartRateBpm is { } header)
        {
            if (Math.Abs(header - bestBpm) > 0.15 * header)
                warnings.Add(Inv($"{fp.Source}: Heart Rate (0018,1088) says {header}/min but the ventricles pulse at {bestBpm:0}/min; the images' rate is used"));
            else return (header, "Heart Rate (0018,1088)");
        }
        return (bestBpm, "pulsation of the whole-field curve");
    }

    // Pixels with a marked transit (peak ≥ 15 % of the highest) fall into three groups by when their beat-averaged curve
    // peaks: right heart (vena cava, atrium, ventricle, pulmonary trunk), lungs, then left heart and aorta. Two thresholds
    // maximise the between-group variance of the peak times weighted by peak height (Otsu's criterion for three classes). When
    // the two later groups peak less than 1.5 s apart there is no separate lung group (lungs too faint): they are one left heart.
    private static (bool[] Right, bool[] Left) RightAndLeft(FirstPassFrames fp, float[] peak, int[] peakFrame)
    {
        var px = peak.Length;
        var max = peak.Max();
        var candidates = Enumerable.Range(0, px).Where(p => peak[p] >= 0.15 * max).ToArray();
        if (candidates.Length < 8)
            throw new ProcedureInputException($"{fp.Source}: no bolus transit in the frames (fewer than 8 pixels rise above the noise); not a first-pass study or the injection missed");
        var n = fp.Count;
        var weight = new double[n];
        foreach (var p in candidates) weight[peakFrame[p]] += peak[p];
        var w = new double[n + 1]; var m = new double[n + 1]; // prefix sums of weight and weight × time
        for (var f = 0; f < n; f++) { w[f + 1] = w[f] + weight[f]; m[f + 1] = m[f] + f * weight[f]; }
        double Term(int from, int to) => w[to] - w[from] > 0 ? Math.Pow(m[to] - m[from], 2) / (w[to] - w[from]) : 0;
        double best = -1; int t1 = 0, t2 = 0;
        for (var a = 1; a < n - 1; a++)
            for (var b = a + 1; b < n; b++)
            {
                var v = Term(0, a) + Term(a, b) + Term(b, n);
                if (v > best) { best = v; t1 = a; t2 = b; }
            }
        double MeanTime(int from, int to) => w[to] - w[from] > 0 ? (m[to] - m[from]) / (w[to] - w[from]) : from;
        var lungsApart = (MeanTime(t2, n) - MeanTime(t1, t2)) * fp.FrameSeconds >= 1.5;
        var leftFrom = lungsApart ? t2 : t1;
        var right = new bool[px]; var left = new bool[px];
        foreach (var p in candidates)
        {
            if (peakFrame[p] < t1) right[p] = true;
            else if (peakFrame[p] >= leftFrom) left[p] = true;
        }
        if (left.Count(b => b) < 4)
            throw new ProcedureInputException($"{fp.Source}: no left-heart transit found (all pixels with a transit peak early); the bolus may not have reached the left heart within the acquisition");
        return (right, left);
    }

    private static FirstPassVentricle Ventricle(Chamber chamber, FirstPassFrames fp, bool[] region, double[] regionTrend, int phasePeak,
        double period, RoiDefinition? edited, List<string> warnings)
    {
        var name = chamber.Name;
        int rows = fp.Rows, cols = fp.Columns;
        var (from, length, beats) = PhaseWindow(regionTrend, phasePeak, period);
        if (beats < 2)
            warnings.Add($"{fp.Source}: the {name} phase holds {beats} beat at 70 % of its peak; its EF has the counting noise of one beat");
        var bins = Math.Max(4, (int)Math.Round(period));
        var images = FoldImages(fp.Frames, from, length, period, bins, beats);
        // The RV on the cycle's frames round ED and round ES (an eighth of the cycle either side): one frame of its two or
        // three beats is too noisy to tell, pixel by pixel, what empties (see Chamber).
        var (regionEd, regionEs) = EndDiastoleAndSystole(BinomialSmoothing.Periodic(images.Select(c => Sum(c, region)).ToArray()));
        var automatic = chamber.OutlineRoundEdAndEs ? Outline(chamber, fp, region, Around(images, regionEd), Around(images, regionEs))
            : Outline(chamber, fp, region, images[regionEd], images[regionEs]);
        var roi = edited ?? automatic;
        var mask = roi.Mask(rows, cols);
        // The background ring lies outside the ventricle whatever outline a reader draws: round the automatic outline and
        // the edited one together.
        var ventricle = automatic.Mask(rows, cols);
        for (var p = 0; p < ventricle.Length; p++) ventricle[p] |= mask[p];
        // Three harmonics of the folded cycle, as for gated frames [Corbett2006]: the ED maximum and ES minimum of the fit, not
        // of the noise.
        var counts = GatedVentricularAnalysis.LowHarmonics(FoldCounts(fp.Frames.Select(f => Sum(f, mask)).ToArray(), from, length, period, bins, beats),
            Math.Min(3, (bins - 1) / 2));
        var (ed, es) = EndDiastoleAndSystole(counts);
        // The cycle starts at end-diastole.
        counts = [.. counts.Skip(ed), .. counts.Take(ed)];
        images = [.. images.Skip(ed), .. images.Take(ed)];
        (es, ed) = ((es - ed + bins) % bins, 0);
        var background = Periventricular(fp, chamber, images, ed, es, mask, ventricle, out var ringPixels) * mask.Count(b => b);
        var net = counts[ed] - background;
        if (!(net > 0))
            throw new ProcedureInputException($"{fp.Source}: the {name} holds no counts above its background on the representative cycle's end-diastolic frame; no {name} ejection fraction");
        var ef = 100 * (counts[ed] - counts[es]) / net;
        var dt = fp.FrameSeconds;
        return new FirstPassVentricle(name, ef, counts, ed, es, background, ringPixels, beats, from * dt, (from + length) * dt,
            roi, images[ed], images[es]);
    }

    private static float[] Around(float[][] cycle, int centre)
    {
        var n = cycle.Length; var half = Math.Max(1, n / 8);
        var mean = new float[cycle[0].Length];
        for (var k = -half; k <= half; k++)
        {
            var image = cycle[((centre + k) % n + n) % n];
            for (var p = 0; p < mean.Length; p++) mean[p] += image[p] / (2 * half + 1);
        }
        return mean;
    }

    // A ventricle's phase: the frames round its peak where the beat-averaged counts of its region stay at 70 % of the peak or
    // more [Friedman2006], cut to a whole number of R-R intervals (at least one).
    private static (int From, int Length, int Beats) PhaseWindow(double[] trendCurve, int peak, double period)
    {
        int a = peak, b = peak;
        var limit = BeatSelectionFraction * trendCurve[peak];
        while (a > 0 && trendCurve[a - 1] >= limit) a--;
        while (b < trendCurve.Length - 1 && trendCurve[b + 1] >= limit) b++;
        var beats = Math.Max(1, (int)Math.Floor((b - a + 1) / period));
        var length = Math.Min(trendCurve.Length, (int)Math.Round(beats * period));
        var from = Math.Clamp((a + b + 1) / 2 - length / 2, 0, trendCurve.Length - length);
        return (from, length, beats);
    }

    // The representative cycle folds the phase's frames at the R-R interval: frame f falls in bin ⌊((f − from) / period mod 1)
    // × bins⌋, and each bin is scaled to the beats of the phase. Folding at the measured rate instead of cutting beats at
    // detected maxima keeps the noise of each beat's ED out of the alignment (a regular rhythm is assumed; the heart rate
    // check warns when the header says otherwise).
    private static float[][] FoldImages(float[][] frames, int from, int length, double period, int bins, int beats)
    {
        var px = frames[0].Length;
        var sums = new float[bins][];
        for (var k = 0; k < bins; k++) sums[k] = new float[px];
        var counts = new int[bins];
        for (var f = from; f < from + length; f++)
        {
            var k = Bin(f - from, period, bins);
            counts[k]++;
            var image = frames[f]; var sum = sums[k];
            for (var p = 0; p < px; p++) sum[p] += image[p];
        }
        for (var k = 0; k < bins; k++)
        {
            var scale = counts[k] > 0 ? (float)beats / counts[k] : 0;
            for (var p = 0; p < px; p++) sums[k][p] *= scale;
        }
        // With one beat and a bin narrower than a frame, a bin can stay empty: it takes the mean of its neighbours.
        for (var k = 0; k < bins; k++)
        {
            if (counts[k] > 0) continue;
            float[] before = sums[(k + bins - 1) % bins], after = sums[(k + 1) % bins];
            for (var p = 0; p < px; p++) sums[k][p] = (before[p] + after[p]) / 2;
        }
        return sums;
    }

    // The ROI's counts folded like the images, after taking off the transit: counts are concentration × volume, so each frame
    // is divided by the beat-averaged curve (the concentration passing) and scaled to that curve's mean over the phase; beats
    // on the up- and downslope of the bolus then measure emptying, not the bolus passing.
    private static double[] FoldCounts(double[] curve, int from, int length, double period, int bins, int beats)
    {
        var trend = MovingMean(curve, Math.Max(1, (int)Math.Round(period / 2)));
        var level = trend.Skip(from).Take(length).Average();
        var sums = new double[bins]; var counts = new int[bins];
        for (var f = from; f < from + length; f++)
        {
            var k = Bin(f - from, period, bins);
            sums[k] += trend[f] > 0 ? curve[f] / trend[f] * level : level; counts[k]++;
        }
        var cycle = sums.Select((v, k) => counts[k] > 0 ? v / counts[k] * beats : double.NaN).ToArray();
        for (var k = 0; k < bins; k++)
            if (counts[k] == 0) cycle[k] = (Neighbour(cycle, k, -1) + Neighbour(cycle, k, +1)) / 2;
        return cycle;
    }

    // The nearest filled bin in one direction round the cycle.
    private static double Neighbour(double[] cycle, int k, int step)
    {
        for (var i = 1; i < cycle.Length; i++)
            if (!double.IsNaN(cycle[((k + step * i) % cycle.Length + cycle.Length) % cycle.Length]))
                return cycle[((k + step * i) % cycle.Length + cycle.Length) % cycle.Length];
        return 0;
    }

    private static int Bin(int frame, double period, int bins)
    {
        var phase = frame / period;
        return Math.Min(bins - 1, (int)((phase - Math.Floor(phase)) * bins));
    }

    // Background per pixel on one cycle frame, from a ring 1 to 3 pixels (64²: 6 to 19 mm; see Chamber.Ring) outside the ventricle (its ROI and automatic outline): each pixel's mean over the cycle,
    // leaving out pixels that pulse with the ventricle (ED − ES above 15 % of its largest); see Chamber for what else each
    // ventricle leaves out and why [?: adapted from the periventricular background of gated studies, Corbett2006]. The
    // pre-ventricular (lung-phase) frame [Gal1986] is not used: in RAO the RV overlies the LV, and on simulated hearts the RV's
    // tail still in that frame was as large as the LV's own end-systolic counts.
    private static double Periventricular(FirstPassFrames fp, Chamber chamber, float[][] cycle, int ed, int es, bool[] mask, bool[] ventricle, out int ringPixels)
    {
        var name = chamber.Name;
        int rows = fp.Rows, cols = fp.Columns, px = rows * cols;
        var stroke = Stroke(fp, cycle[ed], cycle[es]);
        double top = 0;
        for (var p = 0; p < px; p++) if (mask[p]) top = Math.Max(top, stroke[p]);
        var (nearPixels, farPixels) = chamber.Ring(fp);
        var far = Morphology.Dilate(ventricle, rows, cols, farPixels);
        var near = Morphology.Dilate(ventricle, rows, cols, nearPixels);
        double roiMean = 0; var roiPixels = 0;
        for (var p = 0; p < px; p++)
            if (mask[p]) { foreach (var frame in cycle) roiMean += frame[p]; roiPixels++; }
        roiMean /= roiPixels * cycle.Length;
        var values = new List<double>();
        for (var p = 0; p < px; p++)
        {
            var pulsing = chamber.BackgroundWithFilling ? stroke[p] >= 0.15 * top : Math.Abs(stroke[p]) >= 0.15 * top;
            if (!far[p] || near[p] || pulsing) continue;
            double sum = 0;
            foreach (var frame in cycle) sum += frame[p];
            if (!chamber.BackgroundWithFilling || sum / cycle.Length < roiMean) values.Add(sum / cycle.Length);
        }
        if (values.Count < 4)
            throw new ProcedureInputException($"{fp.Source}: no still pixels round the {name} for its background (every neighbour pulses)");
        ringPixels = values.Count;
        values.Sort();
        return chamber.BackgroundWithFilling ? values.Average() : values[values.Count / 2];
    }

    // ED is the cycle's maximum; ES the minimum within the 70 % of the cycle after it (ejection and slow filling, not the
    // atrial kick before the next ED).
    private static (int Ed, int Es) EndDiastoleAndSystole(double[] cycle)
    {
        var n = cycle.Length;
        var ed = ArgMax(cycle, 0, n);
        var es = (ed + 1) % n;
        for (var k = 1; k <= (int)(0.7 * n); k++)
            if (cycle[(ed + k) % n] < cycle[es]) es = (ed + k) % n;
        return (ed, es);
    }

    // The ventricle on its ED frame: pixels of the phase's region connected to the strongest emptying (ED − ES) whose ED
    // counts reach 50 % of the ventricle's maximum and that do not fill in systole, traced as a polygon on 48 rays from the
    // centroid. The ED frame of the ventricle's own phase, not net of the background frame: the pre-LV frame still holds the
    // RV's tail, and subtracting it would cut the LV where the RV overlies it in RAO.
    private static RoiDefinition Outline(Chamber chamber, FirstPassFrames fp, bool[] region, float[] edFrame, float[] esFrame)
    {
        var name = chamber.Name;
        int rows = fp.Rows, cols = fp.Columns, px = rows * cols;
        var stroke = Stroke(fp, edFrame, esFrame);
        var counts = BinomialSmoothing.Apply(edFrame, rows, cols, Passes(fp));
        var seed = -1;
        for (var p = 0; p < px; p++) if (region[p] && (seed < 0 || stroke[p] > stroke[seed])) seed = p;
        if (seed < 0 || !(stroke[seed] > 0))
            throw new ProcedureInputException($"{fp.Source}: no {name} found: nothing in the {name} phase empties in systole");
        double top = 0;
        for (var p = 0; p < px; p++) if (stroke[p] > 0.5 * stroke[seed] && counts[p] > top) top = counts[p];
        var strokeFraction = StrokeFraction;
        if (chamber.StrokePerPixel)
        {
            // A dilated, failing LV empties little in its centre, where a pixel's counts change only with the cavity's
            // depth: at LVEF 15–18 % most of its central pixels lose less than 10 %, and the outline shrank to the pixels
            // near its edge (8 pixels for 220 ml at 64²: LVEF 7.6 points high). So the LV's pixels need 10 % or half the
            // share the whole bright region round the seed loses (aorta and atria included), whichever is less.
            var bright = Morphology.Grow(seed, rows, cols, q => counts[q] >= EdFraction * top);
            double lost = 0, held = 0;
            for (var p = 0; p < px; p++) if (bright[p]) { lost += stroke[p]; held += counts[p]; }
            if (held > 0 && lost > 0) strokeFraction = Math.Clamp(RelativeStrokeFraction * lost / held, MinimumStrokeFraction, StrokeFraction);
        }
        var inside = Morphology.Grow(seed, rows, cols, q => counts[q] >= EdFraction * top
            && stroke[q] >= strokeFraction * (chamber.StrokePerPixel ? counts[q] : stroke[seed]));
        var (cr, ccol, _) = Centroid(inside, cols);
        var points = new List<double[]>(Rays);
        for (var i = 0; i < Rays; i++)
        {
            var angle = 2 * Math.PI * i / Rays;
            double dy = Math.Sin(angle), dx = Math.Cos(angle), radius = 0;
            for (var s = 0.0; s < Math.Max(rows, cols); s += 0.25)
            {
                int rr = (int)Math.Round(cr + dy * s), cc = (int)Math.Round(ccol + dx * s);
                if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) break;
                if (inside[rr * cols + cc]) radius = s;
                else if (s > radius + 1.5) break;
            }
            radius += 0.5;
            points.Add([Math.Round(cr + dy * radius, 3), Math.Round(ccol + dx * radius, 3)]);
        }
        // Each ventricle's outline lies on the ED image of its own representative cycle: "LV cycle ED", "RV cycle ED".
        return RoiDefinition.Polygon(name.ToLowerInvariant() + ".ed", $"{name} cycle ED",
            Inv($"automatic: {name} on the ED frame of its representative cycle, connected pixels that empty in systole with counts ≥ {EdFraction * 100:0} % of the ventricle's maximum"),
            points, fp.PixelMm);
    }

    // The entering bolus's curve: width at half maximum round its peak, and the maxima above half of it separated by a dip below
    // 85 % of the lower one (a bolus that arrived in parts).
    private static (double FwhmSeconds, int Peaks) Bolus(double[] curve, int peakFrame, double period, double dt)
    {
        var halfMax = curve[peakFrame] / 2;
        int a = peakFrame, b = peakFrame;
        while (a > 0 && curve[a] > halfMax) a--;
        while (b < curve.Length - 1 && curve[b] > halfMax) b++;
        var peaks = 0; double? lastPeak = null; var dip = double.MaxValue;
        var reach = (int)Math.Round(period);
        for (var f = 1; f < curve.Length - 1; f++)
        {
            if (lastPeak is not null) dip = Math.Min(dip, curve[f]);
            var isMax = curve[f] >= halfMax;
            for (var k = Math.Max(0, f - reach); k <= Math.Min(curve.Length - 1, f + reach) && isMax; k++) if (curve[k] > curve[f]) isMax = false;
            if (!isMax) continue;
            if (lastPeak is null || dip < FragmentDip * Math.Min(lastPeak.Value, curve[f])) { peaks++; lastPeak = curve[f]; dip = double.MaxValue; }
        }
        return ((b - a) * dt, Math.Max(1, peaks));
    }

    private static float[][] MovingMean(float[][] frames, int half)
    {
        int n = frames.Length, px = frames[0].Length;
        var result = new float[n][];
        var sum = new double[px];
        int lo = 0, hi = -1;
        for (var f = 0; f < n; f++)
        {
            int from = Math.Max(0, f - half), to = Math.Min(n - 1, f + half);
            while (hi < to) { hi++; var fr = frames[hi]; for (var p = 0; p < px; p++) sum[p] += fr[p]; }
            while (lo < from) { var fr = frames[lo]; for (var p = 0; p < px; p++) sum[p] -= fr[p]; lo++; }
            var m = result[f] = new float[px];
            var k = to - from + 1;
            for (var p = 0; p < px; p++) m[p] = (float)(sum[p] / k);
        }
        return result;
    }

    // Mean over the frames within half a window either side (fewer at the ends).
    /// <summary>Mean over frames f − half … f + half (clamped at the ends) of a curve: its transit without the pulsation.</summary>
    internal static double[] MovingMean(double[] curve, int half)
    {
        var result = new double[curve.Length];
        for (var f = 0; f < curve.Length; f++)
        {
            int from = Math.Max(0, f - half), to = Math.Min(curve.Length - 1, f + half);
            double s = 0; for (var k = from; k <= to; k++) s += curve[k];
            result[f] = s / (to - from + 1);
        }
        return result;
    }

    // ED − ES per pixel, 1-2-1 smoothed: positive where the ventricle empties in systole, negative where atria and great
    // vessels fill.
    private static float[] Stroke(FirstPassFrames fp, float[] ed, float[] es)
    {
        var stroke = new float[ed.Length];
        for (var p = 0; p < stroke.Length; p++) stroke[p] = ed[p] - es[p];
        return BinomialSmoothing.Apply(stroke, fp.Rows, fp.Columns, Passes(fp));
    }

    private static int Passes(FirstPassFrames fp) => Reference.SmoothingPasses(fp.PixelMm);

    private static (double Row, double Col, int Pixels) Centroid(bool[] mask, int cols)
    {
        double r = 0, c = 0; var n = 0;
        for (var p = 0; p < mask.Length; p++) if (mask[p]) { r += p / cols; c += p % cols; n++; }
        return (r / n, c / n, n);
    }

    private static double[] RegionCurve(float[][] frames, bool[] mask) => frames.Select(f => Sum(f, mask)).ToArray();

    private static double Sum(float[] image, bool[] mask)
    {
        double s = 0;
        for (var p = 0; p < image.Length; p++) if (mask[p]) s += image[p];
        return s;
    }

    private static int ArgMax(double[] v, int from, int to)
    {
        var best = Math.Min(from, v.Length - 1);
        for (var i = from; i < Math.Min(to, v.Length); i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int ArgMin(double[] v, int from, int to)
    {
        var best = Math.Min(from, v.Length - 1);
        for (var i = from; i < Math.Min(to, v.Length); i++) if (v[i] < v[best]) best = i;
        return best;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
