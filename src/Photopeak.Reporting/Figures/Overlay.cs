using System.Text.Json.Serialization;

namespace Photopeak.Reporting.Figures;

/// <summary>An ROI drawn over an image, in pixel coordinates of that image (see <see cref="PixelPoint"/>), with a label.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(PolygonOverlay), "polygon")]
[JsonDerivedType(typeof(EllipseOverlay), "ellipse")]
[JsonDerivedType(typeof(RectangleOverlay), "rectangle")]
public abstract record Overlay(string Label, OverlayColour Colour);

/// <summary>A closed polygon ROI (e.g. heart contour).</summary>
public sealed record PolygonOverlay(string Label, OverlayColour Colour, IReadOnlyList<PixelPoint> Points) : Overlay(Label, Colour);

/// <summary>An axis-aligned ellipse ROI (a circle when the radii are equal).</summary>
public sealed record EllipseOverlay(string Label, OverlayColour Colour, double CentreX, double CentreY, double RadiusX, double RadiusY) : Overlay(Label, Colour);

/// <summary>An axis-aligned rectangle ROI (e.g. mediastinum), top-left corner and size in pixels.</summary>
public sealed record RectangleOverlay(string Label, OverlayColour Colour, double X, double Y, double Width, double Height) : Overlay(Label, Colour);
