namespace Photopeak.Procedures.Results;

/// <summary>Counts inside an ROI: pixel count, total and mean counts per pixel (CLINICAL house rule: ROI statistics are means per pixel).</summary>
public readonly record struct RoiStatistics(int Pixels, double TotalCounts)
{
    public double MeanCountsPerPixel => Pixels > 0 ? TotalCounts / Pixels : double.NaN;

    /// <summary>Sums the image under the mask.</summary>
    public static RoiStatistics Of(ReadOnlySpan<float> image, ReadOnlySpan<bool> mask)
    {
        double sum = 0; var n = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            sum += image[i];
            n++;
        }
        return new RoiStatistics(n, sum);
    }
}
