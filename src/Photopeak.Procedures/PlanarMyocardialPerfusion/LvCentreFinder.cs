namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>
/// Finds the LV centre of a planar perfusion image with a ring filter: the myocardium is a ring (a horseshoe, open at the
/// base) round a cooler cavity. The score of a candidate centre is the second-lowest of eight sector means of the ring minus
/// the mean of the disc inside: a horseshoe keeps seven bright sectors, while the edge of a solid organ (the liver) has half
/// its sectors dark and a solid interior has a bright disc.
/// </summary>
internal static class LvCentreFinder
{
    private const int Sectors = 8;
    private const double MinimumRingFraction = 0.2;
    // Ring radii (mm) for small, average and large hearts: cavity disc, myocardial ring.
    private static readonly (double Disc, double RingIn, double RingOut)[] Scales = [(6, 14, 30), (9, 20, 38), (12, 26, 46)];

    public static (double Row, double Col) Find(float[] smoothed, int rows, int cols, double mm, string source)
    {
        var max = smoothed.Max();
        if (!(max > 0)) throw new ProcedureInputException($"{source}: the image holds no counts");
        double bestScore = double.MinValue; int bestRow = -1, bestCol = -1;
        Span<double> sums = stackalloc double[Sectors];
        Span<int> counts = stackalloc int[Sectors];
        Span<double> means = stackalloc double[Sectors];
        foreach (var s in Scales)
        {
            double ringIn = s.RingIn / mm, ringOut = s.RingOut / mm, disc = s.Disc / mm;
            var reach = (int)Math.Ceiling(ringOut);
            var step = reach > 6 ? 2 : 1;
            for (var y = reach; y < rows - reach; y++)
            for (var x = reach; x < cols - reach; x++)
            {
                sums.Clear(); counts.Clear();
                double inside = 0; var nInside = 0;
                for (var dy = -reach; dy <= reach; dy += step)
                for (var dx = -reach; dx <= reach; dx += step)
                {
                    var d = Math.Sqrt(dy * dy + dx * dx);
                    var v = smoothed[(y + dy) * cols + x + dx];
                    if (d <= disc) { inside += v; nInside++; }
                    else if (d >= ringIn && d <= ringOut)
                    {
                        var sector = (int)((Math.Atan2(dy, dx) + Math.PI) / (2 * Math.PI) * Sectors) % Sectors;
                        sums[sector] += v; counts[sector]++;
                    }
                }
                if (nInside == 0) { inside = smoothed[y * cols + x]; nInside = 1; }
                for (var k = 0; k < Sectors; k++) means[k] = counts[k] > 0 ? sums[k] / counts[k] : 0;
                means.Sort();
                // The myocardium is among the brightest structures of a perfusion view: a dim ring is tissue background.
                if (means[1] < MinimumRingFraction * max) continue;
                var score = (means[1] - inside / nInside) / max;
                if (score > bestScore) { bestScore = score; bestRow = y; bestCol = x; }
            }
        }
        if (bestRow < 0 || bestScore <= 0)
            throw new ProcedureInputException($"{source}: no myocardial ring found (no bright ring round a cooler centre); not a perfusion view of the heart, or the LV lies at the edge of the field");
        return (bestRow, bestCol);
    }
}
