namespace Photopeak.Reporting.Figures;

/// <summary>
/// A grayscale float image (counts, counts per second, anything) in row-major order, top row first.
/// The pixels are copied on construction so the report cannot change behind a signature.
/// </summary>
public sealed class GrayImage
{
    private readonly float[] pixels;

    public GrayImage(int width, int height, ReadOnlySpan<float> pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width} × {height} must be positive");
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"image of {width} × {height} needs {(long)width * height} pixels, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        this.pixels = pixels.ToArray();
    }

    public int Width { get; }
    public int Height { get; }
    public ReadOnlySpan<float> Pixels => pixels;

    /// <summary>Value at column x, row y.</summary>
    public float this[int x, int y] => pixels[y * Width + x];

    /// <summary>Smallest and largest finite value (0, 0 for an image with no finite value).</summary>
    public (float Min, float Max) Range()
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in pixels)
        {
            if (!float.IsFinite(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return float.IsFinite(min) ? (min, max) : (0, 0);
    }
}
