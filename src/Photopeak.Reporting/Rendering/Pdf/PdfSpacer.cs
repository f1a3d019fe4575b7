using SkiaSharp;

namespace Photopeak.Reporting.Rendering.Pdf;

/// <summary>Vertical space.</summary>
internal sealed class PdfSpacer(float height) : PdfBlock
{
    public override float Height => height;
    public override void Draw(SKCanvas canvas, float x, float y) { }
}
