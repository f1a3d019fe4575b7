namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Finds perfusion defects as sectors of a lung (<see cref="LungSectors"/>) whose share of that lung's counts falls below the expected
/// share of a normal lung (<see cref="NormalSectorFractions"/>), on the geometric mean of ANT and mirrored POST, after restoring the
/// normal lung's scale by fitting the sector pattern with up to two segment signatures. Adjacent deficient sectors of one lung form one defect, named after the segment whose deficit signature
/// (<see cref="SegmentSignatures"/>) its pattern on ANT and POST matches best; the deficit as a fraction of the normal lung, in units of one segment's expected share (1/10 of the right
/// lung, 1/8 of the left), grades the size. With ventilation, the same sectors on the ventilation views decide matched or mismatched.
/// </summary>
internal static class PerfusionDefectDetector
{
    /// <summary>A sector is deficient when it lacks at least this share of its normal lung's counts (0.012 ≈ an eighth of a right segment;
    /// the largest in the ten normal training studies was 0.008, and no normal sector came within 56% of both thresholds; 0.010 and
    /// 0.085 gave two false defects in one held-out normal study).</summary>
    public const double MinimumMissingLungFraction = 0.012;
    /// <summary>... and at least this fraction of its own expected counts.</summary>
    public const double MinimumRelativeDeficit = 0.10;

    /// <summary>
    /// Expected sector shares of a normal lung on ANT and mirrored POST, [lung 0 = right, 1 = left][view 0 = ANT, 1 = POST][sector].
    /// Mean of 30 simulated normal studies (seeds 100–118 even of the accuracy tests and 3500–3519; Photopeak torso phantom, LEHR, 64 × 64;
    /// a test recomputes it); a clinical normal database should replace them.
    /// </summary>
    public static readonly double[][][] NormalSectorFractions =
    [
        [[0.1179, 0.1180, 0.2796, 0.2244, 0.1620, 0.0981], [0.1136, 0.1122, 0.2675, 0.2297, 0.1610, 0.1160]],
        [[0.1532, 0.1546, 0.3280, 0.2005, 0.1276, 0.0361], [0.1392, 0.1401, 0.3010, 0.2249, 0.1290, 0.0659]],
    ];

    /// <summary>Sector fractions [lung][view 0 = ANT, 1 = POST][sector] of a study, for fitting <see cref="NormalSectorFractions"/>.</summary>
    public static double[][][] SectorFractions(float[] anterior, float[] posteriorMirrored, LungRoiSet rois)
    {
        var geometry = LungSectors.Geometry(anterior, posteriorMirrored, rois);
        return [.. Enumerable.Range(0, 2).Select(lung =>
        {
            var mask = lung == 0 ? rois.RightMask : rois.LeftMask;
            return new[] { LungSectors.Fractions(anterior, mask, rois.Columns, lung == 0, geometry[lung]), LungSectors.Fractions(posteriorMirrored, mask, rois.Columns, lung == 0, geometry[lung]) };
        })];
    }

    /// <summary>The deficit pattern of each lung [0 = right, 1 = left]: relative deficit on ANT of the six sectors, then on POST (the
    /// vector <see cref="SegmentSignatures"/> holds per segment).</summary>
    public static double[][] DeficitPatterns(float[] anterior, float[] posteriorMirrored, LungRoiSet rois)
    {
        var geometry = LungSectors.Geometry(anterior, posteriorMirrored, rois);
        return [.. Enumerable.Range(0, 2).Select(lung =>
        {
            var d = Deficits(anterior, posteriorMirrored, lung == 0 ? rois.RightMask : rois.LeftMask, rois.Columns, lung, geometry[lung], fittedScale: false);
            return d.RelativeAnterior.Concat(d.RelativePosterior).ToArray();
        })];
    }

