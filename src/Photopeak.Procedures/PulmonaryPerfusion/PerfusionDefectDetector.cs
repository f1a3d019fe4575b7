namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Finds perfusion defects as sectors of a lung whose share of that lung's counts falls below the expected share of a normal lung
/// (<see cref="NormalSectorFractions"/>), on the geometric mean of ANT and mirrored POST. Adjacent deficient sectors of one lung form
/// one defect; which of ANT or POST loses more tells an anterior from a posterior segment; the deficit, in units of one segment's
/// expected share (1/10 of the right lung, 1/8 of the left), grades the size. With ventilation, the same sectors on the ventilation
/// views decide matched or mismatched.
/// </summary>
public static class PerfusionDefectDetector
{
    /// <summary>A sector is deficient when it lacks at least this share of its lung's counts (0.018 ≈ a fifth of a right segment).</summary>
    public const double MinimumMissingLungFraction = 0.018;
    /// <summary>... and at least this fraction of its own expected counts.</summary>
    public const double MinimumRelativeDeficit = 0.10;

    /// <summary>
    /// Expected sector shares of a normal lung on ANT and mirrored POST, [lung 0 = right, 1 = left][view 0 = ANT, 1 = POST][sector].
    /// Mean of the 10 simulated normal studies of the accuracy tests (Photopeak torso phantom, LEHR, 64 × 64); a clinical normal database should
    /// replace them.
    /// </summary>
    public static readonly double[][][] NormalSectorFractions =
    [
        [[0.1126, 0.1140, 0.2869, 0.2304, 0.1598, 0.0963], [0.1090, 0.1084, 0.2742, 0.2364, 0.1586, 0.1133]],
        [[0.1242, 0.2089, 0.2474, 0.2369, 0.1232, 0.0595], [0.1517, 0.1514, 0.2738, 0.2059, 0.1435, 0.0737]],
    ];

