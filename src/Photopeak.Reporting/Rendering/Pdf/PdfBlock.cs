using SkiaSharp;

namespace Photopeak.Reporting.Rendering.Pdf;

/// <summary>A unit of the page flow with a known height; the paginator never splits a block.</summary>
internal abstract class PdfBlock
{
    public abstract float Height { get; }

    /// <summary>Keep on the same page as the next block (headings, table headers).</summary>
    public bool KeepWithNext { get; init; }

    /// <summary>Drawn again at the top of a page when a break falls just before this block (repeated table header).</summary>
    public PdfBlock? RepeatOnBreak { get; set; }

    public abstract void Draw(SKCanvas canvas, float x, float y);
}
