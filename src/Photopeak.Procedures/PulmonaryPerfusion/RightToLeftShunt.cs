namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Right-to-left shunt fraction from a whole-body ANT/POST scan of Tc-99m MAA (CLINICAL §5): the whole-body geometric-mean method
/// [Ito2011] and, when the head is in the field, the brain method [Abrams1998]; plus the free-pertechnetate check (extrapulmonary activity
/// without brain uptake). Lung outlines are found automatically in the chest rows of the scan; the head ROI runs from the vertex down to the narrowest row of the neck.
/// </summary>
public sealed record RightToLeftShunt(
    double WholeBodyPercent,
    double? BrainPercent,
    LungRoiSet LungRois,
    int? HeadLastRow,
    double? BrainToThighRatio,
    double? ThyroidToNeckRatio,
    double LungCountFraction)
{
    /// <summary>Why there is no brain method (head not wholly in the field, no neck found), or null.</summary>
    public string? HeadNote { get; init; }
    /// <summary>Why the head-to-thigh ratio is missing (scan too short to reach the thighs), or null.</summary>
    public string? ThighNote { get; init; }
    /// <summary>Body length (vertex to lowest body row) a scan must cover for the thigh band to lie on the thighs, mm.</summary>
    public const double MinimumLengthForThighsMm = 1400;

    /// <summary>Largest whole-body shunt validated on simulated scans (within 1 point up to 40 %; at 60 % the method reads 2.4
    /// points low as kidneys and liver enter the chest rows), %.</summary>
    public const double ValidatedUpToPercent = 40;
    /// <summary>Whole-body method cut-off, % (normal 6.6 ± 0.9%) [Ito2011].</summary>
    public const double WholeBodyCutoffPercent = 10;
    /// <summary>Brain share of cardiac output assumed by the brain method, 0.13 [Abrams1998][?].</summary>
    public const double BrainCardiacOutputFraction = 0.13;
    /// <summary>Head-to-thigh counts per body pixel at or above which the brain is taken to hold particles (our choice: free pertechnetate
    /// or a body-level background gives about 1, a 5% shunt about 3 on the simulated camera).</summary>
    public const double BrainUptakeRatio = 2.0;
    /// <summary>Neck hot spot over the neck's median counts at or above which the thyroid is called visible (our choice).</summary>
    public const double ThyroidVisibleRatio = 3.0;
    /// <summary>Lung outline threshold on the whole-body scan, fraction of each lung's robust maximum (see <see cref="LungRoiSegmenter"/>).
    /// Chosen on simulated LEHR scans so the outline matches the projected lung (0.10 gave −1 point at 9 mm pixels, 0.13 +0.6 at
    /// 2.25 mm): the whole-body method moves ~1 point per pixel of outline, so an edited outline must follow the lung edge closely.</summary>
    public const double LungThresholdFraction = 0.12;
    /// <summary>Rows of the chest window: contiguous rows around the hottest row whose GM row sum is at least this share of the peak.</summary>
    private const double ChestRowFraction = 0.25;
    /// <summary>Body pixels: GM counts at least this share of their row's maximum (head and thigh means).</summary>
    private const double BodyPixelFraction = 0.30;

    /// <summary>Measures the shunt on a whole-body anterior image and the posterior image already mirrored left-right.</summary>
    public static RightToLeftShunt Measure(float[] anterior, float[] posteriorMirrored, int rows, int cols, double pixelMm, double lungThreshold = LungThresholdFraction)
    {
        var gm = new float[rows * cols];
        for (var i = 0; i < gm.Length; i++) gm[i] = MathF.Sqrt(Math.Max(anterior[i], 0) * Math.Max(posteriorMirrored[i], 0));
        var rowSum = SmoothedRowSums(anterior, posteriorMirrored, rows, cols);

        // Chest window: the lungs hold the hottest rows even with a large shunt (kidneys and brain stay well below a quarter of the peak).
        var peak = 0;
        for (var r = 1; r < rows; r++) if (rowSum[r] > rowSum[peak]) peak = r;
        if (!(rowSum[peak] > 0)) throw new LungRoiException("the whole-body scan holds no counts");
        int top = peak, bottom = peak;
        while (top > 0 && rowSum[top - 1] >= ChestRowFraction * rowSum[peak]) top--;
        while (bottom < rows - 1 && rowSum[bottom + 1] >= ChestRowFraction * rowSum[peak]) bottom++;
        var margin = (int)Math.Ceiling(30 / pixelMm);
        top = Math.Max(0, top - margin); bottom = Math.Min(rows - 1, bottom + margin);
        var h = bottom - top + 1;
        var chestA = new float[h * cols]; var chestP = new float[h * cols];
        Array.Copy(anterior, top * cols, chestA, 0, h * cols); Array.Copy(posteriorMirrored, top * cols, chestP, 0, h * cols);
        var chest = LungRoiSegmenter.Segment(chestA, chestP, h, cols, lungThreshold);
        var lungs = new LungRoiSet(rows, cols,
            chest.RightSpans.Select(s => new[] { s[0] + top, s[1], s[2] }).ToArray(), chest.LeftSpans.Select(s => new[] { s[0] + top, s[1], s[2] }).ToArray());
        var lungMask = lungs.RightMask; var left = lungs.LeftMask;
        for (var i = 0; i < lungMask.Length; i++) lungMask[i] |= left[i];

        // Whole-body method: shunt_WB% = (GM_wholebody − GM_lungs) / GM_wholebody × 100, GM of ANT and mirrored POST totals [Ito2011].
        var all = new bool[rows * cols]; Array.Fill(all, true);
        var gmBody = LungSplit.GeometricMean(anterior, posteriorMirrored, all);
        var gmLungs = LungSplit.GeometricMean(anterior, posteriorMirrored, lungMask);
        var wholeBody = 100 * (gmBody - gmLungs) / gmBody;

        // Body extent: rows above a tenth of the median row (most rows of a whole-body scan cross the body; rows beyond the vertex and
        // the feet hold only scatter). The neck is the row of least counts between the head's fullest row (within 200 mm of the vertex:
        // an adult head is ~230 mm from vertex to chin) and the chest window; the head ROI runs from the top down to it.
        var sortedRows = (double[])rowSum.Clone(); Array.Sort(sortedRows);
        var bodyRow = 0.1 * sortedRows[rows / 2];
        var bodyTop = 0;
        while (bodyTop < top && rowSum[bodyTop] < bodyRow) bodyTop++;
        var bodyBottom = rows - 1;
        while (bodyBottom > bottom && rowSum[bodyBottom] < bodyRow) bodyBottom--;
        int? headLast = null; double? brainPercent = null, brainRatio = null, thyroidRatio = null;
        string? headNote = null, thighNote = null;
        var headSearch = Math.Min(top - 1, bodyTop + (int)(200 / pixelMm));
        // The vertex must be inside the image: a body reaching the first row means the top of the head is cut off.
        if (bodyTop == 0 || rowSum[0] >= bodyRow) headNote = "the top of the head is not in the field (the body reaches the first row)";
        else if (headSearch - bodyTop < (int)(100 / pixelMm)) headNote = "less than 100 mm of head above the chest";
        else
        {
            var headPeak = bodyTop;
            for (var r = bodyTop; r <= headSearch; r++) if (rowSum[r] > rowSum[headPeak]) headPeak = r;
            var neck = -1;
            for (var r = headPeak + 1; r < top; r++) if (neck < 0 || rowSum[r] < rowSum[neck]) neck = r;
            if (neck > headPeak)
            {
                headLast = neck;
                var head = new bool[rows * cols];
                Array.Fill(head, true, 0, (neck + 1) * cols);
                // Brain method: shunt_brain% = (GM_brain / 0.13) / (GM_brain / 0.13 + GM_lungs) × 100 [Abrams1998][?]; GM_brain = head ROI.
                var brain = LungSplit.GeometricMean(anterior, posteriorMirrored, head) / BrainCardiacOutputFraction;
                brainPercent = 100 * brain / (brain + gmLungs);
                var headMean = BodyMean(gm, cols, bodyTop, neck - 1);
                // Thighs: 30–45% of the body length above its lower end (pelvis and feet excluded), only when the scan reaches the
                // feet; on a shorter scan that band would be the abdomen (kidneys, stomach).
                var length = bodyBottom - bodyTop + 1;
                if (length * pixelMm < MinimumLengthForThighsMm || bodyBottom == rows - 1)
                    thighNote = FormattableString.Invariant($"the scan covers {length * pixelMm:0} mm of body{(bodyBottom == rows - 1 ? " and is cut at the bottom" : "")}, not vertex to feet");
                else
                {
                    var thighMean = BodyMean(gm, cols, bodyBottom - (int)(0.45 * length), bodyBottom - (int)(0.30 * length));
                    if (thighMean > 0) brainRatio = headMean / thighMean;
                }
                // The thyroid lies within ~80 mm below the head; further down the lung apices would be taken for it.
                thyroidRatio = NeckHotSpot(gm, cols, neck + 1, Math.Min(top + margin, neck + (int)Math.Ceiling(80 / pixelMm)));
            }
            else headNote = "no neck found between the head and the chest";
        }
        return new RightToLeftShunt(wholeBody, brainPercent, lungs, headLast, brainRatio, thyroidRatio, gmLungs / gmBody) { HeadNote = headNote, ThighNote = thighNote };
    }

    /// <summary>True when a true shunt is supported by brain uptake (head counts per body pixel well above the thighs'), false
    /// when the brain holds no more than body background, null when it could not be judged (head or thighs not in the field).</summary>
    public bool? BrainUptakeSeen => BrainToThighRatio is { } ratio ? ratio >= BrainUptakeRatio : null;

    /// <summary>Row sums of ANT + POST, smoothed over three rows.</summary>
    private static double[] SmoothedRowSums(float[] a, float[] p, int rows, int cols)
    {
        var raw = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            double s = 0;
            for (var c = 0; c < cols; c++) s += a[r * cols + c] + p[r * cols + c];
            raw[r] = s;
        }
        var smooth = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            double s = 0; var n = 0;
            for (var d = -1; d <= 1; d++) if (r + d >= 0 && r + d < rows) { s += raw[r + d]; n++; }
            smooth[r] = s / n;
        }
        return smooth;
    }

    /// <summary>Mean GM counts of the body pixels (at least <see cref="BodyPixelFraction"/> of their row maximum) in rows r0..r1.</summary>
    private static double BodyMean(float[] gm, int cols, int r0, int r1)
    {
        double sum = 0; var n = 0;
        for (var r = Math.Max(0, r0); r <= r1 && (r + 1) * cols <= gm.Length; r++)
        {
            float max = 0;
            for (var c = 0; c < cols; c++) max = Math.Max(max, gm[r * cols + c]);
            if (!(max > 0)) continue;
            for (var c = 0; c < cols; c++)
                if (gm[r * cols + c] >= BodyPixelFraction * max) { sum += gm[r * cols + c]; n++; }
        }
        return n == 0 ? 0 : sum / n;
    }

    /// <summary>The neck's hottest pixel (rows r0 to r1 − 1) over the median of its body pixels.</summary>
    private static double? NeckHotSpot(float[] gm, int cols, int r0, int r1)
    {
        var values = new List<float>(); float max = 0;
        for (var r = r0; r < r1; r++)
        {
            float rowMax = 0;
            for (var c = 0; c < cols; c++) rowMax = Math.Max(rowMax, gm[r * cols + c]);
            for (var c = 0; c < cols; c++)
                if (rowMax > 0 && gm[r * cols + c] >= BodyPixelFraction * rowMax) { values.Add(gm[r * cols + c]); max = Math.Max(max, gm[r * cols + c]); }
        }
        if (values.Count < 5) return null;
        values.Sort();
        var median = values[values.Count / 2];
        return median > 0 ? max / median : null;
    }
}
