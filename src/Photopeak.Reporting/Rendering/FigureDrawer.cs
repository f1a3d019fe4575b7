using Photopeak.Reporting.Figures;
using SkiaSharp;

namespace Photopeak.Reporting.Rendering;

/// <summary>
/// Draws figures on any Skia canvas (PDF page or raster bitmap) in points, so PDF and HTML show the same picture.
/// Images are drawn as bitmaps, ROIs as vector outlines with a dark halo so they stay readable on any gray level.
/// </summary>
public sealed class FigureDrawer(ReportFonts fonts)
{
    private const float PanelGap = 10f;
    private const float PanelLabelHeight = 14f;
    private const float MaxPanelWidth = 250f;
    private const float PolarMapSize = 220f;
    private const float BarChartHeight = 190f;
    private const float LineChartHeight = 210f;

    /// <summary>Height in points the figure needs at the given width.</summary>
    public float Height(ReportFigure figure, float width) => figure switch
    {
        ImagePanelsFigure p => PanelsHeight(p, width),
        PolarMapFigure => Math.Min(PolarMapSize, width) + 34f,
        BarChartFigure => BarChartHeight,
        LineChartFigure => LineChartHeight,
        _ => throw new NotSupportedException($"figure type {figure.GetType().Name} has no drawer"),
    };

    /// <summary>Draws the figure with its top-left corner at (x, y).</summary>
    public void Draw(SKCanvas canvas, ReportFigure figure, float x, float y, float width)
    {
        switch (figure)
        {
            case ImagePanelsFigure p: DrawPanels(canvas, p, x, y, width); break;
            case PolarMapFigure m: DrawPolarMap(canvas, m, x, y, width); break;
            case BarChartFigure b: DrawBarChart(canvas, b, x, y, width); break;
            case LineChartFigure l: DrawLineChart(canvas, l, x, y, width); break;
            default: throw new NotSupportedException($"figure type {figure.GetType().Name} has no drawer");
        }
    }

