using System.Numerics;
using Photopeak.Reconstruction;

namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// A reconstructed volume placed in patient coordinates (DICOM LPS, mm). Voxel (x, y, z) lies at
/// centre + ((x − (Nx−1)/2)·dx, (y − (Ny−1)/2)·dy, −(z − (Nz−1)/2)·dz): x towards the patient's left, y posterior, and
/// slice 0 the most superior (the reconstruction's and our RECON TOMO writer's convention).
/// </summary>
public sealed record PatientVolume(Volume3D Volume, Vector3 CentreMm)
{
    /// <summary>Patient position of a (fractional) voxel index.</summary>
    public Vector3 PositionMm(double x, double y, double z) => new(
        (float)(CentreMm.X + (x - (Volume.SizeX - 1) / 2.0) * Volume.VoxelSizeXMm),
        (float)(CentreMm.Y + (y - (Volume.SizeY - 1) / 2.0) * Volume.VoxelSizeYMm),
        (float)(CentreMm.Z - (z - (Volume.SizeZ - 1) / 2.0) * Volume.VoxelSizeZMm));

    /// <summary>Fractional voxel index of a patient position.</summary>
    public (double X, double Y, double Z) IndexOf(Vector3 p) => (
        (p.X - CentreMm.X) / Volume.VoxelSizeXMm + (Volume.SizeX - 1) / 2.0,
        (p.Y - CentreMm.Y) / Volume.VoxelSizeYMm + (Volume.SizeY - 1) / 2.0,
        -(p.Z - CentreMm.Z) / Volume.VoxelSizeZMm + (Volume.SizeZ - 1) / 2.0);

    /// <summary>Trilinear interpolation at a patient position; 0 outside the volume.</summary>
    public float Sample(Vector3 p)
    {
        var (fx, fy, fz) = IndexOf(p);
        int x0 = (int)Math.Floor(fx), y0 = (int)Math.Floor(fy), z0 = (int)Math.Floor(fz);
        int nx = Volume.SizeX, ny = Volume.SizeY, nz = Volume.SizeZ;
        if (x0 < 0 || y0 < 0 || z0 < 0 || x0 + 1 >= nx || y0 + 1 >= ny || z0 + 1 >= nz) return 0;
        float ax = (float)(fx - x0), ay = (float)(fy - y0), az = (float)(fz - z0);
        var v = Volume.Voxels;
        int i = (z0 * ny + y0) * nx + x0, sy = nx, sz = nx * ny;
        float c00 = v[i] + ax * (v[i + 1] - v[i]);
        float c10 = v[i + sy] + ax * (v[i + sy + 1] - v[i + sy]);
        float c01 = v[i + sz] + ax * (v[i + sz + 1] - v[i + sz]);
        float c11 = v[i + sz + sy] + ax * (v[i + sz + sy + 1] - v[i + sz + sy]);
        float c0 = c00 + ay * (c10 - c00), c1 = c01 + ay * (c11 - c01);
        return c0 + az * (c1 - c0);
    }
}
