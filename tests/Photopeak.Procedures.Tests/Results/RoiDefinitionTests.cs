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

    // A camera pixel of 12.5 mm is two 6.25 mm pixels: its centre (0, 0) is the centre of the 2 × 2 block at (0.5, 0.5).
    [Fact]
    public void An_outline_on_coarser_pixels_is_moved_onto_the_analysed_grid_about_the_image_corner()
    {
        var polygon = RoiDefinition.Polygon("lv.ed", "frame 1", "edited", [[0.0, 0.0], [0.0, 3.0], [2.0, 3.0]], 12.5).OnPixels(6.25);
        Assert.Equal([[0.5, 0.5], [0.5, 6.5], [4.5, 6.5]], polygon.Points!);
        Assert.Equal(6.25, polygon.PixelSpacingMm);
        var circle = RoiDefinition.Circle("bg", "frame 1", "edited", 10, 20, 3, 10).OnPixels(5);
        Assert.Equal((20.5, 40.5, 6.0, 5.0), (circle.CentreRow!.Value, circle.CentreColumn!.Value, circle.RadiusPx!.Value, circle.PixelSpacingMm!.Value));
        var same = RoiDefinition.Polygon("lv.ed", "frame 1", "edited", [[1.0, 1.0], [1.0, 4.0], [3.0, 4.0]], 6.27);
        Assert.Same(same, same.OnPixels(6.25)); // within 1 %
        Assert.Throws<ArgumentException>(() => RoiDefinition.Rectangle("bg", "frame 1", "edited", 0, 4, 0, 4, 12.5).OnPixels(6.25));
    }
}
