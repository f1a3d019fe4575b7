namespace Photopeak.Imaging.Pixels;

/// <summary>Bilinear interpolation in a row-major image at a fractional (row, column), clamped to the image's edge.</summary>
public static class BilinearSampling
{
    public static double Sample(float[] image, int rows, int cols, double row, double col)
    {
        row = Math.Clamp(row, 0, rows - 1); col = Math.Clamp(col, 0, cols - 1);
        int y0 = (int)row, x0 = (int)col;
        int y1 = Math.Min(y0 + 1, rows - 1), x1 = Math.Min(x0 + 1, cols - 1);
        double fy = row - y0, fx = col - x0;
        return (1 - fy) * ((1 - fx) * image[y0 * cols + x0] + fx * image[y0 * cols + x1]) + fy * ((1 - fx) * image[y1 * cols + x0] + fx * image[y1 * cols + x1]);
    }

    /// <summary><paramref name="image"/> interpolated onto pixels <paramref name="factor"/> times finer along each axis, each
    /// new pixel holding its share of the counts (the total is kept; new pixel centres sample the old grid, edges clamped).</summary>
    public static float[] Upsample(ReadOnlySpan<float> image, int rows, int cols, int factor)
    {
        if (image.Length != rows * cols) throw new ArgumentException($"{image.Length} pixels for {cols} x {rows}");
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        int outCols = cols * factor;
        var share = 1f / (factor * factor);
        var result = new float[image.Length * factor * factor];
        // Separable: each new column samples the old row at its centre, then each new row the widened rows.
        var wide = new float[rows * outCols];
        for (var x = 0; x < outCols; x++)
        {
            var (x0, x1, fx) = Neighbours((x + 0.5) / factor - 0.5, cols);
            for (var y = 0; y < rows; y++) wide[y * outCols + x] = (1 - fx) * image[y * cols + x0] + fx * image[y * cols + x1];
        }
        for (var y = 0; y < rows * factor; y++)
        {
            var (y0, y1, fy) = Neighbours((y + 0.5) / factor - 0.5, rows);
            for (var x = 0; x < outCols; x++) result[y * outCols + x] = share * ((1 - fy) * wide[y0 * outCols + x] + fy * wide[y1 * outCols + x]);
        }
        return result;
    }

    /// <summary>Every frame of a stack upsampled as <see cref="Upsample(ReadOnlySpan{float}, int, int, int)"/> does.</summary>
    public static float[][] Upsample(IReadOnlyList<float[]> frames, int rows, int cols, int factor)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var result = new float[frames.Count][];
        for (var i = 0; i < result.Length; i++) result[i] = Upsample(frames[i], rows, cols, factor);
        return result;
    }

    private static (int Low, int High, float Weight) Neighbours(double position, int length)
    {
        position = Math.Clamp(position, 0, length - 1);
        var low = (int)position;
        return (low, Math.Min(low + 1, length - 1), (float)(position - low));
    }
}