    /// <summary>Rasterises a figure to PNG at <paramref name="scale"/> pixels per point (for HTML).</summary>
    public byte[] ToPng(ReportFigure figure, float widthPoints, float scale = 2f)
    {
        var h = Height(figure, widthPoints);
        var info = new SKImageInfo((int)Math.Ceiling(widthPoints * scale), (int)Math.Ceiling(h * scale), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"cannot allocate a {info.Width} × {info.Height} bitmap");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        Draw(canvas, figure, 0, 0, widthPoints);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static float PanelWidth(ImagePanelsFigure p, float width)
    {
        var n = Math.Max(1, p.Panels.Count);
        return Math.Min(MaxPanelWidth, (width - PanelGap * (n - 1)) / n);
    }

    private static float PanelsHeight(ImagePanelsFigure p, float width)
    {
        var panelWidth = PanelWidth(p, width);
        var tallest = 0f;
        foreach (var panel in p.Panels) tallest = Math.Max(tallest, panelWidth * panel.Image.Height / panel.Image.Width);
        return PanelLabelHeight + tallest;
    }

    private void DrawPanels(SKCanvas canvas, ImagePanelsFigure p, float x, float y, float width)
    {
        var panelWidth = PanelWidth(p, width);
        using var labelFont = fonts.Font(9f, bold: true);
        using var roiFont = fonts.Font(8f, bold: true);
        var px = x;
        foreach (var panel in p.Panels)
        {
            var img = panel.Image;
            var scale = panelWidth / img.Width;
            var top = y + PanelLabelHeight;
            using (var text = new SKPaint { Color = SKColors.Black, IsAntialias = true })
                canvas.DrawText(panel.Label, px, y + 10f, SKTextAlign.Left, labelFont, text);
            using (var bitmap = ToBitmap(panel))
            using (var image = SKImage.FromBitmap(bitmap))
                canvas.DrawImage(image, new SKRect(px, top, px + panelWidth, top + img.Height * scale), new SKSamplingOptions(SKFilterMode.Linear));
            using (var frame = new SKPaint { Color = SKColors.Gray, Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f })
                canvas.DrawRect(px, top, panelWidth, img.Height * scale, frame);

            canvas.Save();
            canvas.ClipRect(new SKRect(px, top, px + panelWidth, top + img.Height * scale));
            foreach (var overlay in panel.Overlays) DrawOverlay(canvas, overlay, px, top, scale, roiFont);
            canvas.Restore();
            px += panelWidth + PanelGap;
        }
    }

    // Window/level to 8-bit gray (or, with a fusion layer, gray blended with its hot colour); the loop runs once per pixel
    // over spans with no allocation.
    private static SKBitmap ToBitmap(ImagePanel panel)
    {
        var img = panel.Image;
        var (min, max) = img.Range();
        var lo = (float)(panel.WindowLower ?? min);
        var hi = (float)(panel.WindowUpper ?? max);
        var span = hi > lo ? hi - lo : 1f;
        var invert = panel.Display == GrayDisplay.Inverted;
        var fusion = panel.Fusion;
        if (fusion is not null && (fusion.Image.Width != img.Width || fusion.Image.Height != img.Height))
            throw new ArgumentException($"panel '{panel.Label}': the fusion layer is {fusion.Image.Width} × {fusion.Image.Height}, the image {img.Width} × {img.Height}");
        var bitmap = fusion is null
            ? new SKBitmap(new SKImageInfo(img.Width, img.Height, SKColorType.Gray8, SKAlphaType.Opaque))
            : new SKBitmap(new SKImageInfo(img.Width, img.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var dst = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        var src = img.Pixels;
        float flo = (float)(fusion?.WindowLower ?? 0), fspan = fusion is null ? 1f : Math.Max(1e-12f, (float)(fusion.WindowUpper - fusion.WindowLower));
        float opacity = (float)(fusion?.Opacity ?? 0), threshold = (float)(fusion?.ThresholdFraction ?? 0);
        for (var yy = 0; yy < img.Height; yy++)
        {
            var srow = src.Slice(yy * img.Width, img.Width);
            if (fusion is null)
            {
                var row = dst.Slice(yy * rowBytes, img.Width);
                for (var xx = 0; xx < row.Length; xx++) row[xx] = Gray(srow[xx], lo, span, invert);
                continue;
            }
            var rgba = dst.Slice(yy * rowBytes, 4 * img.Width);
            var frow = fusion.Image.Pixels.Slice(yy * img.Width, img.Width);
            for (var xx = 0; xx < img.Width; xx++)
            {
                float g = Gray(srow[xx], lo, span, invert), r = g, gr = g, b = g;
                var f = frow[xx];
                var t = float.IsFinite(f) ? Math.Clamp((f - flo) / fspan, 0f, 1f) : 0f;
                if (t >= threshold && t > 0)
                {
                    var (hr, hg, hb) = FusionLayer.Hot(t);
                    r = (1 - opacity) * g + opacity * hr; gr = (1 - opacity) * g + opacity * hg; b = (1 - opacity) * g + opacity * hb;
                }
                rgba[4 * xx] = (byte)MathF.Round(r); rgba[4 * xx + 1] = (byte)MathF.Round(gr); rgba[4 * xx + 2] = (byte)MathF.Round(b); rgba[4 * xx + 3] = 255;
            }
        }
        return bitmap;
    }

    private static byte Gray(float v, float lo, float span, bool invert)
    {
        var g = float.IsFinite(v) ? Math.Clamp((v - lo) / span, 0f, 1f) : 0f;
        var b = (byte)MathF.Round(g * 255f);
        return invert ? (byte)(255 - b) : b;
    }

    private static void DrawOverlay(SKCanvas canvas, Overlay overlay, float ox, float oy, float scale, SKFont font)
    {
        using var path = new SKPath();
        switch (overlay)
        {
            case PolygonOverlay poly when poly.Points.Count >= 2:
                path.MoveTo(ox + (float)poly.Points[0].X * scale, oy + (float)poly.Points[0].Y * scale);
                for (var i = 1; i < poly.Points.Count; i++) path.LineTo(ox + (float)poly.Points[i].X * scale, oy + (float)poly.Points[i].Y * scale);
                path.Close();
                break;
            case EllipseOverlay e:
                path.AddOval(new SKRect(ox + (float)(e.CentreX - e.RadiusX) * scale, oy + (float)(e.CentreY - e.RadiusY) * scale,
                    ox + (float)(e.CentreX + e.RadiusX) * scale, oy + (float)(e.CentreY + e.RadiusY) * scale));
                break;
            case RectangleOverlay r:
                path.AddRect(new SKRect(ox + (float)r.X * scale, oy + (float)r.Y * scale,
                    ox + (float)(r.X + r.Width) * scale, oy + (float)(r.Y + r.Height) * scale));
                break;
            default:
                return;
        }
        var colour = ToSkColor(overlay.Colour);
        using var halo = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 2.6f, IsAntialias = true };
        using var stroke = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = 1.3f, IsAntialias = true };
        canvas.DrawPath(path, halo);
        canvas.DrawPath(path, stroke);
        if (string.IsNullOrEmpty(overlay.Label)) return;

        // Label just above the ROI's bounding box (inside it if the ROI touches the top edge), with a dark halo.
        var bounds = path.Bounds;
        var ty = bounds.Top - 3f < oy + 10f ? bounds.Bottom + 10f : bounds.Top - 3f;
        using var textHalo = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 2.4f, IsAntialias = true };
        using var text = new SKPaint { Color = colour, IsAntialias = true };
        canvas.DrawText(overlay.Label, bounds.Left, ty, SKTextAlign.Left, font, textHalo);
        canvas.DrawText(overlay.Label, bounds.Left, ty, SKTextAlign.Left, font, text);
    }

