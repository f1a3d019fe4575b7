namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// What a whole-segment perfusion defect looks like on the six sectors of ANT and mirrored POST: per bronchopulmonary segment (Boyden's
/// 18, codes as in the report), the unit-length vector of relative sector deficits [ANT sectors 0–5, POST sectors 0–5]. Learnt as the mean
/// pattern of simulated single-segment defects (Photopeak torso phantom, LEHR, 64 × 64, seeds 3000–3171, residual uptake 0; a test recomputes
/// them); planar views separate some segments poorly (RUL anterior against RML medial, lingula against LLL anteromedial basal), so the
/// segment is a proposal. A clinical library of proven defects should replace them.
/// </summary>
public static class SegmentSignatures
{
    /// <summary>One segment's signature.</summary>
    public sealed record Signature(string Code, string Name, bool Right, double[] Pattern);

    public static readonly IReadOnlyList<Signature> All =
    [
        new("RUL-AP", "right upper lobe apical segment", true,
            [0.3158, 0.6340, 0.0300, 0.0831, -0.0177, 0.0000, 0.3034, 0.6266, 0.0143, 0.0729, 0.0049, -0.0024]),
        new("RUL-P", "right upper lobe posterior segment", true,
            [0.3770, 0.2996, 0.1823, 0.3015, -0.0290, -0.0004, 0.5176, 0.4028, 0.2609, 0.3796, -0.0000, -0.0290]),
        new("RUL-A", "right upper lobe anterior segment", true,
            [0.3852, 0.2913, 0.3656, 0.5873, -0.0435, 0.0000, 0.2555, 0.1648, 0.2062, 0.3850, -0.0559, -0.0000]),
        new("RML-L", "right middle lobe lateral segment", true,
            [0.0000, -0.0149, 0.6922, 0.1535, 0.2821, 0.1002, 0.0173, -0.0159, 0.5675, 0.1278, 0.2586, 0.0403]),
        new("RML-M", "right middle lobe medial segment", true,
            [-0.0166, -0.0045, 0.0824, 0.6905, 0.0598, 0.3098, -0.0000, -0.0223, 0.1277, 0.4951, 0.2412, 0.3107]),
        new("RLL-S", "right lower lobe superior segment", true,
            [-0.0322, -0.0143, 0.1622, 0.5143, 0.0938, 0.1204, -0.0440, -0.0046, 0.2493, 0.7713, 0.0748, 0.1414]),
        new("RLL-MB", "right lower lobe medial basal segment", true,
            [0.0139, 0.0221, 0.0210, 0.0210, -0.0304, 0.6377, -0.0144, 0.0532, 0.0023, 0.0434, 0.0003, 0.7654]),
        new("RLL-AB", "right lower lobe anterior basal segment", true,
            [-0.0000, 0.0196, -0.0071, 0.0630, 0.5181, 0.6513, 0.0167, -0.0038, -0.0007, 0.0418, 0.3916, 0.3842]),
        new("RLL-LB", "right lower lobe lateral basal segment", true,
            [-0.0129, -0.0000, 0.1237, 0.0475, 0.6638, 0.1444, -0.0092, 0.0000, 0.1238, 0.0540, 0.6994, 0.1154]),
        new("RLL-PB", "right lower lobe posterior basal segment", true,
            [-0.0258, 0.0116, 0.0012, 0.1034, 0.2031, 0.5475, -0.0084, -0.0103, 0.0170, 0.1409, 0.2945, 0.7351]),
        new("LUL-APP", "left upper lobe apicoposterior segment", false,
            [0.3509, 0.5656, -0.0120, 0.0846, 0.0262, 0.0052, 0.3709, 0.6382, -0.0381, 0.0491, 0.0000, 0.0169]),
        new("LUL-A", "left upper lobe anterior segment", false,
            [0.4315, 0.3230, 0.2571, 0.5749, 0.0000, -0.0495, 0.3072, 0.2579, 0.1778, 0.3422, 0.0000, -0.0273]),
        new("LUL-SL", "lingula, superior segment", false,
            [0.0786, -0.0506, 0.7585, 0.2352, 0.0205, -0.0404, 0.0676, -0.0496, 0.5613, 0.1809, 0.0358, -0.0506]),
        new("LUL-IL", "lingula, inferior segment", false,
            [-0.0000, -0.0676, 0.3717, 0.0929, 0.6772, 0.1146, 0.0000, -0.0086, 0.3125, 0.1319, 0.5094, 0.0471]),
        new("LLL-S", "left lower lobe superior segment", false,
            [0.0183, 0.0464, 0.1373, 0.4717, -0.1060, -0.0000, 0.0810, 0.0761, 0.2633, 0.8131, -0.0465, 0.0000]),
        new("LLL-AMB", "left lower lobe anteromedial basal segment", false,
            [0.0604, 0.0191, 0.0032, -0.0062, 0.6067, 0.5219, -0.0071, 0.0155, 0.0059, 0.0002, 0.5082, 0.3114]),
        new("LLL-LB", "left lower lobe lateral basal segment", false,
            [0.0013, -0.0116, 0.1584, 0.0338, 0.6631, 0.2174, 0.0000, -0.0147, 0.1671, 0.0429, 0.6651, 0.1196]),
        new("LLL-PB", "left lower lobe posterior basal segment", false,
            [0.0082, -0.0188, 0.0082, 0.0747, 0.1405, 0.6308, -0.0017, -0.0001, 0.0249, 0.1637, 0.2195, 0.7076]),
    ];

