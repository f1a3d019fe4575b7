namespace Photopeak.Simulation.Phantoms;

/// <summary>A uniform water-filled cylinder, axis along z and centred on the origin: the calibration phantom of quantitative
/// SPECT (inner size of a Jaszczak flanged phantom, 216 mm × 186 mm, by default). Its one compartment is
/// <see cref="Organ.Body"/> (soft tissue = water in the μ-map).</summary>
public sealed record UniformCylinder(double DiameterMm = 216, double LengthMm = 186)
{
    public double RadiusMm => DiameterMm / 2;

    /// <summary>Analytic inner volume in ml: π r² L.</summary>
    public double VolumeMl => Math.PI * RadiusMm * RadiusMm * LengthMm / 1000;

    /// <summary>Voxelised phantom on a grid two voxels larger than the cylinder on every side (sub-voxel sampled edges).</summary>
    public Phantom Rasterise(double voxelMm, int subSamples = 3)
    {
        if (DiameterMm <= 0 || LengthMm <= 0) throw new ArgumentException($"cylinder {DiameterMm} × {LengthMm} mm: sizes must be positive");
        int n = (int)Math.Ceiling(DiameterMm / voxelMm) + 4, nz = (int)Math.Ceiling(LengthMm / voxelMm) + 4;
        var grid = new VoxelGrid(n, n, nz, voxelMm);
        var available = new float[grid.Count];
        Array.Fill(available, 1f);
        var shape = new ZCylinder(0, 0, (float)RadiusMm, (float)RadiusMm, (float)(-LengthMm / 2), (float)(LengthMm / 2));
        return new Phantom(grid, Rasteriser.Rasterise(grid, [new OrganPart(Organ.Body, shape)], available, subSamples));
    }
}
