using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>A named bronchopulmonary segment, modelled as a cone from the hilum towards the pleura (so a segmental
/// defect is wedge-shaped with its base on the pleural surface). Directions are approximate anatomy (Boyden).</summary>
public sealed record LungSegment(string Code, string Name, bool Right, Vector3 Direction)
{
    public static readonly Vector3 RightHilum = new(-45, 10, 70);
    public static readonly Vector3 LeftHilum = new(45, 10, 75);
    public const float HalfAngleDeg = 30;

    public Vector3 Hilum => Right ? RightHilum : LeftHilum;
    public Cone Wedge => new(Hilum, Vector3.Normalize(Direction), HalfAngleDeg, 220);

    public static readonly IReadOnlyList<LungSegment> All =
    [
        new("RUL-AP", "right upper lobe apical", true, new(-0.2f, 0, 1)),
        new("RUL-P", "right upper lobe posterior", true, new(-0.5f, 0.7f, 0.5f)),
        new("RUL-A", "right upper lobe anterior", true, new(-0.5f, -0.7f, 0.4f)),
        new("RML-L", "right middle lobe lateral", true, new(-0.85f, -0.35f, -0.1f)),
        new("RML-M", "right middle lobe medial", true, new(-0.25f, -0.9f, -0.2f)),
        new("RLL-S", "right lower lobe superior", true, new(-0.3f, 0.9f, 0)),
        new("RLL-MB", "right lower lobe medial basal", true, new(0.05f, 0.1f, -1)),
        new("RLL-AB", "right lower lobe anterior basal", true, new(-0.4f, -0.5f, -0.8f)),
        new("RLL-LB", "right lower lobe lateral basal", true, new(-0.8f, 0.1f, -0.6f)),
        new("RLL-PB", "right lower lobe posterior basal", true, new(-0.3f, 0.7f, -0.7f)),
        new("LUL-APP", "left upper lobe apicoposterior", false, new(0.3f, 0.4f, 0.9f)),
        new("LUL-A", "left upper lobe anterior", false, new(0.5f, -0.7f, 0.4f)),
        new("LUL-SL", "lingula superior", false, new(0.8f, -0.5f, 0)),
        new("LUL-IL", "lingula inferior", false, new(0.6f, -0.6f, -0.5f)),
        new("LLL-S", "left lower lobe superior", false, new(0.3f, 0.9f, 0)),
        new("LLL-AMB", "left lower lobe anteromedial basal", false, new(0.3f, -0.3f, -0.9f)),
        new("LLL-LB", "left lower lobe lateral basal", false, new(0.8f, 0.1f, -0.6f)),
        new("LLL-PB", "left lower lobe posterior basal", false, new(0.3f, 0.7f, -0.7f)),
    ];

    /// <summary>Finds a segment by code (e.g. RLL-PB), case-insensitive.</summary>
    public static LungSegment Parse(string code) =>
        All.FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown lung segment '{code}' (known: {string.Join(", ", All.Select(s => s.Code))})");
}
