namespace Photopeak.Simulation.Phantoms;

/// <summary>The voxels an organ occupies: sparse indices with the occupied fraction of each voxel (sub-voxel sampling)
/// and the uptake-weighted fraction (occupancy × regional uptake factor, e.g. a perfusion defect).</summary>
public sealed class OrganMask(int[] indices, float[] fractions, float[] weighted)
{
    public int[] Indices { get; } = indices;
    public float[] Fractions { get; } = fractions;
    public float[] UptakeWeighted { get; } = weighted;

    /// <summary>Occupied volume in ml (Σ fraction × voxel volume).</summary>
    public double VolumeMl(VoxelGrid grid)
    {
        double sum = 0;
        foreach (var f in Fractions) sum += f;
        return sum * grid.VoxelMl;
    }

    /// <summary>Uptake-weighted volume in ml: activity = concentration × this.</summary>
    public double WeightedVolumeMl(VoxelGrid grid)
    {
        double sum = 0;
        foreach (var f in UptakeWeighted) sum += f;
        return sum * grid.VoxelMl;
    }

    public static OrganMask Empty { get; } = new([], [], []);
}
