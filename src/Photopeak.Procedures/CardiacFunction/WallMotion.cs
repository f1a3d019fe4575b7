namespace Photopeak.Procedures.CardiacFunction;

/// <summary>Regional wall motion categories of a ventriculogram (CLINICAL §3).</summary>
public enum WallMotion { Normal, Hypokinetic, Akinetic, Dyskinetic }

/// <summary>One wall sector of the LV outline: its radial shortening from end-diastole to end-systole and its category.</summary>
public sealed record WallMotionSector(string Name, double ShorteningPercent, WallMotion Motion);

/// <summary>Regional wall motion of an LAO view from its LV outline at end-diastole and end-systole, shared by the gated
/// blood pool and gated planar perfusion.</summary>
public static class WallMotionSectors
{
    /// <summary>Radial shortening below which a wall is dyskinetic and akinetic, %; below the caller's normal limit it is
    /// hypokinetic.</summary>
    public const double DyskineticBelowPercent = -3, AkineticBelowPercent = 3;

    /// <summary>A blood-pool ventriculogram's normal limit of radial shortening, % [?]: an LV ejecting 50 % shortens ~20 %
    /// radially when it contracts evenly; simulated normal walls 12–28 %.</summary>
    public const double BloodPoolNormalFromPercent = 10;

    /// <summary>
    /// Three walls of the LAO outline by direction from the LV centre: septal (away from <paramref name="lateral"/>),
    /// inferoapical (towards the feet, <paramref name="caudalRowSign"/>) and posterolateral; rays facing the base (towards the
    /// atria) are the valve plane, not a wall, and are left out, as are rays <paramref name="measured"/> marks false (no wall
    /// was found there). Ray i points at angle 2πi/N (row = sin, column = cos); radii in any one unit.
    /// Radial shortening (ED − ES)/ED per wall, thresholds [?]: below −3 % dyskinetic, below 3 % akinetic, below
    /// <paramref name="normalFromPercent"/> hypokinetic.
    /// </summary>
    public static List<WallMotionSector> OfLaoOutline(IReadOnlyList<double> ed, IReadOnlyList<double> es, (double Row, double Col) lateral, double caudalRowSign,
        double normalFromPercent, IReadOnlyList<bool>? measured = null)
    {
        string[] names = ["septal", "inferoapical", "posterolateral", "base"];
        var sums = new double[4]; var counts = new int[4];
        var rays = ed.Count;
        for (var i = 0; i < rays; i++)
        {
            if (measured is not null && !measured[i] || !(ed[i] > 0)) continue;
            var sector = SectorOf(Math.Sin(2 * Math.PI * i / rays), Math.Cos(2 * Math.PI * i / rays), lateral, caudalRowSign);
            sums[sector] += (ed[i] - es[i]) / ed[i]; counts[sector]++;
        }
        return Enumerable.Range(0, 3).Where(s => counts[s] > 0).Select(s =>
        {
            var shortening = 100 * sums[s] / counts[s];
            return new WallMotionSector(names[s], Math.Round(shortening, 1),
                shortening < DyskineticBelowPercent ? WallMotion.Dyskinetic : shortening < AkineticBelowPercent ? WallMotion.Akinetic
                : shortening < normalFromPercent ? WallMotion.Hypokinetic : WallMotion.Normal);
        }).ToList();
    }

    /// <summary>Whether a ray (row <paramref name="dy"/>, column <paramref name="dx"/>) from the LV centre faces the base of an
    /// LAO outline, the valve plane, rather than one of its three walls.</summary>
    public static bool FacesBase(double dy, double dx, (double Row, double Col) lateral, double caudalRowSign) =>
        SectorOf(dy, dx, lateral, caudalRowSign) == BaseSector;

    private const int BaseSector = 3;

    // The nearest of the directions septal, inferoapical, posterolateral and base; a tie goes to the first.
    private static int SectorOf(double dy, double dx, (double Row, double Col) lateral, double caudalRowSign)
    {
        Span<(double Row, double Col)> directions = [(-lateral.Row, -lateral.Col), (caudalRowSign, 0), lateral, (-caudalRowSign, 0)];
        var bestSector = 0; var bestDot = double.MinValue;
        for (var s = 0; s < directions.Length; s++)
        {
            var length = Math.Sqrt(directions[s].Row * directions[s].Row + directions[s].Col * directions[s].Col);
            var dot = (dy * directions[s].Row + dx * directions[s].Col) / length;
            if (dot > bestDot) { bestDot = dot; bestSector = s; }
        }
        return bestSector;
    }
}

/// <summary>Phase statistics of a region's first-harmonic phase image (degrees): circular mean, SD about it and the
/// bandwidth holding the central 95 % of its pixels.</summary>
public sealed record PhaseStatistics(double MeanDegrees, double SdDegrees, double BandwidthDegrees, int Pixels);
