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

    /// <summary>Segment means as percentages of the highest segment (the polar map's normal reference).</summary>
    public double[] SegmentPercentOfMaximum()
    {
        var max = SegmentMeans.Max();
        if (!(max > 0)) throw new CardiacSpectException("the polar map has no counts: the LV axis does not pass through myocardium");
        return SegmentMeans.Select(m => m / max * 100).ToArray();
    }
}
