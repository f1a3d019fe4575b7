using Photopeak.Imaging.Pixels;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>
/// How far the LV's valve plane moves along the long axis on each gated frame of a perfusion view. The AV plane, not the
/// apex, carries most of the LV's long-axis shortening: it descends 12–16 mm towards a nearly still apex in systole
/// [Carlsson2007: Am J Physiol Heart Circ Physiol 2007;292:H1452–H1459]. On a planar view the open base shows no wall to
/// follow, but the basal myocardium that bounds it moves with it: each frame's basal myocardium is registered to the other
/// frames' along the long axis, and the straight valve line drawn on the summed frames moves by that translation.
/// </summary>
internal static class ValvePlaneMotion
{
    // The basal myocardium: beyond the valve line of the summed frames (from WindowStartBeyondLineMm), within 45 mm of it and
    // 40 mm of the outermost walled border (the myocardium and its blur, not the atria and great vessels beyond), where the
    // summed frames stand at least 10 % of the myocardium's level (the 95th percentile of the heart's disc) above the
    // background (a ring outside the disc). Without that level the lung's and the atria's slow changes were read as motion
    // (+2.2 points on the development hearts).
    private const double BeyondLineMm = 45, BeyondWallMm = 40, BackgroundRingMm = 10, MyocardiumFraction = 0.10;
    // The window starts this far beyond the line: the line joins the endocardial borders of the walls beside the base, and the
    // walls' ends at the line move inward as the LV narrows, which a translation along the axis cannot follow: with them in
    // the window the shifts came out smaller and the largest EFs read lowest. On the development hearts (seeds 5101–5120, the accuracy test's
    // twenty hearts redrawn; EF points): from the line, mean −0.1, rms 2.24, 15 of 20 within 3, slope 0.924; from 2.5 mm
    // +0.6, 2.09, 16, 0.950; from 3.5 mm +0.8, 2.02, 17, 0.960; from 5 mm +1.2, 2.18, 17, 0.968, its repeat SD (16
    // realisations, seeds 5201–5216) 2.27 against 2.0 from the line and from 3.5 mm: fewer pixels, more noise. (Measured with
    // the valve line's ends on the last walled rays; see GatedPerfusionFunction.ValveEndStrength for the figures since.)
    private const double WindowStartBeyondLineMm = 3.5;
    // The window is chosen on the summed frames smoothed once more, by the frames' own 6 mm: its edge then follows the
    // blurred outline of the basal myocardium, not its pixels, and reaches a little further down the myocardium's flanks,
    // where the counts' slope along the axis tells the translation. Chosen on the summed frames themselves, the development
    // hearts (seeds 5101–5120; EF points: mean, rms, within 3 of 20, slope) read +0.2, 1.98, 17, 0.947, noiseless −0.8,
    // 1.22, 20; once more smoothed: +0.6, 1.77, 17, 0.959, noiseless −0.2, 0.75, 20. Repeat SD (16 realisations, seeds
    // 5201–5216) 1.24 → 1.16. An added 4 to 12 mm read alike (rms 1.77–1.91, repeat SD 1.14–1.20); on the accuracy test's
    // hearts and twenty drawn after the choice see GatedPerfusionAccuracyTests.
    private const double WindowSelectionSmoothingMm = 6;
    // Translations searched, mm: the base moves up to ±10 mm about its mean on a normal heart.
    private const double SearchMm = 15, SearchStepMm = 0.5;

    /// <summary>The valve line's shift along <paramref name="baseDirection"/> (unit, row/column, pointing from the centre
    /// through the open base) on each frame, relative to its mean over the cycle, pixels; positive away from the apex.
    /// <paramref name="frames"/> are the cycle's frames as acquired (not filtered in time) smoothed in space, <paramref name="lineDistancePx"/> the
    /// summed frames' valve line's distance from <paramref name="centre"/>.</summary>
    public static double[] ShiftsPx(float[][] frames, int rows, int cols, double pixelMm, (double Row, double Col) centre, (double Dy, double Dx) baseDirection,
        double lineDistancePx, double outermostBorderPx)
    {
        int n = frames.Length, pixels = rows * cols;
        var sum = new float[pixels];
        foreach (var frame in frames) System.Numerics.Tensors.TensorPrimitives.Add(sum, frame, sum);
        var window = BasalMyocardium(GaussianSmoothing.Apply(sum, rows, cols, WindowSelectionSmoothingMm / pixelMm), rows, cols, pixelMm, centre, baseDirection,
            lineDistancePx, outermostBorderPx);
        if (window.Length < 8) return new double[n];

        // Each frame against the mean of the others: against the mean of all, its own noise (1/n of that mean) would pull the
        // translation towards zero. The others' mean lies 1/(n − 1) of the frame's own translation the other way, so each
        // translation is scaled by (n − 1)/n.
        var template = new float[pixels];
        var shifts = new double[n];
        for (var f = 0; f < n; f++)
        {
            System.Numerics.Tensors.TensorPrimitives.Subtract(sum, frames[f], template);
            shifts[f] = Translation(frames[f], template, rows, cols, window, baseDirection, pixelMm) * (n - 1) / n;
        }
        return CycleHarmonics(shifts);
    }

