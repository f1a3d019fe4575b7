using Photopeak.Imaging.Pixels;
using Photopeak.Procedures.Quality;

namespace Photopeak.Procedures.Tests.Quality;

/// <summary>Images with no anatomy to find are refused before any ROI is placed.</summary>
public class PlanarImageContentTests
{
    private static Image2D Filled(int size, Func<int, int, float> value)
    {
        var image = new Image2D(size, size, null);
        for (var y = 0; y < size; y++) for (var x = 0; x < size; x++) image[x, y] = value(x, y);
        return image;
    }

    [Theory]
    [InlineData(65535f)]
    [InlineData(100f)]
    public void A_flat_or_saturated_image_has_no_contrast(float value) =>
        Assert.Contains("no contrast", PlanarImageContent.Problem(Filled(64, (_, _) => value), 32));

    [Fact]
    public void A_noisy_flat_image_has_no_contrast()
    {
        var random = new Random(3);
        Assert.Contains("no contrast", PlanarImageContent.Problem(Filled(64, (_, _) => 100 + (float)(random.NextDouble() * 30 - 15)), 32));
    }

    [Fact]
    public void An_empty_image_has_no_counts() => Assert.Contains("no counts", PlanarImageContent.Problem(Filled(64, (_, _) => 0), 32));

    [Fact]
    public void A_seven_pixel_matrix_is_too_coarse() =>
        Assert.Contains("7 × 7 is too coarse", PlanarImageContent.Problem(Filled(7, (x, y) => x * y), 32));

    [Fact]
    public void Organs_on_a_background_pass()
    {
        // Two "lungs" of 1000 counts on 20 counts of tissue, with air at the edges.
        var image = Filled(64, (x, y) => x < 6 || x > 57 ? 0 : (Math.Abs(x - 20) < 8 || Math.Abs(x - 44) < 8) && y is > 12 and < 52 ? 1000 : 20);
        Assert.Null(PlanarImageContent.Problem(image, 32));
    }
}
