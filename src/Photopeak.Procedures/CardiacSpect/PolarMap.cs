namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// Circumferential maximum-count samples of the LV wall: <see cref="Rings"/> short-axis slices from base to apex ×
/// <see cref="Sectors"/> angles (0 anterior, then septal, inferior, lateral), plus the apex cap, in volume units; and the
/// mean of the samples falling in each AHA segment [Cerqueira2002].
/// </summary>
public sealed record PolarMap(int Rings, int Sectors, float[] Samples, IReadOnlyList<float> ApexSamples, IReadOnlyList<double> SegmentMeans)
{
    /// <summary>Sample of ring <paramref name="ring"/> (0 = basal) at sector <paramref name="sector"/>.</summary>
    public float this[int ring, int sector] => Samples[ring * Sectors + sector];

    /// <summary>The samples as a bull's-eye image of <paramref name="sizePx"/>² pixels, as polar maps are read (and as the
    /// report's 17-segment figure is drawn): the apex cap at the centre, the basal ring outside, anterior at the top, septal
    /// on the left, inferior at the bottom, lateral on the right; 0 outside the map.</summary>
    public Photopeak.Imaging.Pixels.Image2D BullsEye(int sizePx)
    {
        var image = new Photopeak.Imaging.Pixels.Image2D(sizePx, sizePx, null);
        var apex = ApexSamples.Count > 0 ? ApexSamples.Average() : 0f;
        var centre = (sizePx - 1) / 2.0;
        var radius = sizePx / 2.0;
        for (var y = 0; y < sizePx; y++)
            for (var x = 0; x < sizePx; x++)
            {
                double dx = x - centre, dy = y - centre;
                var rho = Math.Sqrt(dx * dx + dy * dy) / radius;
                if (rho >= 1) continue;
                // Bands of equal width: band 0 the apex cap, band Rings the basal ring (ring 0).
                var band = Math.Min(Rings, (int)(rho * (Rings + 1)));
                if (band == 0) { image.Pixels[y * sizePx + x] = apex; continue; }
                // Angle from the top towards the left (anterior, then septal, inferior, lateral).
                var angle = Math.Atan2(-dx, -dy);
                if (angle < 0) angle += 2 * Math.PI;
                var sector = Math.Min(Sectors - 1, (int)(angle / (2 * Math.PI) * Sectors));
                image.Pixels[y * sizePx + x] = this[Rings - band, sector];
            }
        return image;
    }

    /// <summary>Segment means as percentages of the highest segment (the polar map's normal reference).</summary>
    public double[] SegmentPercentOfMaximum()
    {
        var max = SegmentMeans.Max();
        if (!(max > 0)) throw new CardiacSpectException("the polar map has no counts: the LV axis does not pass through myocardium");
        return SegmentMeans.Select(m => m / max * 100).ToArray();
    }
}
