using Photopeak.Procedures.Results;
using Photopeak.Reporting.Figures;

namespace Photopeak.Procedures.Pipeline;

/// <summary>The one mapping from a result's ROI to the overlay a report draws: ROI pixel coordinates have pixel centres at
/// integers, overlays at +0.5 (x = column, y = row).</summary>
public static class ReportOverlayMapping
{
    /// <summary>The ROI as a circle, rectangle or polygon overlay with <paramref name="label"/> in <paramref name="colour"/>.</summary>
    public static Overlay ToOverlay(this RoiDefinition roi, string label, OverlayColour colour)
    {
        ArgumentNullException.ThrowIfNull(roi);
        return roi.Shape switch
        {
            RoiShape.Circle => new EllipseOverlay(label, colour, roi.CentreColumn!.Value + 0.5, roi.CentreRow!.Value + 0.5, roi.RadiusPx!.Value, roi.RadiusPx.Value),
            RoiShape.Rectangle => new RectangleOverlay(label, colour, roi.Col0!.Value, roi.Row0!.Value, roi.Col1!.Value - roi.Col0.Value + 1, roi.Row1!.Value - roi.Row0.Value + 1),
            _ => new PolygonOverlay(label, colour, (roi.Points ?? []).Select(p => new PixelPoint(p[1] + 0.5, p[0] + 0.5)).ToList()),
        };
    }
}
