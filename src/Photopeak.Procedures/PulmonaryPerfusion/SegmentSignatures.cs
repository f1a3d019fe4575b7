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
            [0.3192, 0.6307, 0.0409, 0.0919, -0.0078, 0.0000, 0.3099, 0.6225, 0.0185, 0.0793, 0.0014, -0.0069]),
        new("RUL-P", "right upper lobe posterior segment", true,
            [0.3699, 0.3019, 0.1877, 0.2990, -0.0171, -0.0086, 0.5190, 0.4049, 0.2623, 0.3795, 0.0000, -0.0294]),
        new("RUL-A", "right upper lobe anterior segment", true,
            [0.3735, 0.2964, 0.3587, 0.5602, -0.0232, -0.0157, 0.2950, 0.1984, 0.2176, 0.3916, -0.0485, -0.0000]),
        new("RML-L", "right middle lobe lateral segment", true,
            [-0.0000, -0.0093, 0.6980, 0.1547, 0.2824, 0.0819, 0.0327, -0.0088, 0.5690, 0.1310, 0.2444, 0.0207]),
        new("RML-M", "right middle lobe medial segment", true,
            [-0.0300, -0.0000, 0.0836, 0.7486, 0.0473, 0.2736, 0.0000, -0.0504, 0.0838, 0.5090, 0.1676, 0.2406]),
        new("RLL-S", "right lower lobe superior segment", true,
            [-0.0378, -0.0098, 0.1641, 0.5226, 0.0880, 0.0871, -0.0311, -0.0050, 0.2384, 0.7835, 0.0348, 0.1009]),
        new("RLL-MB", "right lower lobe medial basal segment", true,
            [0.0132, 0.0294, 0.0226, 0.0205, -0.0357, 0.6325, 0.0104, 0.0672, 0.0000, 0.0510, -0.0230, 0.7674]),
        new("RLL-AB", "right lower lobe anterior basal segment", true,
            [0.0000, 0.0263, -0.0056, 0.0646, 0.5293, 0.6536, 0.0304, 0.0000, -0.0090, 0.0418, 0.3821, 0.3728]),
        new("RLL-LB", "right lower lobe lateral basal segment", true,
            [-0.0163, -0.0000, 0.1227, 0.0448, 0.6678, 0.1329, -0.0043, 0.0000, 0.1193, 0.0520, 0.7011, 0.1023]),
        new("RLL-PB", "right lower lobe posterior basal segment", true,
            [-0.0286, 0.0135, 0.0000, 0.1028, 0.2026, 0.5458, 0.0019, -0.0066, 0.0129, 0.1434, 0.2869, 0.7392]),
        new("LUL-APP", "left upper lobe apicoposterior segment", false,
            [0.3488, 0.5649, -0.0051, 0.0859, 0.0235, -0.0034, 0.3749, 0.6378, -0.0294, 0.0537, 0.0000, 0.0154]),
        new("LUL-A", "left upper lobe anterior segment", false,
            [0.4219, 0.3296, 0.2662, 0.5622, 0.0000, -0.0604, 0.3154, 0.2682, 0.1877, 0.3395, 0.0000, -0.0294]),
        new("LUL-SL", "lingula, superior segment", false,
            [0.0879, -0.0248, 0.7550, 0.2423, 0.0256, -0.0448, 0.0856, -0.0276, 0.5599, 0.1865, 0.0362, -0.0508]),
        new("LUL-IL", "lingula, inferior segment", false,
            [0.0000, -0.0520, 0.3897, 0.0981, 0.6805, 0.0956, 0.0027, -0.0061, 0.3145, 0.1246, 0.4986, 0.0228]),
        new("LLL-S", "left lower lobe superior segment", false,
            [0.0370, 0.0783, 0.1646, 0.4752, -0.0892, 0.0000, 0.1030, 0.0983, 0.2736, 0.7967, -0.0419, 0.0000]),
        new("LLL-AMB", "left lower lobe anteromedial basal segment", false,
            [0.0509, 0.0198, 0.0031, -0.0149, 0.6103, 0.5156, -0.0001, 0.0229, 0.0096, -0.0015, 0.5128, 0.3082]),
        new("LLL-LB", "left lower lobe lateral basal segment", false,
            [-0.0020, -0.0095, 0.1607, 0.0322, 0.6650, 0.2107, 0.0000, -0.0148, 0.1666, 0.0393, 0.6666, 0.1122]),
        new("LLL-PB", "left lower lobe posterior basal segment", false,
            [0.0058, -0.0161, 0.0107, 0.0740, 0.1370, 0.6316, -0.0017, -0.0001, 0.0235, 0.1613, 0.2146, 0.7098]),
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
