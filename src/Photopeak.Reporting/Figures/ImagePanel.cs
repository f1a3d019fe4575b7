namespace Photopeak.Reporting.Figures;

/// <summary>
/// One image of a figure with its ROIs. The window maps <see cref="WindowLower"/>..<see cref="WindowUpper"/> to the gray scale;
/// when absent, the image's own min..max is used.
/// </summary>
public sealed record ImagePanel(string Label, GrayImage Image, IReadOnlyList<Overlay> Overlays)
{
    public double? WindowLower { get; init; }
    public double? WindowUpper { get; init; }
    public GrayDisplay Display { get; init; } = GrayDisplay.Normal;

    /// <summary>A functional image over this one in colour (SPECT/CT fusion), or null. Left out of the signed fingerprint's
    /// JSON when null, so that reports signed before fusion existed still verify.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public FusionLayer? Fusion { get; init; }
}
