using Photopeak.Imaging.Pixels;

namespace Photopeak.Imaging.Tests.Pixels;

public sealed class BinomialSmoothingTests
{
    private const int Size = 41, Centre = Size / 2;

    private static float[] SmoothedDelta(int passes)
    {
        var delta = new float[Size * Size];
        delta[Centre * Size + Centre] = 1;
        return BinomialSmoothing.Apply(delta, Size, Size, passes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(9)]
    public void Each_pass_adds_half_a_square_pixel_of_variance_along_each_axis(int passes)
    {
        var kernel = SmoothedDelta(passes);
        double sum = 0, rowVariance = 0, columnVariance = 0;
        for (var y = 0; y < Size; y++)
        for (var x = 0; x < Size; x++)
        {
            var w = kernel[y * Size + x];
            sum += w; rowVariance += w * (y - Centre) * (y - Centre); columnVariance += w * (x - Centre) * (x - Centre);
        }
        Assert.Equal(1, sum, 5);
        Assert.Equal(passes / 2.0, rowVariance, 4);
        Assert.Equal(passes / 2.0, columnVariance, 4);
    }

    // Independent unit-variance noise smoothed by a kernel w keeps an SD of √Σw²: measured on the kernel itself, not on the
    // closed form the engine uses.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(9)]
    public void The_noise_fraction_is_the_root_sum_of_squares_of_the_kernel(int passes)
    {
        var kernel = SmoothedDelta(passes);
        var rootSumOfSquares = Math.Sqrt(kernel.Sum(w => (double)w * w));
        Assert.Equal(rootSumOfSquares, BinomialSmoothing.NoiseSdFraction(passes), 5);
    }

    [Fact]
    public void One_pass_keeps_three_eighths_of_the_noise()
    {
        Assert.Equal(0.375, BinomialSmoothing.NoiseSdFraction(1), 12);
    }

    [Theory]
    [InlineData(5.0, 1)]    // the reference matrix itself
    [InlineData(6.4, 1)]    // 64² over 410 mm: never less than one pass
    [InlineData(3.2, 2)]    // 128² over 410 mm: (5 / 3.2)² = 2.4
    [InlineData(2.5, 4)]    // 128² over 320 mm
    [InlineData(0.01, BinomialSmoothing.MaxPasses)]
    [InlineData(0.0, 1)]
    [InlineData(double.NaN, 1)]
    public void Passes_keep_the_kernel_variance_in_millimetres(double pixelMm, int expected)
    {
        Assert.Equal(expected, BinomialSmoothing.PassesFor(pixelMm, 5));
    }

    [Fact]
    public void Passes_outside_one_to_the_maximum_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialSmoothing.Apply(new float[4], 2, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialSmoothing.NoiseSdFraction(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialSmoothing.NoiseSdFraction(BinomialSmoothing.MaxPasses + 1));
    }
}
