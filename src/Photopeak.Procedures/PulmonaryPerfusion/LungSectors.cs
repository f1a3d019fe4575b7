namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Six sectors per lung on a conjugate view: the three zones of <see cref="LungSplit"/> × lateral and medial halves (split at the
/// lung's count-weighted centroid column). Fractions are of the lung's own counts, so they do not depend on the right/left split.
/// Index = zone × 2 + half (half 0 = lateral, 1 = medial).
/// </summary>
public static class LungSectors
{
    public const int Count = 6;
    public static readonly string[] HalfNames = ["lateral", "medial"];

    /// <summary>Sector fractions of one lung on one image (the image registered to the ROI, i.e. POST already mirrored).</summary>
    public static double[] Fractions(float[] image, bool[] mask, int cols, bool rightLung, IReadOnlyList<(int First, int Last)> zones)
    {
        double sw = 0, sc = 0;
        for (var i = 0; i < mask.Length; i++) if (mask[i]) { sw += image[i]; sc += image[i] * (i % cols); }
        var centre = sc / Math.Max(sw, 1e-9);
        var f = new double[Count];
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            var r = i / cols; var c = i % cols;
            var z = r <= zones[0].Last ? 0 : r <= zones[1].Last ? 1 : 2;
            // Anterior image as stored: the right lung's lateral side is towards column 0, the left lung's towards the last column.
            var lateral = rightLung ? c < centre : c >= centre;
            f[z * 2 + (lateral ? 0 : 1)] += image[i];
        }
        for (var k = 0; k < Count; k++) f[k] /= Math.Max(sw, 1e-9);
        return f;
    }
}
