using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>A woman's breasts: two soft-tissue ellipsoids on the anterior chest wall at heart level, part of the body (same
/// tissue, same tracer uptake as the body). The left one lies in front of the anterior and anterolateral LV walls, the cause
/// of the anterior attenuation artefact of female perfusion imaging [DePuey1989]. <paramref name="Scale"/> scales every
/// semi-axis (1 ≈ 480 ml outside the chest wall each).</summary>
public sealed record Breasts(double Scale)
{
    // Centred 85 mm either side of the midline, 95 mm anterior (where the chest wall of the 170 × 110 mm body ellipse lies at
    // that x), at the level of the LV; semi-axes 70 (lateral) × 50 (anterior) × 65 (axial) mm at scale 1 [?: our estimate of
    // a medium adult breast, ~500 ml].
    private static readonly Vector3 SemiAxesMm = new(70, 50, 65);
    private const float LateralMm = 85, AnteriorMm = -95, AxialMm = 0;

    /// <summary>Scale between 0.8 and 1.15 (about 250 to 730 ml each), fixed by the seed: one patient, one size.</summary>
    public static Breasts ForSeed(long seed) => new(0.8 + 0.35 * new Random(unchecked((int)(seed * 7919 + 17))).NextDouble());

    public IReadOnlyList<Ellipsoid> Shapes =>
    [
        new(new Vector3(LateralMm, AnteriorMm, AxialMm), SemiAxesMm * (float)Scale),
        new(new Vector3(-LateralMm, AnteriorMm, AxialMm), SemiAxesMm * (float)Scale),
    ];

    /// <summary>Volume of one breast's ellipsoid, ml (including the part within the chest wall).</summary>
    public double EllipsoidVolumeMl => Shapes[0].VolumeMl;

    /// <summary>How far the breasts reach along the transverse direction (nx, ny), mm from the origin (the support function of
    /// the ellipsoids, z ignored).</summary>
    public double SupportMm(double nx, double ny) => Shapes.Max(e =>
        e.Centre.X * nx + e.Centre.Y * ny + Math.Sqrt(e.SemiAxesMm.X * e.SemiAxesMm.X * nx * nx + e.SemiAxesMm.Y * e.SemiAxesMm.Y * ny * ny));
}
