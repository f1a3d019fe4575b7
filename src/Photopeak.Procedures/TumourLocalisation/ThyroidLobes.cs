namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>
/// The thyroid's two lobes under a tracer the thyroid takes up (sestamibi, pentetreotide): two foci side by side either side of
/// the body's axis, at one level and depth, 20–70 mm apart (adult lobes lie about 40–50 mm apart, centre to centre), with alike
/// uptake, near the top of the imaged range and, with a CT, above the lung apices. A reader calls such a pair physiological, not
/// two lesions; a lone neck focus, or two unlike ones, stay lesions.
/// </summary>
public static class ThyroidLobes
{
    private const double MinimumSeparationMm = 20, MaximumSeparationMm = 70, SameLevelMm = 25, SameDepthMm = 25;
    // The pair's midpoint within this of the volume's lateral centre (the axis of rotation, about the patient's midline), mm.
    private const double MidlineToleranceMm = 30;
    // How far below the top of the imaged range the lobes may lie, mm (a chest bed's field reaches about the thyroid).
    private const double BelowTopMm = 120;
    // Largest ratio of the two foci's lesion-to-background ratios for a pair of lobes.
    private const double MaximumUptakeRatio = 1.5;

    /// <summary>The day's automatically found lesions without a thyroid pair, and the pair as physiological uptake; ids are
    /// renumbered from <paramref name="firstId"/> when a pair is set aside. Lesions the user edited are never set aside.</summary>
    public static (List<Lesion> Lesions, List<PhysiologicalUptake> Thyroid) SetAside(List<Lesion> found, TumourVolume day, int firstId, double? lungApexMm = null)
    {
        var pv = day.Volume;
        var v = pv.Volume;
        var top = pv.PositionMm(0, 0, v.SizeZ - 1).Z;
        var bottom = pv.PositionMm(0, 0, 0).Z;
        var topZ = Math.Max(top, bottom);
        var midline = pv.CentreMm.X;
        var candidates = found.Where(l => !l.Edited && l.CentreMm.Z >= topZ - BelowTopMm).ToList();
        (Lesion A, Lesion B)? pair = null;
        foreach (var a in candidates)
        foreach (var b in candidates)
        {
            if (a.CentreMm.X >= b.CentreMm.X) continue;
            double separation = b.CentreMm.X - a.CentreMm.X;
            if (separation is < MinimumSeparationMm or > MaximumSeparationMm) continue;
            if (Math.Abs(a.CentreMm.Z - b.CentreMm.Z) > SameLevelMm || Math.Abs(a.CentreMm.Y - b.CentreMm.Y) > SameDepthMm) continue;
            if (Math.Abs((a.CentreMm.X + b.CentreMm.X) / 2 - midline) > MidlineToleranceMm) continue;
            // Lobes take up alike; a nodule beside a normal lobe, or two unlike nodes, are not a pair.
            if (Math.Max(a.LesionToBackground, b.LesionToBackground) > MaximumUptakeRatio * Math.Min(a.LesionToBackground, b.LesionToBackground)) continue;
            // With a CT the lobes lie in the neck, above the lung apices: paratracheal nodes below them stay lesions.
            if (lungApexMm is { } apex && Math.Min(a.CentreMm.Z, b.CentreMm.Z) < apex) continue;
            // The highest pair if several.
            if (pair is null || a.CentreMm.Z + b.CentreMm.Z > pair.Value.A.CentreMm.Z + pair.Value.B.CentreMm.Z) pair = (a, b);
        }
        if (pair is not { } p) return (found, []);
        var kept = found.Where(l => l != p.A && l != p.B).Select((l, i) => l.Edited ? l : l with { Id = $"L{firstId + i}" }).ToList();
        return (kept, [.. new[] { p.A, p.B }.Select(l => new PhysiologicalUptake(day.Day, l.CentreMm, l.VolumeMl, 0) { Reason = PhysiologicalReason.ThyroidLobe })]);
    }
}
