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

    // An L-shaped hexagon, whose vertex average (2.0, 1.5) is not its centre of area: two rectangles, 4 × 2 at (1, 2) and
    // 2 × 2 at (3, 1), areas 8 and 4, give ((8·1 + 4·3)/12, (8·2 + 4·1)/12) = (5/3, 5/3), in either orientation.
    [Fact]
    public void A_polygons_centroid_is_its_centre_of_area_whichever_way_round()
    {
        double[][] l = [[0, 0], [0, 4], [2, 4], [2, 2], [4, 2], [4, 0]];
        foreach (var vertices in new[] { l, [.. l.Reverse()] })
        {
            var (row, column) = RoiDefinition.PolygonCentroidPx(vertices)!.Value;
            Assert.Equal(5.0 / 3, row, 12);
            Assert.Equal(5.0 / 3, column, 12);
        }
        Assert.Null(RoiDefinition.PolygonCentroidPx([[0, 0], [1, 1], [2, 2]]));
    }
}
