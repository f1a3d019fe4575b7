namespace Photopeak.Imaging.Pixels;

/// <summary>The 1-2-1 binomial (nine-point) smoothing of nuclear-medicine planar processing, separable, edges clamped.</summary>
public static class BinomialSmoothing
{
    /// <summary>Smooths <paramref name="image"/> (rows × columns, row-major) into <paramref name="destination"/>.</summary>
    public static void Apply(ReadOnlySpan<float> image, Span<float> destination, int rows, int columns)
    {
        if (image.Length != rows * columns || destination.Length != image.Length)
            throw new ArgumentException($"{image.Length} pixels and {destination.Length} destination values for {columns} x {rows}");
        var tmp = new float[image.Length];
        for (var y = 0; y < rows; y++)
        {
            var row = image.Slice(y * columns, columns);
            for (var x = 0; x < columns; x++)
                tmp[y * columns + x] = 0.25f * row[Math.Max(0, x - 1)] + 0.5f * row[x] + 0.25f * row[Math.Min(columns - 1, x + 1)];
        }
        for (var y = 0; y < rows; y++)
        {
            int up = Math.Max(0, y - 1) * columns, here = y * columns, down = Math.Min(rows - 1, y + 1) * columns;
            for (var x = 0; x < columns; x++)
                destination[here + x] = 0.25f * tmp[up + x] + 0.5f * tmp[here + x] + 0.25f * tmp[down + x];
        }
    }

    /// <summary>A smoothed copy.</summary>
    public static float[] Apply(ReadOnlySpan<float> image, int rows, int columns)
    {
        var result = new float[image.Length];
        Apply(image, result, rows, columns);
        return result;
    }

    /// <summary>A copy smoothed <paramref name="passes"/> times (1 to <see cref="MaxPasses"/>): a binomial kernel whose variance
    /// is passes / 2 pixels² along each axis.</summary>
    public static float[] Apply(ReadOnlySpan<float> image, int rows, int columns, int passes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passes, MaxPasses);
        var result = Apply(image, rows, columns);
        // In place is safe: each pass reads the whole image into its row buffer before it writes.
        for (var pass = 1; pass < passes; pass++) Apply(result, result, rows, columns);
        return result;
    }

    /// <summary>The passes that smooth pixels of <paramref name="pixelMm"/> as one pass smooths pixels of
    /// <paramref name="referencePixelMm"/> (the same kernel variance in mm², nearest whole pass, 1 to
    /// <see cref="MaxPasses"/>): finer matrices get the smoothing, and so the per-pixel noise, that a method tuned at the
    /// reference matrix expects.</summary>
    public static int PassesFor(double pixelMm, double referencePixelMm)
    {
        var passes = referencePixelMm * referencePixelMm / (pixelMm * pixelMm);
        return double.IsFinite(passes) ? (int)Math.Clamp(Math.Round(passes), 1, MaxPasses) : 1;
    }

    /// <summary>The most passes <see cref="PassesFor"/> gives: pixels a quarter of the reference's
    /// (<see cref="ReferencePixel.MaxRatio"/> squared).</summary>
    public const int MaxPasses = ReferencePixel.MaxRatio * ReferencePixel.MaxRatio;

    /// <summary>The fraction of a pixel's independent (Poisson) noise SD left after <paramref name="passes"/> passes in two
    /// dimensions: Σw² of the 1-D kernel, C(4n, 2n) / 16ⁿ (0.375 for one pass).</summary>
    public static double NoiseSdFraction(int passes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(passes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passes, MaxPasses);
        double fraction = 1;
        // C(4n, 2n) = Π (2n + k) / k over k = 1 … 2n, and 16ⁿ = 4²ⁿ: one factor 4 per term.
        for (var k = 1; k <= 2 * passes; k++) fraction *= (2.0 * passes + k) / k / 4;
        return fraction;
    }

    /// <summary>The same 1-2-1 smoothing round a periodic sequence (a cardiac cycle, a circumferential profile): the ends wrap.</summary>
    public static double[] Periodic(IReadOnlyList<double> values)
    {
        var n = values.Count;
        var result = new double[n];
        for (var i = 0; i < n; i++) result[i] = (values[(i + n - 1) % n] + 2 * values[i] + values[(i + 1) % n]) / 4;
        return result;
    }
}
