using SkiaSharp;

namespace Photopeak.Reporting.Rendering.Pdf;

/// <summary>One already-wrapped line of text.</summary>
internal sealed class PdfTextLine(string text, SKFont font, SKColor colour, float lineHeight, float indent = 0) : PdfBlock
{
    public override float Height => lineHeight;

    public override void Draw(SKCanvas canvas, float x, float y)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true };
        canvas.DrawText(text, x + indent, y + lineHeight * 0.78f, SKTextAlign.Left, font, paint);
    }
}
