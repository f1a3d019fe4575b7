namespace Photopeak.Reporting.Figures;

/// <summary>An sRGB colour for ROI outlines and labels. The named colours stay readable on gray and inverted-gray images.</summary>
public readonly record struct OverlayColour(byte R, byte G, byte B)
{
    public static OverlayColour Red => new(230, 40, 40);
    public static OverlayColour Yellow => new(255, 215, 0);
    public static OverlayColour Cyan => new(0, 200, 230);
    public static OverlayColour Green => new(40, 200, 60);
    public static OverlayColour Magenta => new(220, 50, 220);
    public static OverlayColour Orange => new(255, 140, 0);

    /// <summary>"#rrggbb".</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";
}
