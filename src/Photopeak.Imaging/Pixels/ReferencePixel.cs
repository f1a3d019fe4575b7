namespace Photopeak.Imaging.Pixels;

/// <summary>The pixel size, in mm, at which a method's pixel-counted constants (smoothing passes, margins) were chosen. On a
/// finer matrix they are converted to keep their millimetres; a coarser matrix keeps the reference's pixels, the finest a
/// method tuned at the reference can resolve.</summary>
public readonly record struct ReferencePixel(double Mm)
{
    /// <summary>The 1-2-1 passes that smooth pixels of <paramref name="pixelMm"/> as one pass smooths the reference's.</summary>
    public int SmoothingPasses(double pixelMm) => BinomialSmoothing.PassesFor(pixelMm, Mm);

    /// <summary>A margin of <paramref name="referencePixels"/> reference pixels in whole pixels of <paramref name="pixelMm"/>:
    /// never fewer than at the reference, at most <see cref="MaxRatio"/> times as many.</summary>
    public int Pixels(int referencePixels, double pixelMm)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(referencePixels);
        var pixels = referencePixels * Mm / pixelMm;
        return double.IsFinite(pixels) ? (int)Math.Clamp(Math.Round(pixels), referencePixels, MaxRatio * referencePixels) : referencePixels;
    }

    /// <summary>How many times finer a matrix of <paramref name="pixelMm"/> is interpolated to reach at least the
    /// reference's resolution: 1 up to 1.25 reference pixels (a 64² over 500 mm where the reference is 64² over 400), then the
    /// whole factor that brings the pixel to the reference or finer, at most <see cref="MaxRatio"/>.</summary>
    public int UpsamplingFactor(double pixelMm)
    {
        var ratio = pixelMm / Mm;
        return double.IsFinite(ratio) && ratio > 1.25 ? (int)Math.Min(MaxRatio, Math.Ceiling(ratio - 1e-9)) : 1;
    }

    /// <summary>The warning a report carries when frames of <paramref name="acquiredMm"/> were interpolated to
    /// <paramref name="analysedMm"/> pixels for a method (<paramref name="validatedWhat"/>, e.g. "the LV outline was") tuned at
    /// this reference; <paramref name="advice"/> ends it (what the interpolated method did on test hearts, what to check).</summary>
    public string InterpolationWarning(string source, double acquiredMm, double analysedMm, string validatedWhat, string advice) =>
        FormattableString.Invariant($"{source}: pixels of {acquiredMm:0.#} mm are coarser than the {Mm} mm {validatedWhat} validated at; the frames were interpolated to {analysedMm:0.##} mm pixels. {advice}");

    /// <summary>The finest pixel converted to: a quarter of the reference (a 1,024² matrix where a method was tuned at 256²);
    /// finer is not a gamma camera's. Smoothing stops there too (<see cref="BinomialSmoothing.MaxPasses"/> = 4²).</summary>
    public const int MaxRatio = 4;
}
