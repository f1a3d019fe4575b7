using System.Numerics;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>
/// The same focus on different imaging days (e.g. In-111 pentetreotide at 4 and 24 h): a lesion persists where it was, bowel
/// activity moves. Each later day is matched to the first day by the patient's repositioning (a translation of up to
/// <see cref="MaxRepositioningMm"/>: the shift that brings the most foci within <see cref="ToleranceMm"/> of one another,
/// refined as their mean), then focus to focus, nearest first, one to one.
/// </summary>
public static class LesionMatching
{
    /// <summary>Largest distance, mm, between a focus and its counterpart once the days are aligned: about 1.5 × the system
    /// FWHM of clinical SPECT (12–15 mm), the scatter of a centre found twice in noise [?: our choice].</summary>
    public const double ToleranceMm = 20;

    /// <summary>Largest repositioning between days considered, mm [?: our choice; patients lie on the same couch, head first].</summary>
    public const double MaxRepositioningMm = 50;

    /// <summary>For each lesion, the ids of the same focus on the other days (empty: seen on its day only).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Match(IReadOnlyList<Lesion> lesions)
    {
        var same = lesions.ToDictionary(l => l.Id, _ => new List<string>());
        var days = lesions.Select(l => l.Day).Distinct().Order().ToList();
        if (days.Count < 2) return same.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value);
        var first = lesions.Where(l => l.Day == days[0]).ToList();
        foreach (var day in days.Skip(1))
        {
            var later = lesions.Where(l => l.Day == day).ToList();
            var shift = Repositioning(first, later);
            var pairs = (from a in first from b in later
                         let d = Vector3.Distance(b.CentreMm - shift, a.CentreMm)
                         where d <= ToleranceMm
                         orderby d
                         select (a, b)).ToList();
            var used = new HashSet<string>();
            foreach (var (a, b) in pairs)
            {
                if (used.Contains(a.Id) || used.Contains(b.Id)) continue;
                used.Add(a.Id); used.Add(b.Id);
                same[a.Id].Add(b.Id); same[b.Id].Add(a.Id);
            }
        }
        // Foci of two later days matched to the same first-day focus are the same focus too.
        foreach (var l in lesions.Where(l => l.Day == days[0]))
            foreach (var b in same[l.Id])
                foreach (var c in same[l.Id].Where(c => c != b && !same[b].Contains(c)))
                    same[b].Add(c);
        return same.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.OrderBy(Number).ToList());
    }

    // The translation (later − first) with the most foci in agreement: every pair's difference within the repositioning limit
    // is a candidate, scored by how many first-day foci then have a later-day focus within the tolerance.
    private static Vector3 Repositioning(List<Lesion> first, List<Lesion> later)
    {
        var best = Vector3.Zero; var bestCount = 0; var bestSpread = double.MaxValue;
        foreach (var a in first)
        foreach (var b in later)
        {
            var candidate = b.CentreMm - a.CentreMm;
            if (candidate.Length() > MaxRepositioningMm) continue;
            var agreeing = new List<Vector3>();
            foreach (var f in first)
            {
                var nearest = later.Select(l => l.CentreMm - candidate - f.CentreMm).MinBy(d => d.Length());
                if (nearest.Length() <= ToleranceMm) agreeing.Add(nearest + candidate);
            }
            if (agreeing.Count == 0) continue;
            var mean = agreeing.Aggregate(Vector3.Zero, (s, v) => s + v) / agreeing.Count;
            var spread = agreeing.Sum(v => (v - mean).Length());
            if (agreeing.Count > bestCount || (agreeing.Count == bestCount && spread < bestSpread))
                (best, bestCount, bestSpread) = (mean, agreeing.Count, spread);
        }
        return best;
    }

    private static int Number(string id) => int.TryParse(id.TrimStart('L'), out var n) ? n : int.MaxValue;
}