    /// <summary>Defects of both lungs; ventilation images (same registration as perfusion) may be null.</summary>
    public static IReadOnlyList<LungDefectFinding> Detect(float[] anterior, float[] posteriorMirrored, LungRoiSet rois,
        float[]? ventAnterior, float[]? ventPosteriorMirrored)
    {
        var findings = new List<LungDefectFinding>();
        var geometry = LungSectors.Geometry(anterior, posteriorMirrored, rois);
        for (var lung = 0; lung < 2; lung++)
        {
            var right = lung == 0;
            var mask = right ? rois.RightMask : rois.LeftMask;
            var perf = Deficits(anterior, posteriorMirrored, mask, rois.Columns, lung, geometry[lung], fittedScale: true);
            var vent = ventAnterior is not null && ventPosteriorMirrored is not null
                ? Deficits(ventAnterior, ventPosteriorMirrored, mask, rois.Columns, lung, geometry[lung], fittedScale: false) : null;
            var flagged = new bool[LungSectors.Count];
            for (var k = 0; k < flagged.Length; k++)
                flagged[k] = perf.Missing[k] >= MinimumMissingLungFraction && perf.Relative[k] >= MinimumRelativeDeficit;
            var seen = new bool[flagged.Length];
            for (var k = 0; k < flagged.Length; k++)
            {
                if (!flagged[k] || seen[k]) continue;
                var group = new List<int>(); var stack = new Stack<int>([k]); seen[k] = true;
                while (stack.Count > 0)
                {
                    var s = stack.Pop(); group.Add(s);
                    foreach (var n in Neighbours(s))
                        if (flagged[n] && !seen[n]) { seen[n] = true; stack.Push(n); }
                }
                findings.AddRange(Describe(group, flagged, perf, vent, right));
            }
        }
        // A wedge can leave two sector groups apart that match the same segment: one defect, sized by both. Only named defects
        // with the same ventilation match are merged; unnamed ones ("R"/"L" with a zone) stay apart, each its own finding.
        return [.. findings.Select((f, i) => (Finding: f, Key: f.SegmentCode is "R" or "L" ? $"#{i}" : $"{f.SegmentCode}:{f.Matched}"))
            .GroupBy(x => x.Key, x => x.Finding).Select(g =>
            {
                var main = g.MaxBy(f => f.DeficitSegmentFraction)!;
                var fraction = g.Sum(f => f.DeficitSegmentFraction);
                return main with { DeficitSegmentFraction = fraction, Size = SizeOf(fraction) };
            })];
    }

    /// <summary>Size grade of a deficit in segment equivalents: small &lt;0.25, moderate 0.25–0.75, large &gt;0.75 [Gottschalk2007][?].</summary>
    private static DefectSize SizeOf(double segments) => segments > 0.75 ? DefectSize.Large : segments >= 0.25 ? DefectSize.Moderate : DefectSize.Small;

    private sealed record SectorDeficits(double[] Missing, double[] Relative, double[] RelativeAnterior, double[] RelativePosterior);

    /// <summary>
    /// Per sector: the missing share of the normal lung, the relative deficit on GM, on ANT alone and on POST alone. Shares are of the
    /// lung's own counts, which a defect itself lowers; the normal lung's scale is restored so that a defect neither inflates the other
    /// sectors nor shrinks itself. <paramref name="fittedScale"/>: the scale is fitted with the segment signatures (<see cref="FittedScales"/>;
    /// perfusion). Otherwise it is the second highest measured / expected ratio (<see cref="SecondHighestRatio"/>): used for learning
    /// the signatures, whose single-segment training defects leave at least two sectors of the lung normal, and for ventilation, whose
    /// normal distribution (aerosol) differs from the MAA template, so that perfusion signatures would fit the difference as defects.
    /// </summary>
    private static SectorDeficits Deficits(float[] ant, float[] post, bool[] mask, int cols, int lung, LungSectors.SectorGeometry geometry, bool fittedScale)
    {
        var fa = LungSectors.Fractions(ant, mask, cols, lung == 0, geometry);
        var fp = LungSectors.Fractions(post, mask, cols, lung == 0, geometry);
        var ea = NormalSectorFractions[lung][0]; var ep = NormalSectorFractions[lung][1];
        var gm = new double[LungSectors.Count]; var egm = new double[LungSectors.Count];
        for (var k = 0; k < gm.Length; k++) { gm[k] = Math.Sqrt(fa[k] * fp[k]); egm[k] = Math.Sqrt(ea[k] * ep[k]); }
        double sg = gm.Sum(), se = egm.Sum();
        var m = new double[gm.Length]; var e = new double[gm.Length];
        for (var k = 0; k < gm.Length; k++) { m[k] = gm[k] / sg; e[k] = egm[k] / se; }
        double scaleA, scaleP;
        if (fittedScale)
        {
            double na = 0, np = 0;
            for (var i = 0; i < mask.Length; i++) if (mask[i]) { na += ant[i]; np += post[i]; }
            (scaleA, scaleP) = FittedScales(fa, fp, ea, ep, lung == 0, na, np);
        }
        else { scaleA = SecondHighestRatio(fa, ea); scaleP = SecondHighestRatio(fp, ep); }
        // The GM shares' scale follows from the two views': a normal sector's GM ratio is √(cA·cP) times the ratio of the sums.
        var scale = fittedScale ? Math.Sqrt(scaleA * scaleP) * se / sg : SecondHighestRatio(m, e);
        var missing = new double[gm.Length]; var rel = new double[gm.Length]; var ra = new double[gm.Length]; var rp = new double[gm.Length];
        for (var k = 0; k < gm.Length; k++)
        {
            missing[k] = e[k] - m[k] / scale; rel[k] = missing[k] / e[k];
            ra[k] = 1 - fa[k] / scaleA / ea[k]; rp[k] = 1 - fp[k] / scaleP / ep[k];
        }
        return new SectorDeficits(missing, rel, ra, rp);
    }

