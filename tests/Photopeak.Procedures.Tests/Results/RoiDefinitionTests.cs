using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.Tests.Results;

/// <summary>Edited ROIs (<c>process --rois</c>) that cannot be a region of the image are refused naming the ROI.</summary>
public class RoiDefinitionTests
{
    [Theory]
    [InlineData(1e9, "radius 1000000000 px is invalid")]
    [InlineData(65, "radius 65 px is invalid")]
    [InlineData(0, "must be positive")]
    [InlineData(double.NaN, "must be positive")]
    public void A_circle_with_an_impossible_radius_is_refused(double radiusPx, string expected)
    {
        var roi = RoiDefinition.Circle("heart", "early", "edited", 32, 32, radiusPx, 4.4);
        var ex = Assert.Throws<ProcedureInputException>(() => roi.Mask(64, 64));
        Assert.Contains("ROI 'heart' on the early image", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_circle_inside_the_image_holds_the_pixels_whose_centres_it_covers()
    {
        var mask = RoiDefinition.Circle("heart", "early", "edited", 32, 32, 5, 4.4).Mask(64, 64);
        Assert.Equal(81, mask.Count(m => m)); // lattice points within radius 5 (Gauss circle problem, r = 5: 81)
    }
}
