using CsCheck;
using Photopeak.Imaging.Pixels;

namespace Photopeak.Imaging.Tests.Pixels;

public sealed class BilinearUpsamplingTests
{
    [Fact]
    public void Upsampling_keeps_the_total_counts_for_any_image_and_factor()
    {
        Gen.Select(Gen.Int[1, 9], Gen.Int[1, 9], Gen.Int[1, 4]).SelectMany(t =>
            Gen.Float[0, 1000].Array[t.Item1 * t.Item2].Select(image => (Rows: t.Item1, Cols: t.Item2, Factor: t.Item3, Image: image)))
            .Sample(c =>
            {
                var up = BilinearSampling.Upsample(c.Image, c.Rows, c.Cols, c.Factor);
                Assert.Equal(c.Rows * c.Cols * c.Factor * c.Factor, up.Length);
                double before = c.Image.Sum(v => (double)v), after = up.Sum(v => (double)v);
                Assert.True(Math.Abs(after - before) <= 1e-5 * Math.Max(1, before), $"{before} counts became {after}");
            });
    }

    [Fact]
    public void A_ramp_is_sampled_at_the_new_pixel_centres()
    {
        // Counts 10 + 3·column + 5·row per old pixel; a new pixel (y, x) of factor 2 is centred at old (y/2 − 0.25, x/2 − 0.25).
        const int rows = 6, cols = 8, factor = 2;
        var image = new float[rows * cols];
        for (var y = 0; y < rows; y++) for (var x = 0; x < cols; x++) image[y * cols + x] = 10 + 3 * x + 5 * y;
        var up = BilinearSampling.Upsample(image, rows, cols, factor);
        for (var y = 1; y < rows * factor - 1; y++)
        for (var x = 1; x < cols * factor - 1; x++)
        {
            double oy = (y + 0.5) / factor - 0.5, ox = (x + 0.5) / factor - 0.5;
            Assert.Equal((10 + 3 * ox + 5 * oy) / (factor * factor), up[y * cols * factor + x], 4);
        }
    }

    [Fact]
    public void Factor_one_is_a_copy_and_a_bad_size_is_refused()
    {
        float[] image = [1, 2, 3, 4, 5, 6];
        Assert.Equal(image, BilinearSampling.Upsample(image, 2, 3, 1));
        Assert.Throws<ArgumentException>(() => BilinearSampling.Upsample(image, 2, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BilinearSampling.Upsample(image, 2, 3, 0));
    }
}