    // Window pixels: the basal myocardium (see the constants).
    private static int[] BasalMyocardium(float[] sum, int rows, int cols, double pixelMm, (double Row, double Col) centre, (double Dy, double Dx) u,
        double lineDistancePx, double outermostBorderPx)
    {
        var radius = outermostBorderPx + BeyondWallMm / pixelMm;
        double beyond = lineDistancePx + BeyondLineMm / pixelMm, ring = radius + BackgroundRingMm / pixelMm;
        var candidates = new List<int>();
        var ringValues = new List<float>();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                double dr = r - centre.Row, dc = c - centre.Col, d = Math.Sqrt(dr * dr + dc * dc), s = dr * u.Dy + dc * u.Dx;
                if (d <= radius && s <= beyond) candidates.Add(r * cols + c);
                else if (d > radius && d <= ring) ringValues.Add(sum[r * cols + c]);
            }
        if (candidates.Count == 0 || ringValues.Count == 0) return [];
        ringValues.Sort();
        var background = ringValues[ringValues.Count / 4];
        var levels = candidates.Select(i => sum[i]).Order().ToArray();
        var myocardium = levels[(int)(0.95 * (levels.Length - 1))];
        var threshold = background + MyocardiumFraction * (myocardium - background);
        var start = lineDistancePx + WindowStartBeyondLineMm / pixelMm;
        return [.. candidates.Where(i => sum[i] >= threshold && ((i / cols - centre.Row) * u.Dy + (i % cols - centre.Col) * u.Dx) >= start)];
    }

    // The translation along u (pixels) that best maps the template onto the frame over the window, the frame taken as
    // gain·template + offset (the wall brightens as it thickens): a search in 0.5 mm steps, refined by a parabola.
    private static double Translation(float[] frame, float[] template, int rows, int cols, int[] window, (double Dy, double Dx) u, double pixelMm)
    {
        var steps = (int)Math.Round(SearchMm / SearchStepMm);
        var errors = new double[2 * steps + 1];
        for (var k = -steps; k <= steps; k++)
        {
            var shiftPx = k * SearchStepMm / pixelMm;
            double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
            foreach (var i in window)
            {
                int r = i / cols, c = i % cols;
                double x = BilinearSampling.Sample(template, rows, cols, Math.Clamp(r - shiftPx * u.Dy, 0, rows - 1), Math.Clamp(c - shiftPx * u.Dx, 0, cols - 1)), y = frame[i];
                sx += x; sy += y; sxx += x * x; sxy += x * y; syy += y * y;
            }
            // Residual sum of squares of y on x by least squares: Syy − Sxy²/Sxx about the means.
            double m = window.Length, vxx = sxx - sx * sx / m, vxy = sxy - sx * sy / m, vyy = syy - sy * sy / m;
            errors[k + steps] = vxx > 0 ? vyy - vxy * vxy / vxx : vyy;
        }
        var best = Array.IndexOf(errors, errors.Min());
        var refined = (double)best;
        if (best > 0 && best < errors.Length - 1)
        {
            var curvature = errors[best - 1] - 2 * errors[best] + errors[best + 1];
            if (curvature > 0) refined += 0.5 * (errors[best - 1] - errors[best + 1]) / curvature;
        }
        return (refined - steps) * SearchStepMm / pixelMm;
    }

    // The shifts reduced to harmonics 1–2 of the cycle (the mean removed), each divided by the frames' integration gain, as
    // the pixels' series are (GatedPerfusionFunction.TemporalFourierFilter).
    private static double[] CycleHarmonics(double[] shifts)
    {
        var n = shifts.Length;
        var mean = shifts.Average();
        var fitted = GatedVentricularAnalysis.LowHarmonics(shifts, Math.Min(GatedPerfusionFunction.KeptHarmonics, (n - 1) / 2), h => GatedCycle.FrameIntegrationGain(h, n));
        return [.. fitted.Select(v => v - mean)];
    }

    /// <summary>Area of a polygon ([row, column] vertices) on the apex's side of a line: the points p with
    /// (p − <paramref name="centre"/>)·<paramref name="u"/> ≤ <paramref name="lineDistancePx"/> (Sutherland–Hodgman), px².</summary>
    public static double AreaBelowLinePx2(double[][] polygon, (double Row, double Col) centre, (double Dy, double Dx) u, double lineDistancePx)
    {
        var clipped = new List<double[]>(polygon.Length + 2);
        double Beyond(double[] p) => (p[0] - centre.Row) * u.Dy + (p[1] - centre.Col) * u.Dx - lineDistancePx;
        for (var i = 0; i < polygon.Length; i++)
        {
            double[] a = polygon[i], b = polygon[(i + 1) % polygon.Length];
            double sa = Beyond(a), sb = Beyond(b);
            if (sa <= 0) clipped.Add(a);
            if (sa <= 0 != sb <= 0)
            {
                var t = sa / (sa - sb);
                clipped.Add([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
            }
        }
        return clipped.Count < 3 ? 0 : Results.RoiDefinition.PolygonAreaPx2([.. clipped]);
    }
}
