using Photopeak.Procedures.CardiacFunction;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>
/// Finds the LV centre of a planar perfusion image. A white top-hat (the image minus its grey opening by an 18 mm disk) keeps
/// structures narrower than ~36 mm, the myocardial walls, and removes the liver and the broad overlap of the anterior and
/// inferior walls over the cavity. A ring filter then scores each candidate centre by the second-lowest of eight sector
/// means of the ring minus the mean of the disc inside: a horseshoe keeps six or seven bright sectors round a dark centre
/// (the open base, and perhaps a defect, dark), while the edge of a solid organ has half its sectors dark.
/// </summary>
internal static class LvCentreFinder
{
    private const int Sectors = 8;
    private const double TopHatRadiusMm = 18, MinimumRingFraction = 0.1;
    /// <summary>How far (mm) the LV centre may lie from the partner image's.</summary>
    public const double PairSearchMm = 30;
    // Ring radii (mm) for small, average and large hearts: cavity disc, myocardial ring.
    private static readonly (double Disc, double RingIn, double RingOut)[] Scales = [(6, 14, 30), (9, 20, 38), (12, 26, 46)];

    /// <summary>The LV centre; with <paramref name="near"/> (the centre found on the partner image of the same view) the
    /// search keeps within <see cref="PairSearchMm"/> of it, which registers the pair and keeps a bright liver at rest from
    /// being taken for the heart.</summary>
    public static (double Row, double Col) Find(float[] smoothed, int rows, int cols, double mm, string source, (double Row, double Col)? near = null)
    {
        if (!(smoothed.Max() > 0)) throw new ProcedureInputException($"{source}: the image holds no counts");
        var opened = Morphology.GreyOpening(smoothed, rows, cols, Math.Max(1, (int)Math.Round(TopHatRadiusMm / mm)));
        var topHat = new float[smoothed.Length];
        for (var p = 0; p < topHat.Length; p++) topHat[p] = smoothed[p] - opened[p];
        var max = topHat.Max();
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
                if (near is { } n && Math.Sqrt((y - n.Row) * (y - n.Row) + (x - n.Col) * (x - n.Col)) * mm > PairSearchMm) continue;
                sums.Clear(); counts.Clear();
                double inside = 0; var nInside = 0;
                for (var dy = -reach; dy <= reach; dy += step)
                for (var dx = -reach; dx <= reach; dx += step)
                {
                    var d = Math.Sqrt(dy * dy + dx * dx);
                    var v = topHat[(y + dy) * cols + x + dx];
                    if (d <= disc) { inside += v; nInside++; }
                    else if (d >= ringIn && d <= ringOut)
                    {
                        var sector = (int)((Math.Atan2(dy, dx) + Math.PI) / (2 * Math.PI) * Sectors) % Sectors;
                        sums[sector] += v; counts[sector]++;
                    }
                }
                if (nInside == 0) { inside = topHat[y * cols + x]; nInside = 1; }
                for (var k = 0; k < Sectors; k++) means[k] = counts[k] > 0 ? sums[k] / counts[k] : 0;
                means.Sort();
                // The third-darkest sector: a horseshoe is open at the base, and a large defect may darken one more.
                if (means[2] < MinimumRingFraction * max) continue;
                var score = (means[2] - inside / nInside) / max;
                if (score > bestScore) { bestScore = score; bestRow = y; bestCol = x; }
            }
        }
        if (bestRow < 0)
            throw new ProcedureInputException($"{source}: no myocardial ring found (no bright ring round a cooler centre); not a perfusion view of the heart, or the LV lies at the edge of the field");
        return (bestRow, bestCol);
    }
}
