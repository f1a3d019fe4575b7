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
    public void A_fusion_layer_colours_the_uptake_hot_over_the_gray_anatomy_and_leaves_the_rest_gray()
    {
        // CT at 0 HU in a −160..240 window (gray 102); SPECT 50 in the left half, 0 in the right, window 0..100.
        var ct = new GrayImage(4, 4, Enumerable.Repeat(0f, 16).ToArray());
        var spect = new float[16];
        for (var y = 0; y < 4; y++) for (var x = 0; x < 2; x++) spect[y * 4 + x] = 50f;
        var panel = new ImagePanel("fused", ct, []) { WindowLower = -160, WindowUpper = 240, Fusion = new FusionLayer(new GrayImage(4, 4, spect), 0, 100) };
        using var bmp = Raster(new ImagePanelsFigure("t", null, [panel]), 200f);
        var uptake = bmp.GetPixel(25, 14 + 100);     // left half: hot(0.5) = (255, 128, 0) half over gray 102
        var anatomy = bmp.GetPixel(175, 14 + 100);   // right half: the CT's gray alone
        Assert.InRange(uptake.Red, 170, 186);
        Assert.InRange(uptake.Green, 108, 122);
        Assert.InRange(uptake.Blue, 44, 58);
        Assert.InRange(anatomy.Red, 98, 106);
        Assert.Equal(anatomy.Red, anatomy.Blue);
        Assert.Equal(anatomy.Red, anatomy.Green);
    }

    [Fact]
    public void A_fusion_layer_of_another_size_is_refused()
    {
        var panel = new ImagePanel("fused", new GrayImage(4, 4, new float[16]), []) { Fusion = new FusionLayer(new GrayImage(2, 2, new float[4]), 0, 1) };
        var e = Assert.Throws<ArgumentException>(() => Raster(new ImagePanelsFigure("t", null, [panel]), 200f));
        Assert.Contains("fusion layer is 2 × 2", e.Message, StringComparison.Ordinal);
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

    // Line chart layout at 420 points wide: plot area x 40..410, y 12..164 points; legend row at y ≈ 198.
    private const float PlotLeft = 40f, PlotRight = 410f, PlotTop = 12f, PlotBottom = 164f;

    private static bool IsRed(SKColor c) => c.Red > 180 && c.Green < 110 && c.Blue < 110;
    private static bool IsCyan(SKColor c) => c.Red < 80 && c.Green > 150 && c.Blue > 170;

    // Rows (in points) of the plot area, short of the X axis line, where the bitmap column at xPoints has a pixel of the colour.
    private static List<float> RowsOf(SKBitmap bmp, float scale, float xPoints, Func<SKColor, bool> colour)
    {
        var rows = new List<float>();
        var column = (int)(xPoints * scale);
        for (var row = (int)(PlotTop * scale); row < (int)((PlotBottom - 0.5f) * scale); row++)
            if (colour(bmp.GetPixel(column, row))) rows.Add((row + 0.5f) / scale);
        return rows;
    }

    private static void AssertLineAt(List<float> rows, float expected)
    {
        Assert.NotEmpty(rows);
        Assert.InRange(rows.Average(), expected - 1f, expected + 1f);
        Assert.True(rows.Max() - rows.Min() < 3f, $"rows {rows.Min()}..{rows.Max()} for a 1.2-point line");
    }

    [Fact]
    public void Line_chart_draws_each_series_in_its_colour()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var chart = new LineChartFigure("TAC", null,
            [new LineSeries("LV", OverlayColour.Red, x, x.Select(v => 10 * v).ToArray()), new LineSeries("RV", OverlayColour.Cyan, x, x.Select(_ => 50.0).ToArray())],
            "Time (s)", "Counts");
        using var bmp = Raster(chart, 420f, scale: 4f);
        // X 0..10 over 370 points; Y 0..125 (100 × 1.08 rounded up to the 25 tick step) over 152 points.
        float Px(double v) => PlotLeft + (float)v * 37f;
        float Py(double v) => PlotBottom - (float)(v / 125) * (PlotBottom - PlotTop);
        foreach (var at in new[] { 3.3, 7.7 })
        {
            AssertLineAt(RowsOf(bmp, 4f, Px(at), IsRed), Py(10 * at));
            AssertLineAt(RowsOf(bmp, 4f, Px(at), IsCyan), Py(50));
        }
        Assert.Empty(RowsOf(bmp, 4f, PlotLeft - 10f, c => IsRed(c) || IsCyan(c)));
        Assert.True(IsRed(bmp.GetPixel(4 * 48, 4 * 198)), "legend swatch of the first series");
    }

    [Fact]
    public void Line_chart_breaks_at_non_finite_points()
    {
        var x = Enumerable.Range(0, 21).Select(i => i * 0.5).ToArray();
        var lvY = x.Select(_ => 50.0).ToArray();
        lvY[10] = double.NaN;                                            // no Y at 5 s
        var rvX = x.ToArray();
        rvX[10] = double.PositiveInfinity;                               // no time for the 5 s frame
        var chart = new LineChartFigure("TAC", null,
            [new LineSeries("LV", OverlayColour.Red, x, lvY), new LineSeries("RV", OverlayColour.Cyan, rvX, x.Select(_ => 80.0).ToArray())],
            "Time (s)", "Counts");
        using var bmp = Raster(chart, 420f, scale: 4f);
        // Y 0..100 (80 × 1.08 rounded up to the 20 tick step); the gap is 4.5..5.5 s, i.e. 18.5 points either side of 5 s.
        float Px(double v) => PlotLeft + (float)v * 37f;
        float Py(double v) => PlotBottom - (float)(v / 100) * (PlotBottom - PlotTop);
        foreach (var at in new[] { 3.0, 7.0 })
        {
            AssertLineAt(RowsOf(bmp, 4f, Px(at), IsRed), Py(50));
            AssertLineAt(RowsOf(bmp, 4f, Px(at), IsCyan), Py(80));
        }
        Assert.Empty(RowsOf(bmp, 4f, Px(5), c => IsRed(c) || IsCyan(c)));
    }

    [Fact]
    public void Line_chart_marker_is_a_dashed_line_with_its_label_above_the_plot()
    {
        double[] x = [0, 10];
        var chart = new LineChartFigure("TAC", null, [new LineSeries("LV", OverlayColour.Red, x, [0, 100])], "Time (s)", "Counts")
            { VerticalMarkers = [5, 42], VerticalMarkerLabels = ["ED"] };
        using var bmp = Raster(chart, 420f, scale: 4f);
        static bool IsMarkerGray(SKColor c) => c.Red is > 60 and < 130 && Math.Abs(c.Red - c.Green) < 8 && Math.Abs(c.Red - c.Blue) < 8;
        var markerX = PlotLeft + 5 * 37f - 0.25f;                           // inside the 0.6-point stroke centred at 5 s
        var gray = RowsOf(bmp, 4f, markerX, IsMarkerGray).Count;
        var plotRows = (PlotBottom - 0.5f - PlotTop) * 4f;
        Assert.InRange(gray, plotRows * 0.4f, plotRows * 0.8f);          // 3-on 2-off dash: about 60 % of the height
        Assert.Empty(RowsOf(bmp, 4f, markerX + 10f, IsMarkerGray));
        var label = 0;
        for (var row = 4 * 2; row < 4 * (int)PlotTop; row++)
            for (var col = 4 * (int)(markerX - 8f); col < 4 * (int)(markerX + 8f); col++)
                if (bmp.GetPixel(col, row).Red < 160) label++;
        Assert.True(label > 20, $"{label} dark pixels of the ED label above the marker");
    }

    [Fact]
    public void Line_chart_series_needs_as_many_x_as_y_values()
    {
        var chart = new LineChartFigure("TAC", null, [new LineSeries("LV", OverlayColour.Red, [0, 1, 2], [5, 6])], "Time (s)", "Counts");
        var ex = Assert.Throws<ArgumentException>(() => Raster(chart, 420f));
        Assert.Contains("'LV'", ex.Message);
    }
}