    /// <summary>The second highest over the sectors of measured / expected share, so that up to four deficient sectors (two segmental
    /// defects in one lung) do not set the scale, and one noisy sector does not either.</summary>
    private static double SecondHighestRatio(double[] measured, double[] expected)
    {
        var r = new double[measured.Length];
        for (var k = 0; k < r.Length; k++) r[k] = measured[k] / expected[k];
        Array.Sort(r);
        var median = r[^2];
        return median > 0 ? median : 1;
    }

    /// <summary>
    /// The normal lung's scale (cA, cP) on ANT and POST, fitted together with the defects: the measured / expected share y_k of sector k
    /// is modelled as c − Σ a_j·p_jk with at most two segment signatures p_j of the lung (<see cref="SegmentSignatures"/>, a_j ≥ 0 and
    /// shared by both views; a defect's relative deficit is linear in its missing uptake, and two defects' deficits add), by weighted least
    /// squares with weight N·e_k, the inverse Poisson variance of y_k (N the lung's counts on the view, e_k the expected share). The best
    /// fit over no segment, every segment and every pair sets the scale. Unlike the second highest ratio, this holds when two defects
    /// leave no sector of the lung normal (RUL posterior with a basal defect; the held-out set's misses).
    /// </summary>
    private static (double A, double P) FittedScales(double[] fa, double[] fp, double[] ea, double[] ep, bool right, double countsA, double countsP)
    {
        const int n = LungSectors.Count;
        var y = new double[2 * n]; var w = new double[2 * n];
        for (var k = 0; k < n; k++) { y[k] = fa[k] / ea[k]; w[k] = countsA * ea[k]; y[k + n] = fp[k] / ep[k]; w[k + n] = countsP * ep[k]; }
        var sigs = SegmentSignatures.All.Where(s => s.Right == right).Select(s => s.Pattern).ToArray();
        double best = double.MaxValue, bestA = 1, bestP = 1;
        void Try(double[][] set)
        {
            var m = 2 + set.Length;
            var ata = new double[m, m]; var aty = new double[m];
            var row = new double[m];
            for (var i = 0; i < 2 * n; i++)
            {
                Array.Clear(row);
                row[i < n ? 0 : 1] = 1;
                for (var j = 0; j < set.Length; j++) row[2 + j] = -set[j][i];
                for (var p = 0; p < m; p++) { aty[p] += w[i] * row[p] * y[i]; for (var q = 0; q < m; q++) ata[p, q] += w[i] * row[p] * row[q]; }
            }
            var x = Solve(ata, aty);
            if (x is null) return;
            for (var j = 2; j < m; j++) if (x[j] < 0) return;
            double rss = 0;
            for (var i = 0; i < 2 * n; i++)
            {
                var f = i < n ? x[0] : x[1];
                for (var j = 0; j < set.Length; j++) f -= x[2 + j] * set[j][i];
                rss += w[i] * (y[i] - f) * (y[i] - f);
            }
            if (rss < best) { best = rss; bestA = x[0]; bestP = x[1]; }
        }
        Try([]);
        for (var i = 0; i < sigs.Length; i++)
        {
            Try([sigs[i]]);
            for (var j = i + 1; j < sigs.Length; j++) Try([sigs[i], sigs[j]]);
        }
        return (bestA > 0 ? bestA : 1, bestP > 0 ? bestP : 1);
    }

