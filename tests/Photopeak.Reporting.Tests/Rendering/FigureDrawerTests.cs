using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Rendering;
using SkiaSharp;

namespace Photopeak.Reporting.Tests.Rendering;

public class FigureDrawerTests
{
    private static SKBitmap Raster(ReportFigure figure, float widthPoints, float scale = 1f)
    {
        using var fonts = ReportFonts.Load();
        return SKBitmap.Decode(new FigureDrawer(fonts).ToPng(figure, widthPoints, scale));
    }

    [Fact]
    public void Roi_outline_is_drawn_at_its_pixel_coordinates_in_its_colour()
    {
        // 100 × 100 image in a 250-point panel: 2.5 points per pixel, image top at the 14-point label band.
        var image = new GrayImage(100, 100, new float[100 * 100]);
        var roi = new RectangleOverlay("", OverlayColour.Yellow, 20, 40, 40, 20);
        // Rasterised at 4 bitmap pixels per point so the 1.3-point stroke fully covers some bitmap rows.
        using var bmp = Raster(new ImagePanelsFigure("t", null, [new ImagePanel("p", image, [roi])]), 250f, scale: 4f);
        // Middle of the top edge at x = 2.5·40 = 100, y = 14 + 2.5·40 = 114 points.
        var onEdge = bmp.GetPixel(4 * 100, 4 * 114);
        Assert.True(onEdge.Red > 200 && onEdge.Green > 170 && onEdge.Blue < 80, onEdge.ToString());
        var away = bmp.GetPixel(4 * 100, 4 * (14 + 75));                          // 10 image pixels above the ROI: black image
        Assert.True(away.Red < 30, away.ToString());
        var inside = bmp.GetPixel(4 * 100, 4 * (14 + 125));                       // centre of the rectangle: black image
        Assert.True(inside.Red < 30 && inside.Green < 30 && inside.Blue < 30, inside.ToString());
    }

    [Fact]
    public void Window_maps_the_image_range_to_gray_and_inverted_display_flips_it()
    {
        var px = new float[4 * 4];
        for (var i = 0; i < 8; i++) px[i] = 100f;        // top half hot
        var image = new GrayImage(4, 4, px);
        using var normal = Raster(new ImagePanelsFigure("t", null, [new ImagePanel("", image, [])]), 200f);
        using var inverted = Raster(new ImagePanelsFigure("t", null, [new ImagePanel("", image, []) { Display = GrayDisplay.Inverted }]), 200f);
        Assert.True(normal.GetPixel(100, 14 + 20).Red > 240);
        Assert.True(normal.GetPixel(100, 14 + 180).Red < 15);
        Assert.True(inverted.GetPixel(100, 14 + 20).Red < 15);
        Assert.True(inverted.GetPixel(100, 14 + 180).Red > 240);
    }

    [Fact]
    public void Polar_map_needs_exactly_17_segments()
    {
        var ex = Assert.Throws<ArgumentException>(() => Raster(new PolarMapFigure("Stress", null, new int[16]), 300f));
        Assert.Contains("17", ex.Message);
    }

    [Fact]
    public void Polar_map_colours_the_apex_by_its_score()
    {
        var scores = new int[17];
        scores[16] = 4;
        using var bmp = Raster(new PolarMapFigure("Stress", null, scores), 300f);
        var apex = bmp.GetPixel(110, 100);      // map is 220 points wide: centre at (110, 110), avoid the score digit
        var basal = bmp.GetPixel(110, 4);       // top of the basal anterior segment, score 0
        Assert.True(apex.Red > 140 && apex.Green < 40, apex.ToString());
        Assert.True(basal.Green > 220, basal.ToString());
    }
}
