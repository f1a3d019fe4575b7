using SkiaSharp;

namespace Photopeak.Reporting.Rendering.Pdf;

/// <summary>A coloured box with one line of bold text (the DRAFT banner, the signature box).</summary>
internal sealed class PdfBanner(string text, SKFont font, SKColor fill, SKColor textColour, float width) : PdfBlock
{
    private readonly IReadOnlyList<string> lines = TextWrap.Lines(font, text, width - 12f);

    public override float Height => lines.Count * font.Size * 1.3f + 8f;

    public override void Draw(SKCanvas canvas, float x, float y)
    {
        using var box = new SKPaint { Color = fill, Style = SKPaintStyle.Fill };
        canvas.DrawRect(x, y, width, Height - 2f, box);
        using var paint = new SKPaint { Color = textColour, IsAntialias = true };
        for (var i = 0; i < lines.Count; i++)
            canvas.DrawText(lines[i], x + 6f, y + 4f + font.Size * (1.3f * i + 1f), SKTextAlign.Left, font, paint);
    }
}
