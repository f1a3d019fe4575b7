using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>A cubic-voxel grid centred on the patient-coordinate origin (DICOM LPS: +x patient left, +y posterior,
/// +z head). Index = x + Nx (y + Ny z).</summary>
public sealed record VoxelGrid(int Nx, int Ny, int Nz, double VoxelMm)
{
    public int Count => Nx * Ny * Nz;
    public double VoxelMl => VoxelMm * VoxelMm * VoxelMm / 1000.0;

    /// <summary>Centre of voxel (i, j, k) in mm.</summary>
    public Vector3 Centre(int i, int j, int k) =>
        new((float)((i - (Nx - 1) / 2.0) * VoxelMm), (float)((j - (Ny - 1) / 2.0) * VoxelMm), (float)((k - (Nz - 1) / 2.0) * VoxelMm));

    /// <summary>Continuous voxel coordinate of a position (0 = centre of the first voxel).</summary>
    public (double I, double J, double K) ToIndex(double xMm, double yMm, double zMm) =>
        (xMm / VoxelMm + (Nx - 1) / 2.0, yMm / VoxelMm + (Ny - 1) / 2.0, zMm / VoxelMm + (Nz - 1) / 2.0);

    public int Index(int i, int j, int k) => i + Nx * (j + Ny * k);

    /// <summary>Sum of a map on this grid between two planes <paramref name="fieldOfViewMm"/> apart centred at
    /// <paramref name="centreZMm"/> (a detector's axial field): each voxel plane weighted by the part of its thickness inside,
    /// as the projector interpolates rows between planes, so a plane centred on an edge counts half.</summary>
    public double SumInAxialField(ReadOnlySpan<float> map, double centreZMm, double fieldOfViewMm)
    {
        double half = fieldOfViewMm / 2, total = 0;
        int plane = Nx * Ny;
        for (var k = 0; k < Nz; k++)
        {
            double z = Centre(0, 0, k).Z;
            double inside = Math.Min(z + VoxelMm / 2, centreZMm + half) - Math.Max(z - VoxelMm / 2, centreZMm - half);
            if (inside <= 0) continue;
            double sum = 0;
            foreach (var v in map.Slice(k * plane, plane)) sum += v;
            total += sum * Math.Min(1, inside / VoxelMm);
        }
        return total;
    }

    /// <summary>Anterior–posterior extent of the torso grid, mm: the 220 mm chest with a margin; a woman's grid is deeper
    /// (symmetric about the origin) to hold the breasts, which reach up to 160 mm anterior.</summary>
    public const double TorsoDepthMm = 248, FemaleTorsoDepthMm = 336;

    /// <summary>A grid covering an adult torso from pelvis to neck (368 × depth × 560 mm) at the given voxel size.</summary>
    public static VoxelGrid Torso(double voxelMm, double depthMm = TorsoDepthMm) =>
        new((int)Math.Ceiling(368 / voxelMm), (int)Math.Ceiling(depthMm / voxelMm), (int)Math.Ceiling(560 / voxelMm), voxelMm);

    /// <summary>A grid covering the whole-body phantom, feet to vertex (z −1180 to +500 mm), centred like the torso grid
    /// (368 × depth × 2400 mm; the part above the head stays empty).</summary>
    public static VoxelGrid WholeBody(double voxelMm, double depthMm = TorsoDepthMm) =>
        new((int)Math.Ceiling(368 / voxelMm), (int)Math.Ceiling(depthMm / voxelMm), (int)Math.Ceiling(2400 / voxelMm), voxelMm);
}
