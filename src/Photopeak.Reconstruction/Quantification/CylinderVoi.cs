namespace Photopeak.Reconstruction.Quantification;

/// <summary>A cylindrical volume of interest with its axis along the volume's z, in mm from the volume centre (voxel
/// index i at (i − (n − 1)/2) × voxel size). A voxel belongs to it when its centre is inside.</summary>
public sealed record CylinderVoi(double CentreXMm, double CentreYMm, double CentreZMm, double RadiusMm, double LengthMm)
{
    /// <summary>The phantom's inner cylinder placed at the count-weighted centroid of the reconstruction (the phantom is
    /// the only activity in the field of view); radius and length are the phantom's inner dimensions.</summary>
    public static CylinderVoi AtCentroid(Volume3D volume, double radiusMm, double lengthMm)
    {
        double sum = 0, sx = 0, sy = 0, sz = 0;
        for (int z = 0; z < volume.SizeZ; z++)
            for (int y = 0; y < volume.SizeY; y++)
            {
                var row = volume.Voxels.AsSpan(volume.Index(0, y, z), volume.SizeX);
                for (int x = 0; x < row.Length; x++)
                {
                    double v = row[x];
                    if (!(v > 0)) continue;
                    sum += v; sx += v * x; sy += v * y; sz += v * z;
                }
            }
        if (!(sum > 0)) throw new ArgumentException("the reconstructed calibration volume holds no counts");
        return new CylinderVoi(Offset(sx / sum, volume.SizeX, volume.VoxelSizeXMm), Offset(sy / sum, volume.SizeY, volume.VoxelSizeYMm),
            Offset(sz / sum, volume.SizeZ, volume.VoxelSizeZMm), radiusMm, lengthMm);
    }

    /// <summary>The same cylinder with the wall and both ends moved in by <paramref name="marginMm"/> (e.g. 20 mm, away
    /// from the partial-volume edge) [Dickson2023].</summary>
    public CylinderVoi Shrunk(double marginMm)
    {
        var inner = this with { RadiusMm = RadiusMm - marginMm, LengthMm = LengthMm - 2 * marginMm };
        if (!(inner.RadiusMm > 0) || !(inner.LengthMm > 0))
            throw new ArgumentException($"a {marginMm} mm margin leaves nothing of a {RadiusMm} mm radius × {LengthMm} mm cylinder");
        return inner;
    }

    /// <summary>True when the centre of voxel (x, y, z) of the volume lies inside.</summary>
    public bool Contains(Volume3D volume, int x, int y, int z)
    {
        double dz = Offset(z, volume.SizeZ, volume.VoxelSizeZMm) - CentreZMm;
        if (Math.Abs(dz) > LengthMm / 2) return false;
        double dx = Offset(x, volume.SizeX, volume.VoxelSizeXMm) - CentreXMm, dy = Offset(y, volume.SizeY, volume.VoxelSizeYMm) - CentreYMm;
        return dx * dx + dy * dy <= RadiusMm * RadiusMm;
    }

    private static double Offset(double index, int size, double voxelMm) => (index - (size - 1) / 2.0) * voxelMm;
}
