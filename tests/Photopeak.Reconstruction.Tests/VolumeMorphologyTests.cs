using Photopeak.Reconstruction;
using Photopeak.Reconstruction.Filtering;

namespace Photopeak.Reconstruction.Tests;

public sealed class VolumeMorphologyTests
{
    [Fact]
    public void Opening_removes_a_focus_narrower_than_the_cube_and_keeps_a_wider_plateau()
    {
        var v = new Volume3D(40, 40, 40, 4, 4, 4);
        for (var z = 0; z < 40; z++) for (var y = 0; y < 40; y++) for (var x = 0; x < 40; x++)
        {
            v[x, y, z] = 1;
            if (x >= 2 && x < 20 && y >= 2 && y < 20 && z >= 2 && z < 20) v[x, y, z] = 3; // 72 mm plateau
        }
        v[30, 30, 30] = 10; // one-voxel focus
        var opened = VolumeMorphology.Opening(v, 12);
        Assert.Equal(1, opened[30, 30, 30]);
        Assert.Equal(3, opened[10, 10, 10]);
        Assert.Equal(3, opened[2, 2, 2]); // the plateau's corner survives: a cube fits it
        for (var i = 0; i < v.Voxels.Length; i++) Assert.True(opened.Voxels[i] <= v.Voxels[i]); // anti-extensive
        Assert.Equal(opened.Voxels, VolumeMorphology.Opening(opened, 12).Voxels); // idempotent
    }
}