    /// <summary>Gaussian elimination with partial pivoting of a small symmetric system; null when singular.</summary>
    private static double[]? Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        double scale = 0;
        for (var i = 0; i < n; i++) scale = Math.Max(scale, Math.Abs(a[i, i]));
        if (!(scale > 0)) return null;
        for (var c = 0; c < n; c++)
        {
            var piv = c;
            for (var r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[piv, c])) piv = r;
            // Relative to the matrix scale (entries ~ lung counts × share, 1e4–1e6): a nearly collinear pair of signatures is refused.
            if (Math.Abs(a[piv, c]) < 1e-10 * scale) return null;
            if (piv != c)
            {
                for (var k = 0; k < n; k++) (a[c, k], a[piv, k]) = (a[piv, k], a[c, k]);
                (b[c], b[piv]) = (b[piv], b[c]);
            }
            for (var r = c + 1; r < n; r++)
            {
                var f = a[r, c] / a[c, c];
                for (var k = c; k < n; k++) a[r, k] -= f * a[c, k];
                b[r] -= f * b[c];
            }
        }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = b[r];
            for (var k = r + 1; k < n; k++) s -= a[r, k] * x[k];
            x[r] = s / a[r, r];
        }
        return x;
    }

    private static IEnumerable<int> Neighbours(int s)
    {
        int z = s / 2, h = s % 2;
        yield return z * 2 + (1 - h);
        if (z > 0) yield return (z - 1) * 2 + h;
        if (z < 2) yield return (z + 1) * 2 + h;
    }

    private static IEnumerable<LungDefectFinding> Describe(List<int> group, bool[] flagged, SectorDeficits perf, SectorDeficits? vent, bool right)
    {
        double missing = group.Sum(k => perf.Missing[k]);
        // A wedge rarely fills whole sectors: the part of it in unflagged neighbours (below the flagging threshold) still counts to its size.
        var rim = group.SelectMany(Neighbours).Distinct().Where(n => !flagged[n]).ToArray();
        var sizeMissing = missing + rim.Sum(n => Math.Max(0, perf.Missing[n]));
        bool? matched = null;
        if (vent is not null)
        {
            // Matched when the ventilation loses at least half as much of the same sectors as the perfusion does.
            var ventMissing = group.Sum(k => Math.Max(0, vent.Missing[k]));
            matched = ventMissing >= 0.5 * missing;
        }
        // Segment(s): the signatures that best explain the deficit pattern over the defect's sectors and their rim; two adjacent
        // segmental defects merge into one group of sectors and are told apart here.
        var used = group.Concat(rim).ToHashSet();
        var parts = SegmentSignatures.Explain(right, perf.RelativeAnterior, perf.RelativePosterior, used);
        // Two segmental defects are each at least moderate: a pair whose smaller part would be small is kept as one defect.
        var total = sizeMissing / (right ? 0.10 : 0.125);
        if (parts.Count == 2 && parts.Min(p => p.Share) * total < 0.25)
            parts = [(SegmentSignatures.Explain(right, perf.RelativeAnterior, perf.RelativePosterior, used, allowPair: false)[0].Signature, 1)];
        foreach (var (signature, share) in parts)
        {
            // Zone and half: the signature's most deficient sector among those of the group (relative terms: a small medial sector
            // behind the heart loses few counts but a large part of its own).
            var worst = used.MaxBy(k => signature is null ? perf.Relative[k] : signature.Pattern[k] + signature.Pattern[k + LungSectors.Count]);
            int zone = worst / 2, half = worst % 2;
            // Deficit as a fraction of the normal lung, in units of one segment's expected share: 10 segments on the right, 8 on the left.
            var segmentFraction = share * sizeMissing / (right ? 0.10 : 0.125);
            var size = SizeOf(segmentFraction);
            var (code, name) = signature is null ? (right ? "R" : "L", $"{(right ? "right" : "left")} lung, {LungSplit.ZoneNames[zone]} zone") : (signature.Code, signature.Name);
            yield return new LungDefectFinding(right ? "right" : "left", LungSplit.ZoneNames[zone], LungSectors.HalfNames[half], code, name, segmentFraction, size, matched);
        }
    }
}
