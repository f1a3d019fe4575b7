using Photopeak.Reporting.Figures;
using SkiaSharp;

namespace Photopeak.Reporting.Rendering.Pdf;

/// <summary>A figure, narrowed if needed so that it fits on one page.</summary>
internal sealed class PdfFigureBlock : PdfBlock
{
    private readonly FigureDrawer drawer;
    private readonly ReportFigure figure;
    private readonly float width;

    public PdfFigureBlock(FigureDrawer drawer, ReportFigure figure, float width, float maxHeight)
    {
        this.drawer = drawer;
        this.figure = figure;
        var h = drawer.Height(figure, width);
        if (h > maxHeight) width *= maxHeight / h;
        this.width = width;
        Height = drawer.Height(figure, width);
    }

    public override float Height { get; }

    public override void Draw(SKCanvas canvas, float x, float y) => drawer.Draw(canvas, figure, x, y, width);
}
