using SkiaSharp;

namespace Photopeak.Reporting.Rendering.Pdf;

/// <summary>One table row: each cell wraps inside its column so the table never overflows the page width.</summary>
internal sealed class PdfTableRow : PdfBlock
{
    private const float Padding = 3f;
    private readonly IReadOnlyList<string>[] cellLines;
    private readonly float[] widths;
    private readonly SKFont[] fonts;
    private readonly SKColor[] colours;
    private readonly SKColor? background;
    private readonly float lineHeight;

    public PdfTableRow(IReadOnlyList<PdfCell> cells, float[] widths, SKColor? background = null)
        : this(cells.Select(c => c.Font).ToArray(), cells.Select(c => c.Colour).ToArray(),
               cells.Select((c, i) => TextWrap.Lines(c.Font, c.Text, widths[i] - 2 * Padding)).ToArray(), widths, background)
    {
        if (cells.Count != widths.Length) throw new ArgumentException($"{cells.Count} cells for {widths.Length} columns");
    }

    private PdfTableRow(SKFont[] fonts, SKColor[] colours, IReadOnlyList<string>[] cellLines, float[] widths, SKColor? background)
    {
        this.widths = widths;
        this.background = background;
        this.fonts = fonts;
        this.colours = colours;
        this.cellLines = cellLines;
        lineHeight = fonts.Max(f => f.Size) * 1.25f;
        Height = cellLines.Max(l => l.Count) * lineHeight + 2 * Padding;
    }

    /// <summary>
    /// The row as one block, or as several consecutive blocks when it is taller than <paramref name="maxHeight"/>, so that
    /// no block ever runs past the bottom of a page.
    /// </summary>
    public static IReadOnlyList<PdfTableRow> Split(IReadOnlyList<PdfCell> cells, float[] widths, float maxHeight, SKColor? background = null)
    {
        var row = new PdfTableRow(cells, widths, background);
        if (row.Height <= maxHeight) return [row];
        var linesPerBlock = Math.Max(1, (int)((maxHeight - 2 * Padding) / row.lineHeight));
        var total = row.cellLines.Max(l => l.Count);
        var parts = new List<PdfTableRow>();
        for (var start = 0; start < total; start += linesPerBlock)
            parts.Add(new PdfTableRow(row.fonts, row.colours,
                row.cellLines.Select(l => (IReadOnlyList<string>)l.Skip(start).Take(linesPerBlock).DefaultIfEmpty("").ToArray()).ToArray(), widths, background));
        return parts;
    }

    public override float Height { get; }

    public override void Draw(SKCanvas canvas, float x, float y)
    {
        var total = widths.Sum();
        if (background is { } bg)
            using (var fill = new SKPaint { Color = bg, Style = SKPaintStyle.Fill })
                canvas.DrawRect(x, y, total, Height, fill);
        using var rule = new SKPaint { Color = new SKColor(190, 190, 190), Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f };
        canvas.DrawLine(x, y + Height, x + total, y + Height, rule);
        var cx = x;
        for (var c = 0; c < widths.Length; c++)
        {
            using var paint = new SKPaint { Color = colours[c], IsAntialias = true };
            for (var l = 0; l < cellLines[c].Count; l++)
                canvas.DrawText(cellLines[c][l], cx + Padding, y + Padding + lineHeight * l + fonts[c].Size, SKTextAlign.Left, fonts[c], paint);
            cx += widths[c];
        }
    }
}

/// <summary>Text of one cell with its font and colour.</summary>
internal sealed record PdfCell(string Text, SKFont Font, SKColor Colour);
