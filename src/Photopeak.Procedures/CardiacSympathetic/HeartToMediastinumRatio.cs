namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>Heart-to-mediastinum ratio of I-123 mIBG planar images.</summary>
public static class HeartToMediastinumRatio
{
    /// <summary>
    /// H/M = mean counts per pixel in the heart ROI / mean counts per pixel in the mediastinal ROI (dimensionless)
    /// [Flotats2010, EJNMMI 37:1802; Jacobson2010, JACC 55:2212].
    /// </summary>
    public static double Compute(double heartMeanCountsPerPixel, double mediastinumMeanCountsPerPixel)
    {
        if (!(mediastinumMeanCountsPerPixel > 0))
            throw new ArgumentOutOfRangeException(nameof(mediastinumMeanCountsPerPixel), mediastinumMeanCountsPerPixel, "the mediastinal ROI has no counts: H/M is undefined");
        if (!(heartMeanCountsPerPixel >= 0))
            throw new ArgumentOutOfRangeException(nameof(heartMeanCountsPerPixel), heartMeanCountsPerPixel, "heart ROI mean must be a count, not negative or NaN");
        return heartMeanCountsPerPixel / mediastinumMeanCountsPerPixel;
    }
}