    /// <summary>Two segments explain a group when their least-squares fit leaves under this share of the best single segment's residual...</summary>
    public const double PairResidualRatio = 0.5;
    /// <summary>... and the single segment leaves at least this share of the pattern's energy unexplained (our choice: single-segment
    /// training defects left at most 5% with a pair ratio ≥ 0.95; two adjacent defects of the held-out set left 4–7% with a ratio of 0.4).</summary>
    public const double SingleMisfitFraction = 0.03;

    /// <summary>
    /// The segment or two segments of the lung whose signatures, restricted to the given sectors, best explain the observed pattern by
    /// non-negative least squares, with each one's share of the fitted deficit; a null signature when none fits.
    /// </summary>
    public static IReadOnlyList<(Signature? Signature, double Share)> Explain(bool right, double[] relativeAnterior, double[] relativePosterior, IReadOnlySet<int> sectors)
    {
        var n = 2 * LungSectors.Count;
        var u = new double[n];
        for (var k = 0; k < LungSectors.Count; k++)
            if (sectors.Contains(k)) { u[k] = relativeAnterior[k]; u[k + LungSectors.Count] = relativePosterior[k]; }
        var candidates = All.Where(s => s.Right == right).Select(s => (S: s, M: Masked(s.Pattern, sectors))).ToArray();
        double uu = Dot(u, u);
        Signature? single = null; double rSingle = uu;
        foreach (var (s, m) in candidates)
        {
            var mm = Dot(m, m); var um = Dot(u, m);
            if (mm <= 0 || um <= 0) continue;
            var r = uu - um * um / mm;
            if (r < rSingle) { rSingle = r; single = s; }
        }
        if (single is null) return [(null, 1)];
        (Signature A, Signature B, double Wa, double Wb)? pair = null; var rPair = rSingle;
        for (var i = 0; i < candidates.Length; i++)
            for (var j = i + 1; j < candidates.Length; j++)
            {
                var (si, mi) = candidates[i]; var (sj, mj) = candidates[j];
                double aa = Dot(mi, mi), bb = Dot(mj, mj), ab = Dot(mi, mj), ua = Dot(u, mi), ub = Dot(u, mj);
                var det = aa * bb - ab * ab;
                if (det <= 1e-12) continue;
                var a = (ua * bb - ub * ab) / det; var b = (ub * aa - ua * ab) / det;
                if (a <= 0 || b <= 0) continue;
                var r = uu - (a * ua + b * ub);
                // Each segment's weight: its fitted deficit summed over the sectors.
                if (r < rPair) { rPair = r; pair = (si, sj, a * mi.Sum(), b * mj.Sum()); }
            }
        if (pair is { } p && rSingle > SingleMisfitFraction * uu && rPair < PairResidualRatio * rSingle)
        {
            var total = p.Wa + p.Wb;
            return [(p.A, p.Wa / total), (p.B, p.Wb / total)];
        }
        return [(single, 1)];
    }

    private static double[] Masked(double[] pattern, IReadOnlySet<int> sectors)
    {
        var m = new double[pattern.Length];
        for (var k = 0; k < LungSectors.Count; k++)
            if (sectors.Contains(k)) { m[k] = pattern[k]; m[k + LungSectors.Count] = pattern[k + LungSectors.Count]; }
        return m;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
