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

    /// <summary>The same 1-2-1 smoothing round a periodic sequence (a cardiac cycle, a circumferential profile): the ends wrap.</summary>
    public static double[] Periodic(IReadOnlyList<double> values)
    {
        var n = values.Count;
        var result = new double[n];
        for (var i = 0; i < n; i++) result[i] = (values[(i + n - 1) % n] + 2 * values[i] + values[(i + 1) % n]) / 4;
        return result;
    }
}
