namespace Photopeak.Imaging.Pixels;

/// <summary>A 2-D image of float values (counts after rescale), row-major: pixel (x, y) is Pixels[y * Width + x].</summary>
public sealed class Image2D
{
    public Image2D(int width, int height, PixelSpacing? pixelSpacingMm, float[]? pixels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        pixels ??= new float[checked(width * height)];
        if (pixels.Length != width * height) throw new ArgumentException($"{pixels.Length} pixels given for {width} x {height}", nameof(pixels));
        Width = width;
        Height = height;
        PixelSpacingMm = pixelSpacingMm;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Null when the file gives no Pixel Spacing.</summary>
    public PixelSpacing? PixelSpacingMm { get; }

    public float[] Pixels { get; }

    public float this[int x, int y]
    {
        get => Pixels[y * Width + x];
        set => Pixels[y * Width + x] = value;
    }

    /// <summary>One row as a span.</summary>
    public Span<float> Row(int y) => Pixels.AsSpan(y * Width, Width);

    /// <summary>Sum of all pixels (total counts), accumulated in double.</summary>
    public double Sum()
    {
        double total = 0;
        foreach (var v in Pixels) total += v;
        return total;
    }
}