    private static SKColor ToSkColor(OverlayColour c) => new(c.R, c.G, c.B);

    // AHA 17-segment layout [Cerqueira2002]: anterior at the top, septum on the left, lateral wall on the right.
    private static readonly (int Ring, float StartDeg, float SweepDeg)[] Segments = BuildSegments();

    private static (int, float, float)[] BuildSegments()
    {
        var s = new (int, float, float)[17];
        // Basal (1-6) and mid (7-12): 60° sectors, segment 1/7 anterior centred at 90°, proceeding counter-clockwise (towards the septum).
        for (var i = 0; i < 6; i++)
        {
            s[i] = (0, 60f + 60f * i, 60f);
            s[6 + i] = (1, 60f + 60f * i, 60f);
        }
        // Apical (13-16): 90° sectors, anterior centred at 90°.
        for (var i = 0; i < 4; i++) s[12 + i] = (2, 45f + 90f * i, 90f);
        s[16] = (3, 0f, 360f);
        return s;
    }

    private static SKColor ScoreColour(int score, int maxScore)
    {
        SKColor[] scale = [new(0xE8, 0xF5, 0xE0), new(0xFE, 0xE0, 0x8B), new(0xFD, 0xAE, 0x61), new(0xF4, 0x6D, 0x43), new(0xA5, 0x00, 0x26)];
        var i = maxScore <= 0 ? 0 : (int)Math.Round((double)Math.Clamp(score, 0, maxScore) / maxScore * (scale.Length - 1));
        return scale[i];
    }