    /// <summary>Defects of both lungs; ventilation images (same registration as perfusion) may be null.</summary>
    public static IReadOnlyList<LungDefectFinding> Detect(float[] anterior, float[] posteriorMirrored, LungRoiSet rois, LungSplit split,
        float[]? ventAnterior, float[]? ventPosteriorMirrored)
    {
        var findings = new List<LungDefectFinding>();
        for (var lung = 0; lung < 2; lung++)
        {
            var right = lung == 0;
            var mask = right ? rois.RightMask : rois.LeftMask;
            var zones = right ? split.RightZoneRows : split.LeftZoneRows;
            var perf = Deficits(anterior, posteriorMirrored, mask, rois.Columns, lung, zones);
            var vent = ventAnterior is not null && ventPosteriorMirrored is not null
                ? Deficits(ventAnterior, ventPosteriorMirrored, mask, rois.Columns, lung, zones) : null;
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
                findings.Add(Describe(group, perf, vent, right));
            }
        }
        return findings;
    }

    private sealed record SectorDeficits(double[] Missing, double[] Relative, double[] RelativeAnterior, double[] RelativePosterior);

    /// <summary>Per sector: missing share of the lung's GM counts, relative deficit on GM, on ANT alone and on POST alone.</summary>
    private static SectorDeficits Deficits(float[] ant, float[] post, bool[] mask, int cols, int lung, IReadOnlyList<(int First, int Last)> zones)
    {
        var fa = LungSectors.Fractions(ant, mask, cols, lung == 0, zones);
        var fp = LungSectors.Fractions(post, mask, cols, lung == 0, zones);
        var ea = NormalSectorFractions[lung][0]; var ep = NormalSectorFractions[lung][1];
        var gm = new double[LungSectors.Count]; var egm = new double[LungSectors.Count];
        for (var k = 0; k < gm.Length; k++) { gm[k] = Math.Sqrt(fa[k] * fp[k]); egm[k] = Math.Sqrt(ea[k] * ep[k]); }
        double sg = gm.Sum(), se = egm.Sum();
        var missing = new double[gm.Length]; var rel = new double[gm.Length]; var ra = new double[gm.Length]; var rp = new double[gm.Length];
        for (var k = 0; k < gm.Length; k++)
        {
            var m = gm[k] / sg; var e = egm[k] / se;
            missing[k] = e - m; rel[k] = (e - m) / e;
            ra[k] = (ea[k] - fa[k]) / ea[k]; rp[k] = (ep[k] - fp[k]) / ep[k];
        }
        return new SectorDeficits(missing, rel, ra, rp);
    }

    private static IEnumerable<int> Neighbours(int s)
    {
        int z = s / 2, h = s % 2;
        yield return z * 2 + (1 - h);
        if (z > 0) yield return (z - 1) * 2 + h;
        if (z < 2) yield return (z + 1) * 2 + h;
    }

    private static LungDefectFinding Describe(List<int> group, SectorDeficits perf, SectorDeficits? vent, bool right)
    {
        var worst = group.MaxBy(k => perf.Missing[k]);
        int zone = worst / 2, half = worst % 2;
        double missing = group.Sum(k => perf.Missing[k]);
        double ant = group.Sum(k => perf.RelativeAnterior[k]), post = group.Sum(k => perf.RelativePosterior[k]);
        var face = ant > 1.5 * post ? "anterior" : post > 1.5 * ant ? "posterior" : "";
        var (code, name) = Segment(right, zone, half, face);
        // One segment's expected share of its lung: 10 segments on the right, 8 on the left (anatomical counting).
        var segmentFraction = missing / (right ? 0.10 : 0.125);
        var size = segmentFraction > 0.75 ? DefectSize.Large : segmentFraction >= 0.25 ? DefectSize.Moderate : DefectSize.Small;
        bool? matched = null;
        if (vent is not null)
        {
            // Matched when the ventilation loses at least half as much of the same sectors as the perfusion does.
            var ventMissing = group.Sum(k => Math.Max(0, vent.Missing[k]));
            matched = ventMissing >= 0.5 * missing;
        }
        return new LungDefectFinding(right ? "right" : "left", LungSplit.ZoneNames[zone], LungSectors.HalfNames[half], code, name, segmentFraction, size, matched);
    }

    /// <summary>The likely segment for a deficient sector of the anterior/posterior views (planar projection of Boyden's anatomy).</summary>
    public static (string Code, string Name) Segment(bool right, int zone, int half, string face)
    {
        var lateral = half == 0;
        return (right, zone, face) switch
        {
            (true, 0, "anterior") => ("RUL-A", "right upper lobe anterior segment"),
            (true, 0, "posterior") => ("RUL-P", "right upper lobe posterior segment"),
            (true, 0, _) => ("RUL-AP", "right upper lobe apical segment"),
            (true, 1, "anterior") => lateral ? ("RML-L", "right middle lobe lateral segment") : ("RML-M", "right middle lobe medial segment"),
            (true, 1, "posterior") => ("RLL-S", "right lower lobe superior segment"),
            (true, 1, _) => lateral ? ("RML-L", "right middle lobe lateral segment") : ("RLL-S", "right lower lobe superior segment"),
            (true, _, "anterior") => ("RLL-AB", "right lower lobe anterior basal segment"),
            (true, _, "posterior") => ("RLL-PB", "right lower lobe posterior basal segment"),
            (true, _, _) => lateral ? ("RLL-LB", "right lower lobe lateral basal segment") : ("RLL-MB", "right lower lobe medial basal segment"),
            (false, 0, "anterior") => ("LUL-A", "left upper lobe anterior segment"),
            (false, 0, _) => ("LUL-APP", "left upper lobe apicoposterior segment"),
            (false, 1, "anterior") => ("LUL-SL", "lingula, superior segment"),
            (false, 1, "posterior") => ("LLL-S", "left lower lobe superior segment"),
            (false, 1, _) => lateral ? ("LUL-SL", "lingula, superior segment") : ("LLL-S", "left lower lobe superior segment"),
            (false, _, "anterior") => lateral ? ("LUL-IL", "lingula, inferior segment") : ("LLL-AMB", "left lower lobe anteromedial basal segment"),
            (false, _, "posterior") => ("LLL-PB", "left lower lobe posterior basal segment"),
            (false, _, _) => lateral ? ("LLL-LB", "left lower lobe lateral basal segment") : ("LLL-AMB", "left lower lobe anteromedial basal segment"),
        };
    }
}
