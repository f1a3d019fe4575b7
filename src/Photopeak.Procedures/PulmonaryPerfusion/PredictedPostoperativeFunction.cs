namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Predicted postoperative lung function from the perfusion split. ppoFEV1 = FEV1 × (1 − f), %ppoFEV1 = %FEV1 × (1 − f),
/// %ppoDLCO = %DLCO × (1 − f), f = perfusion fraction of the resected region [CLINICAL §5][Brunelli2013].
/// Zone mapping (planar GM zones, a documented approximation of the lobes): RUL = right upper zone, RML = right middle zone,
/// RLL = right lower zone, LUL = left upper + middle zones, lingula = left middle zone, LLL = left lower zone, "right lung"/"left lung" =
/// the whole lung. A segment removes its lobe's fraction × 1/(segments in the lobe): RUL 3, RML 2, RLL 5, LUL 4 (2 upper division + 2
/// lingula), LLL 4 (anatomical count with the left apicoposterior and anteromedial basal as single segments).
/// </summary>
public static class PredictedPostoperativeFunction
{
    private static readonly Dictionary<string, (string Lobe, int Segments)> SegmentLobes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RUL-AP"] = ("RUL", 3), ["RUL-P"] = ("RUL", 3), ["RUL-A"] = ("RUL", 3),
        ["RML-L"] = ("RML", 2), ["RML-M"] = ("RML", 2),
        ["RLL-S"] = ("RLL", 5), ["RLL-MB"] = ("RLL", 5), ["RLL-AB"] = ("RLL", 5), ["RLL-LB"] = ("RLL", 5), ["RLL-PB"] = ("RLL", 5),
        ["LUL-APP"] = ("LUL", 4), ["LUL-A"] = ("LUL", 4), ["LUL-SL"] = ("LUL", 4), ["LUL-IL"] = ("LUL", 4),
        ["LLL-S"] = ("LLL", 4), ["LLL-AMB"] = ("LLL", 4), ["LLL-LB"] = ("LLL", 4), ["LLL-PB"] = ("LLL", 4),
    };

    /// <summary>Perfusion fraction (0–1) of a lobe, lung or segment name; <see cref="ArgumentException"/> naming it when unknown.</summary>
    public static double RegionFraction(string region, LungSplit split)
    {
        var r = region.Trim();
        double Z(IReadOnlyList<double> zones, params int[] idx) => idx.Sum(i => zones[i]) / 100;
        switch (r.ToUpperInvariant())
        {
            case "RIGHT LUNG" or "RIGHT" or "RIGHT PNEUMONECTOMY": return split.RightPercent / 100;
            case "LEFT LUNG" or "LEFT" or "LEFT PNEUMONECTOMY": return split.LeftPercent / 100;
            case "RUL": return Z(split.RightZonesPercent, 0);
            case "RML": return Z(split.RightZonesPercent, 1);
            case "RLL": return Z(split.RightZonesPercent, 2);
            case "LUL": return Z(split.LeftZonesPercent, 0, 1);
            case "LINGULA": return Z(split.LeftZonesPercent, 1);
            case "LLL": return Z(split.LeftZonesPercent, 2);
        }
        if (SegmentLobes.TryGetValue(r, out var s)) return RegionFraction(s.Lobe, split) / s.Segments;
        throw new ArgumentException($"unknown resection region '{region}' (lobes RUL, RML, RLL, LUL, LLL, lingula; 'right lung', 'left lung'; segments such as RLL-PB)", nameof(region));
    }

    /// <summary>The segments a resection region takes (a lobe all of its segments, a lung all of its lobes', the lingula LUL-SL
    /// and LUL-IL); <see cref="ArgumentException"/> naming the region when unknown. Two regions that share a segment overlap.</summary>
    public static IReadOnlySet<string> Segments(string region) => TrySegments(region)
        ?? throw new ArgumentException($"unknown resection region '{region}' (lobes RUL, RML, RLL, LUL, LLL, lingula; 'right lung', 'left lung'; segments such as RLL-PB)", nameof(region));

    private static HashSet<string>? TrySegments(string region)
    {
        var r = region.Trim().ToUpperInvariant();
        IEnumerable<string> OfLobes(params string[] lobes) => SegmentLobes.Where(kv => lobes.Contains(kv.Value.Lobe)).Select(kv => kv.Key);
        IEnumerable<string>? segments = r switch
        {
            "RIGHT LUNG" or "RIGHT" or "RIGHT PNEUMONECTOMY" => OfLobes("RUL", "RML", "RLL"),
            "LEFT LUNG" or "LEFT" or "LEFT PNEUMONECTOMY" => OfLobes("LUL", "LLL"),
            "RUL" or "RML" or "RLL" or "LUL" or "LLL" => OfLobes(r),
            "LINGULA" => ["LUL-SL", "LUL-IL"],
            _ when SegmentLobes.ContainsKey(r) => [r],
            _ => null,
        };
        return segments?.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What is wrong with a planned resection (an unknown name, a region named twice or inside another, both lungs), or nothing.</summary>
    public static IEnumerable<string> ResectionProblems(IReadOnlyList<string> regions)
    {
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var region in regions)
        {
            if (TrySegments(region) is not { } segments)
            {
                yield return $"unknown resection region '{region}' (lobes RUL, RML, RLL, LUL, LLL, lingula; 'right lung', 'left lung'; segments such as RLL-PB)";
                continue;
            }
            var overlap = segments.Where(taken.ContainsKey).Select(s => taken[s]).Distinct().ToList();
            if (overlap.Count > 0) yield return $"'{region}' overlaps '{string.Join("', '", overlap)}' (each part of the lung is counted once)";
            foreach (var s in segments) taken.TryAdd(s, region);
        }
        if (taken.Count == SegmentLobes.Count) yield return "the resection takes both lungs";
    }

    /// <summary>Fraction removed by the whole resection (regions summed, capped at 1).</summary>
    public static double ResectedFraction(IEnumerable<string> regions, LungSplit split) => Math.Min(1, regions.Sum(r => RegionFraction(r, split)));

    /// <summary>Preoperative value × (1 − resected fraction) [Brunelli2013].</summary>
    public static double Predict(double preoperative, double resectedFraction) => preoperative * (1 - resectedFraction);

    /// <summary>Brunelli 2013 ACCP algorithm: both &gt;60% low risk; either &lt;30% CPET; otherwise low-technology exercise test.</summary>
    public static PostoperativeRisk Classify(double? ppoFev1Percent, double? ppoDlcoPercent)
    {
        if (ppoFev1Percent is not { } f || ppoDlcoPercent is not { } d) return PostoperativeRisk.NotAssessed;
        if (f < 30 || d < 30) return PostoperativeRisk.CardiopulmonaryExerciseTestAdvised;
        if (f > 60 && d > 60) return PostoperativeRisk.Low;
        return PostoperativeRisk.ExerciseTestAdvised;
    }
}
