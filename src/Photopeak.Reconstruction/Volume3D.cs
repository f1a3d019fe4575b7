namespace Photopeak.Reconstruction;

/// <summary>A float volume stored slice by slice: index = (z·SizeY + y)·SizeX + x. x towards patient left, y posterior, z along the axis.</summary>
public sealed record Volume3D(int SizeX, int SizeY, int SizeZ, double VoxelSizeXMm, double VoxelSizeYMm, double VoxelSizeZMm, float[] Voxels)
{
    /// <summary>A zero-filled volume.</summary>
    public Volume3D(int sizeX, int sizeY, int sizeZ, double voxelXMm, double voxelYMm, double voxelZMm)
        : this(sizeX, sizeY, sizeZ, voxelXMm, voxelYMm, voxelZMm, new float[checked(sizeX * sizeY * sizeZ)]) { }

    public int Index(int x, int y, int z) => (z * SizeY + y) * SizeX + x;
    public float this[int x, int y, int z] { get => Voxels[Index(x, y, z)]; set => Voxels[Index(x, y, z)] = value; }
    public double VoxelVolumeMl => VoxelSizeXMm * VoxelSizeYMm * VoxelSizeZMm / 1000;

    /// <summary>Sum of all voxels (double accumulation).</summary>
    public double Sum()
    {
        double s = 0;
        foreach (var v in Voxels) s += v;
        return s;
    }
}
