using Photopeak.Imaging.Pixels;

namespace Photopeak.Imaging.Tests.Pixels;

public sealed class ReferencePixelTests
{
    private static readonly ReferencePixel FiveMm = new(5);

    [Theory]
    [InlineData(5.0, 1, 1)]     // the reference itself
    [InlineData(5.0, 3, 3)]
    [InlineData(2.5, 1, 2)]     // 128² over 320 mm: the same 5 mm
    [InlineData(2.5, 3, 6)]
    [InlineData(3.2, 2, 3)]     // 10 mm in 3.2 mm pixels: 3.1
    [InlineData(6.4, 2, 2)]     // coarser: the reference's pixels, not fewer
    [InlineData(12.5, 3, 3)]
    [InlineData(0.01, 2, 8)]    // at most four times as many
    [InlineData(0.0, 2, 2)]     // no size: the reference's pixels
    [InlineData(double.NaN, 2, 2)]
    public void A_margin_keeps_its_millimetres_on_finer_matrices_and_its_pixels_on_coarser(double pixelMm, int referencePixels, int expected)
    {
        Assert.Equal(expected, FiveMm.Pixels(referencePixels, pixelMm));
    }

    [Fact]
    public void Smoothing_passes_follow_the_reference()
    {
        Assert.Equal(1, FiveMm.SmoothingPasses(5));
        Assert.Equal(4, FiveMm.SmoothingPasses(2.5));
        Assert.Equal(4, new ReferencePixel(6.25).SmoothingPasses(3.125));
    }

    [Theory]
    [InlineData(6.25, 1)]   // the reference
    [InlineData(3.125, 1)]  // finer: never downsampled
    [InlineData(7.8, 1)]    // within 1.25 reference pixels
    [InlineData(8.0, 2)]
    [InlineData(12.5, 2)]   // 32² over 400 mm: to 6.25 mm
    [InlineData(13.0, 3)]
    [InlineData(100.0, 4)]  // at most four times finer
    [InlineData(double.NaN, 1)]
    public void Coarse_pixels_are_interpolated_to_the_reference_or_finer(double pixelMm, int expected)
    {
        Assert.Equal(expected, new ReferencePixel(6.25).UpsamplingFactor(pixelMm));
    }
}
