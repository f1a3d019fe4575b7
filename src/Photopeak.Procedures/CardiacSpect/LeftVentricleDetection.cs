namespace Photopeak.Procedures.CardiacSpect;

/// <summary>What the automatic LV search found: the axis, the myocardial count level (90th percentile of the wall
/// maxima, volume units), the wall-to-cavity contrast, and findings the reader must see.</summary>
public sealed record LeftVentricleDetection(LeftVentricleAxis Axis, double WallLevel, double WallToCavityRatio, IReadOnlyList<string> Warnings);
