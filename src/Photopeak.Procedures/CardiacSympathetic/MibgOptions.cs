namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>What the caller supplies for an mIBG analysis besides the study.</summary>
public sealed record MibgOptions
{
    /// <summary>The site's measured conversion coefficient (<c>process --cc</c>), replacing the collimator class default; null for the default.</summary>
    public ConversionCoefficient? SiteConversion { get; init; }
}
