namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// What a whole-segment perfusion defect looks like on the six sectors of ANT and mirrored POST: per bronchopulmonary segment (Boyden's
/// 18, codes as in the report), the unit-length vector of relative sector deficits [ANT sectors 0–5, POST sectors 0–5]. Learnt as the mean
/// pattern of simulated single-segment defects (Photopeak torso phantom, LEHR, 64 × 64, seeds 3000–3173, four per segment, residual uptake 0; a test
/// recomputes them); planar views separate some segments poorly (RUL anterior against RML medial, lingula against LLL anteromedial basal), so the
/// segment is a proposal. A clinical library of proven defects should replace them.
/// </summary>
internal static class SegmentSignatures
{
    /// <summary>One segment's signature.</summary>
    public sealed record Signature(string Code, string Name, bool Right, double[] Pattern);

    public static readonly IReadOnlyList<Signature> All =
    [
        new("RUL-AP", "right upper lobe apical segment", true,
            [0.3159, 0.6453, 0.0059, 0.0645, 0.0009, -0.0057, 0.2876, 0.6274, -0.0116, 0.0552, 0.0004, -0.0007]),
        new("RUL-P", "right upper lobe posterior segment", true,
            [0.3695, 0.2898, 0.1471, 0.2762, -0.0122, -0.0048, 0.5527, 0.4010, 0.2486, 0.3910, -0.0178, -0.0106]),
        new("RUL-A", "right upper lobe anterior segment", true,
            [0.3553, 0.2691, 0.3435, 0.5934, -0.0365, -0.0086, 0.2899, 0.1767, 0.2184, 0.4080, -0.0201, -0.0024]),
        new("RML-L", "right middle lobe lateral segment", true,
            [-0.0046, -0.0174, 0.7052, 0.1339, 0.2858, 0.0403, -0.0010, -0.0201, 0.5722, 0.1121, 0.2435, 0.0382]),
        new("RML-M", "right middle lobe medial segment", true,
            [-0.0558, -0.0324, 0.1129, 0.7164, 0.1373, 0.3288, -0.0453, -0.0061, 0.0892, 0.4739, 0.1833, 0.2731]),
        new("RLL-S", "right lower lobe superior segment", true,
            [-0.0308, -0.0043, 0.1712, 0.5132, 0.1001, 0.1557, -0.0320, -0.0000, 0.2616, 0.7522, 0.0989, 0.1646]),
        new("RLL-MB", "right lower lobe medial basal segment", true,
            [0.0020, 0.0168, 0.0096, 0.0682, -0.0007, 0.6424, 0.0093, -0.0005, -0.0011, 0.0404, 0.0371, 0.7610]),
        new("RLL-AB", "right lower lobe anterior basal segment", true,
            [-0.0108, -0.0069, 0.0281, 0.0645, 0.5236, 0.6220, 0.0102, -0.0045, 0.0092, 0.0635, 0.3913, 0.4202]),
        new("RLL-LB", "right lower lobe lateral basal segment", true,
            [-0.0047, -0.0073, 0.1172, 0.0488, 0.6657, 0.1618, -0.0016, -0.0045, 0.1225, 0.0452, 0.6933, 0.1294]),
        new("RLL-PB", "right lower lobe posterior basal segment", true,
            [-0.0090, 0.0034, 0.0111, 0.0912, 0.1862, 0.5426, -0.0014, -0.0053, 0.0052, 0.1414, 0.2949, 0.7452]),
        new("LUL-APP", "left upper lobe apicoposterior segment", false,
            [0.3485, 0.5651, -0.0014, 0.0904, -0.0048, -0.0011, 0.3864, 0.6309, -0.0022, 0.0597, -0.0072, 0.0080]),
        new("LUL-A", "left upper lobe anterior segment", false,
            [0.4300, 0.3521, 0.2762, 0.5862, -0.0091, -0.0574, 0.2881, 0.2562, 0.1478, 0.3084, -0.0036, -0.0479]),
        new("LUL-SL", "lingula, superior segment", false,
            [0.0623, 0.0736, 0.7277, 0.3365, 0.0293, 0.0634, 0.0401, 0.0694, 0.5376, 0.2169, 0.0118, 0.0209]),
        new("LUL-IL", "lingula, inferior segment", false,
            [-0.0000, -0.0561, 0.3966, 0.1244, 0.6901, 0.0842, 0.0124, -0.0002, 0.2953, 0.0743, 0.4966, 0.0352]),
        new("LLL-S", "left lower lobe superior segment", false,
            [0.0460, 0.0630, 0.1632, 0.5225, -0.0409, 0.0575, 0.0702, 0.0987, 0.2522, 0.7816, 0.0074, -0.0003]),
        new("LLL-AMB", "left lower lobe anteromedial basal segment", false,
            [0.0042, 0.0061, -0.0025, 0.0033, 0.5918, 0.5281, 0.0059, 0.0054, 0.0013, 0.0184, 0.5134, 0.3267]),
        new("LLL-LB", "left lower lobe lateral basal segment", false,
            [0.0000, -0.0172, 0.1727, 0.0526, 0.6604, 0.1996, -0.0017, -0.0072, 0.1696, 0.0554, 0.6614, 0.1479]),
        new("LLL-PB", "left lower lobe posterior basal segment", false,
            [-0.0022, -0.0058, 0.0315, 0.1049, 0.1827, 0.6297, -0.0001, -0.0062, 0.0404, 0.1805, 0.2567, 0.6767]),
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
    public static IReadOnlyList<(Signature? Signature, double Share)> Explain(bool right, double[] relativeAnterior, double[] relativePosterior, IReadOnlySet<int> sectors,
        bool allowPair = true)
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
        if (allowPair && pair is { } p && rSingle > SingleMisfitFraction * uu && rPair < PairResidualRatio * rSingle)
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
