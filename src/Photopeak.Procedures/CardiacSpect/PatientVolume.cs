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

    /// <summary>Trilinear interpolation at a patient position; 0 outside the volume (and for a non-finite position).</summary>
    public float Sample(Vector3 p)
    {
        var (fx, fy, fz) = IndexOf(p);
        int nx = Volume.SizeX, ny = Volume.SizeY, nz = Volume.SizeZ;
        // Bounds in double space: a cast of a huge index saturates and would wrap on +1.
        if (!(fx >= 0 && fy >= 0 && fz >= 0 && fx <= nx - 1 && fy <= ny - 1 && fz <= nz - 1)) return 0;
        int x0 = Math.Min((int)fx, nx - 2), y0 = Math.Min((int)fy, ny - 2), z0 = Math.Min((int)fz, nz - 2);
        if (x0 < 0 || y0 < 0 || z0 < 0) return 0; // a volume one voxel thick
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

    /// <summary>Mean of the trilinear samples on a 1 mm lattice inside a ball (e.g. a background or sphere VOI in mm).</summary>
    public double MeanWithin(Vector3 centre, double radiusMm)
    {
        double sum = 0; int n = 0;
        for (var dz = -radiusMm; dz <= radiusMm; dz += 1)
        for (var dy = -radiusMm; dy <= radiusMm; dy += 1)
        for (var dx = -radiusMm; dx <= radiusMm; dx += 1)
        {
            if (dx * dx + dy * dy + dz * dz > radiusMm * radiusMm) continue;
            sum += Sample(centre + new Vector3((float)dx, (float)dy, (float)dz)); n++;
        }
        return n > 0 ? sum / n : 0;
    }

    /// <summary>True when the patient position lies inside the volume.</summary>
    public bool Contains(Vector3 p)
    {
        var (fx, fy, fz) = IndexOf(p);
        return fx >= 0 && fy >= 0 && fz >= 0 && fx <= Volume.SizeX - 1 && fy <= Volume.SizeY - 1 && fz <= Volume.SizeZ - 1;
    }

    /// <summary>Largest sample along a ray from <paramref name="from"/> (unit <paramref name="direction"/>) between
    /// <paramref name="r0Mm"/> and <paramref name="r1Mm"/>, in half-voxel steps, and where it lies (maximum-count sampling).</summary>
    public (double RadiusMm, float Max) RayMaximum(Vector3 from, Vector3 direction, double r0Mm, double r1Mm)
    {
        double step = Math.Min(Volume.VoxelSizeXMm, Volume.VoxelSizeZMm) / 2;
        double bestR = r0Mm; float best = 0;
        for (double r = r0Mm; r <= r1Mm; r += step)
        {
            var c = Sample(from + direction * (float)r);
            if (c > best) { best = c; bestR = r; }
        }
        return (bestR, best);
    }
}