    private void DrawPolarMap(SKCanvas canvas, PolarMapFigure m, float x, float y, float width)
    {
        if (m.SegmentScores.Count != 17)
            throw new ArgumentException($"polar map '{m.Title}' needs 17 segment scores (AHA model), got {m.SegmentScores.Count}");
        var size = Math.Min(PolarMapSize, width);
        var cx = x + size / 2f;
        var cy = y + size / 2f;
        float[] radii = [size / 2f, size * 0.36f, size * 0.22f, size * 0.09f, 0f];
        using var scoreFont = fonts.Font(10f, bold: true);
        using var border = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 0.8f, IsAntialias = true };
        for (var i = 0; i < 17; i++)
        {
            var (ring, start, sweep) = Segments[i];
            var outer = radii[ring];
            var inner = radii[ring + 1];
            using var path = new SKPath();
            if (ring == 3) path.AddCircle(cx, cy, outer);
            else
            {
                // Skia angles run clockwise (y down): negate the mathematical angle.
                path.ArcTo(new SKRect(cx - outer, cy - outer, cx + outer, cy + outer), -start, -sweep, true);
                path.ArcTo(new SKRect(cx - inner, cy - inner, cx + inner, cy + inner), -(start + sweep), sweep, false);
                path.Close();
            }
            var score = m.SegmentScores[i];
            var fill = ScoreColour(score, m.MaxScore);
            using (var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill, IsAntialias = true }) canvas.DrawPath(path, paint);
            canvas.DrawPath(path, border);
            var mid = (start + sweep / 2f) * MathF.PI / 180f;
            var r = ring == 3 ? 0f : (outer + inner) / 2f;
            var tx = cx + r * MathF.Cos(mid);
            var ty = cy - r * MathF.Sin(mid) + 3.5f;
            using var text = new SKPaint { Color = fill.Red + fill.Green + fill.Blue < 400 ? SKColors.White : SKColors.Black, IsAntialias = true };
            canvas.DrawText(score.ToString(System.Globalization.CultureInfo.InvariantCulture), tx, ty, SKTextAlign.Center, scoreFont, text);
        }

        // Legend and summed score under the map.
        using var legendFont = fonts.Font(8f);
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var ly = y + size + 8f;
        var lx = x;
        canvas.DrawText($"{m.ScoreName}:", lx, ly + 8f, SKTextAlign.Left, legendFont, black);
        lx += legendFont.MeasureText($"{m.ScoreName}:") + 6f;
        for (var s = 0; s <= m.MaxScore; s++)
        {
            using var fill = new SKPaint { Color = ScoreColour(s, m.MaxScore), Style = SKPaintStyle.Fill };
            canvas.DrawRect(lx, ly, 12f, 10f, fill);
            canvas.DrawRect(lx, ly, 12f, 10f, border);
            canvas.DrawText(s.ToString(System.Globalization.CultureInfo.InvariantCulture), lx + 15f, ly + 8f, SKTextAlign.Left, legendFont, black);
            lx += 28f;
        }
        var sum = m.SegmentScores.Sum();
        canvas.DrawText($"Summed {m.ScoreName.ToLowerInvariant()}: {sum}   (septum left, lateral right, anterior top)", x, ly + 22f, SKTextAlign.Left, legendFont, black);
    }

    private void DrawBarChart(SKCanvas canvas, BarChartFigure b, float x, float y, float width)
    {
        using var font = fonts.Font(8f);
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var axis = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 0.8f, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(220, 220, 220), Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f };
        using var bar = new SKPaint { Color = new SKColor(70, 110, 170), Style = SKPaintStyle.Fill, IsAntialias = true };
        var reference = new SKColor(200, 30, 30);
        using var dash = new SKPaint { Color = reference, Style = SKPaintStyle.Stroke, StrokeWidth = 1f, PathEffect = SKPathEffect.CreateDash([4f, 3f], 0) };
        var chartWidth = Math.Min(width, 420f);
        var left = x + 40f;
        var right = x + chartWidth - 10f;
        var top = y + 12f;
        var bottom = y + BarChartHeight - 34f;
        var maxValue = b.Bars.Select(v => v.Value).Append(b.ReferenceValue ?? 0).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        var step = NiceStep(maxValue <= 0 ? 1 : maxValue * 1.08 / 5);
        var yMax = Math.Ceiling((maxValue <= 0 ? 1 : maxValue * 1.08) / step) * step;
        float Y(double v) => bottom - (float)(v / yMax) * (bottom - top);

        for (var v = 0.0; v <= yMax + step / 2; v += step)
        {
            canvas.DrawLine(left, Y(v), right, Y(v), grid);
            canvas.DrawText(v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), left - 4f, Y(v) + 3f, SKTextAlign.Right, font, black);
        }
        canvas.DrawLine(left, top, left, bottom, axis);
        canvas.DrawLine(left, bottom, right, bottom, axis);
        canvas.Save();
        canvas.RotateDegrees(-90f, x + 9f, (top + bottom) / 2f);
        canvas.DrawText(b.ValueAxisLabel, x + 9f, (top + bottom) / 2f, SKTextAlign.Center, font, black);
        canvas.Restore();

        // Reference line under the bars and their value labels, so neither is hidden; its label goes in the legend below.
        if (b.ReferenceValue is { } refValue && double.IsFinite(refValue)) canvas.DrawLine(left, Y(refValue), right, Y(refValue), dash);
        var n = Math.Max(1, b.Bars.Count);
        var slot = (right - left) / n;
        using var valueHalo = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Stroke, StrokeWidth = 2.5f, IsAntialias = true };
        for (var i = 0; i < b.Bars.Count; i++)
        {
            var v = b.Bars[i].Value;
            var bx = left + slot * i + slot * 0.2f;
            if (double.IsFinite(v))
            {
                canvas.DrawRect(new SKRect(bx, Y(Math.Max(0, v)), bx + slot * 0.6f, bottom), bar);
                var label = v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
                canvas.DrawText(label, bx + slot * 0.3f, Y(Math.Max(0, v)) - 3f, SKTextAlign.Center, font, valueHalo);
                canvas.DrawText(label, bx + slot * 0.3f, Y(Math.Max(0, v)) - 3f, SKTextAlign.Center, font, black);
            }
            var name = b.Bars[i].Label;
            if (name.Length > 1 && font.MeasureText(name) > slot - 2f) name = name[..TextWrap.FittingLength(font, name, slot - 2f)];
            canvas.DrawText(name, left + slot * (i + 0.5f), bottom + 11f, SKTextAlign.Center, font, black);
        }
        if (b.ReferenceValue is { } rv && double.IsFinite(rv))
        {
            var ly = bottom + 25f;
            canvas.DrawLine(left, ly - 3f, left + 22f, ly - 3f, dash);
            using var red = new SKPaint { Color = reference, IsAntialias = true };
            var label = b.ReferenceLabel ?? rv.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            canvas.DrawText(label, left + 27f, ly, SKTextAlign.Left, font, red);
        }
    }

    private void DrawLineChart(SKCanvas canvas, LineChartFigure c, float x, float y, float width)
    {
        foreach (var s in c.Series)
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"line series '{s.Label}' of '{c.Title}' has {s.X.Count} X and {s.Y.Count} Y values");
        using var font = fonts.Font(8f);
        using var markerFont = fonts.Font(7f);
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var axis = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 0.8f, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(220, 220, 220), Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f };
        var markerColour = new SKColor(90, 90, 90);
        using var marker = new SKPaint
        {
            Color = markerColour, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([3f, 2f], 0),
        };
        using var markerText = new SKPaint { Color = markerColour, IsAntialias = true };
        var chartWidth = Math.Min(width, 420f);
        var left = x + 40f;
        var right = x + chartWidth - 10f;
        var top = y + 12f;
        var bottom = y + LineChartHeight - 46f;

        var xs = c.Series.SelectMany(s => s.X).Where(double.IsFinite).ToList();
        var ys = c.Series.SelectMany(s => s.Y).Where(double.IsFinite).ToList();
        var (xMin, xMax) = xs.Count == 0 ? (0.0, 1.0) : (xs.Min(), xs.Max());
        if (xMax <= xMin) (xMin, xMax) = (xMin - 0.5, xMax + 0.5);
        var yLow = Math.Min(0, ys.DefaultIfEmpty(0).Min());
        // All-negative curves keep 0 as the top, so the headroom factor cannot push the top below the data.
        var yHigh = Math.Max(0, ys.DefaultIfEmpty(1).Max() * 1.08);
        if (yHigh <= yLow) yHigh = yLow + 1;
        var yStep = NiceStep((yHigh - yLow) / 5);
        var yMin = Math.Floor(yLow / yStep) * yStep;
        var yMax = Math.Ceiling(yHigh / yStep) * yStep;
        var xStep = NiceStep((xMax - xMin) / 5);
        float X(double v) => left + (float)((v - xMin) / (xMax - xMin)) * (right - left);
        float Y(double v) => bottom - (float)((v - yMin) / (yMax - yMin)) * (bottom - top);
        // Adding +0.0 turns a tick at -0 (from rounding a small negative minimum) into 0, so no label reads "-0".
        static string Tick(double v) => (v + 0.0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

        for (var i = 0; yMin + i * yStep <= yMax + yStep / 2; i++)
        {
            var v = yMin + i * yStep;
            canvas.DrawLine(left, Y(v), right, Y(v), grid);
            canvas.DrawText(Tick(v), left - 4f, Y(v) + 3f, SKTextAlign.Right, font, black);
        }
        var firstX = Math.Ceiling(xMin / xStep - 1e-9);
        for (var i = 0; (firstX + i) * xStep <= xMax + xStep * 1e-9; i++)
        {
            var v = (firstX + i) * xStep;
            canvas.DrawLine(X(v), top, X(v), bottom, grid);
            canvas.DrawText(Tick(v), X(v), bottom + 11f, SKTextAlign.Center, font, black);
        }
        canvas.DrawLine(left, top, left, bottom, axis);
        canvas.DrawLine(left, bottom, right, bottom, axis);
        canvas.DrawText(c.XAxisLabel, (left + right) / 2f, bottom + 23f, SKTextAlign.Center, font, black);
        canvas.Save();
        canvas.RotateDegrees(-90f, x + 9f, (top + bottom) / 2f);
        canvas.DrawText(c.YAxisLabel, x + 9f, (top + bottom) / 2f, SKTextAlign.Center, font, black);
        canvas.Restore();

        // Markers under the curves so they never hide a value; their labels sit in the band above the plot.
        var markers = c.VerticalMarkers ?? [];
        for (var i = 0; i < markers.Count; i++)
        {
            var m = markers[i];
            if (!double.IsFinite(m) || m < xMin || m > xMax) continue;
            canvas.DrawLine(X(m), top, X(m), bottom, marker);
            if (c.VerticalMarkerLabels is { } labels && i < labels.Count)
                canvas.DrawText(labels[i], X(m), top - 3f, SKTextAlign.Center, markerFont, markerText);
        }

        var lx = left;
        var ly = bottom + 37f;
        foreach (var s in c.Series)
        {
            using var stroke = new SKPaint
            {
                Color = ToSkColor(s.Colour), Style = SKPaintStyle.Stroke, StrokeWidth = 1.2f, StrokeJoin = SKStrokeJoin.Round, IsAntialias = true,
            };
            using var path = new SKPath();
            var penDown = false;
            for (var i = 0; i < s.X.Count; i++)
            {
                // A rejected frame is a gap in the curve, not a straight line bridging it.
                if (!double.IsFinite(s.X[i]) || !double.IsFinite(s.Y[i])) { penDown = false; continue; }
                if (penDown) path.LineTo(X(s.X[i]), Y(s.Y[i]));
                else path.MoveTo(X(s.X[i]), Y(s.Y[i]));
                penDown = true;
            }
            canvas.DrawPath(path, stroke);
            canvas.DrawLine(lx, ly - 3f, lx + 16f, ly - 3f, stroke);
            canvas.DrawText(s.Label, lx + 20f, ly, SKTextAlign.Left, font, black);
            lx += 20f + font.MeasureText(s.Label) + 12f;
        }
    }

    // Tick step of 1, 2, 2.5 or 5 times a power of ten, at least the raw step.
    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
            if (m * magnitude >= raw) return m * magnitude;
        return 10 * magnitude;
    }
}
