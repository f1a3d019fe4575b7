using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>
/// The NEMA IEC body phantom (NEMA NU 2 / IEC 61675-1) as quantitative SPECT uses it [Gnesin2016]: a torso-shaped water
/// compartment 180 mm long, six hot spheres of 10, 13, 17, 22, 28 and 37 mm inner diameter on a 114.4 mm circle round a
/// cold lung insert of 50 mm, sphere-to-background ratio 4:1 or 8:1. The D-shaped cross-section (about 294 × 221 mm
/// inside) is taken as an ellipse of the same width and depth [?: approximation]; the spheres lie in the mid plane (z = 0),
/// the 37 mm sphere on the patient's left (+x), going round towards anterior. Compartments: <see cref="Organ.Body"/> the
/// background, <see cref="Organ.Lesion1"/>…<see cref="Organ.Lesion6"/> the spheres (smallest first), and the lung insert as
/// <see cref="Organ.RightLung"/> (lung density, no activity).
/// </summary>
public sealed record NemaIecBodyPhantom(double SphereToBackground = 4)
{
    /// <summary>Inner sphere diameters, mm, smallest first.</summary>
    public static readonly double[] SphereDiametersMm = [10, 13, 17, 22, 28, 37];
    public const double LengthMm = 180, SemiWidthMm = 147, SemiDepthMm = 110.5, SphereCircleRadiusMm = 57.2, LungInsertRadiusMm = 25;

    /// <summary>Centre of sphere <paramref name="index"/> (0 = 10 mm), LPS mm.</summary>
    public static Vector3 SphereCentre(int index)
    {
        // 37 mm at 0° (patient's left); the others every 60° towards anterior (−y), smallest last before closing the circle.
        var angle = (5 - index) * Math.PI / 3;
        return new Vector3((float)(SphereCircleRadiusMm * Math.Cos(angle)), (float)(-SphereCircleRadiusMm * Math.Sin(angle)), 0);
    }

    /// <summary>Voxelised phantom on a grid two voxels larger than the body on every side (sub-voxel sampled edges).</summary>
    public Phantom Rasterise(double voxelMm, int subSamples = 3)
    {
        int nx = (int)Math.Ceiling(2 * SemiWidthMm / voxelMm) + 4, ny = (int)Math.Ceiling(2 * SemiDepthMm / voxelMm) + 4, nz = (int)Math.Ceiling(LengthMm / voxelMm) + 4;
        var grid = new VoxelGrid(nx, ny, nz, voxelMm);
        var available = new float[grid.Count];
        Array.Fill(available, 1f);
        var parts = new List<OrganPart>();
        for (var i = 0; i < SphereDiametersMm.Length; i++)
            parts.Add(new OrganPart(OrganTissue.Lesion(i + 1), new Ellipsoid(SphereCentre(i), new Vector3((float)(SphereDiametersMm[i] / 2)))));
        parts.Add(new OrganPart(Organ.RightLung, new ZCylinder(0, 0, (float)LungInsertRadiusMm, (float)LungInsertRadiusMm, (float)(-LengthMm / 2), (float)(LengthMm / 2))));
        parts.Add(new OrganPart(Organ.Body, new ZCylinder(0, 0, (float)SemiWidthMm, (float)SemiDepthMm, (float)(-LengthMm / 2), (float)(LengthMm / 2))));
        return new Phantom(grid, Rasteriser.Rasterise(grid, parts, available, subSamples));
    }
}
