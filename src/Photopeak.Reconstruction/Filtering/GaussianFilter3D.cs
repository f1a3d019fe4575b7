using System.Numerics.Tensors;

namespace Photopeak.Reconstruction.Filtering;

/// <summary>Separable 3-D Gaussian filter with FWHM in mm (σ = FWHM / 2.3548), zero outside the volume.</summary>
public static class GaussianFilter3D
{
    /// <summary>Returns a filtered copy of <paramref name="volume"/>.</summary>
    public static Volume3D Apply(Volume3D volume, double fwhmMm)
    {
        if (!(fwhmMm > 0)) return volume with { Voxels = (float[])volume.Voxels.Clone() };
        var data = (float[])volume.Voxels.Clone();
        var scratch = new float[data.Length];
        int nx = volume.SizeX, ny = volume.SizeY, nz = volume.SizeZ;
        var kx = Kernel(fwhmMm / volume.VoxelSizeXMm, nx);
        var ky = Kernel(fwhmMm / volume.VoxelSizeYMm, ny);
        var kz = Kernel(fwhmMm / volume.VoxelSizeZMm, nz);
        // Along x: each row is contiguous.
        Parallel.For(0, ny * nz, row => Convolve(data.AsSpan(row * nx, nx), scratch.AsSpan(row * nx, nx), kx));
        // Along y: rows of a slice combined as vectors.
        Parallel.For(0, nz, z => CombineRows(scratch.AsSpan(z * nx * ny, nx * ny), data.AsSpan(z * nx * ny, nx * ny), nx, ny, ky));
        // Along z: slices combined as vectors.
        CombineRows(data, scratch, nx * ny, nz, kz);
        return volume with { Voxels = scratch };
    }

    // Taps beyond the axis length never meet a voxel: a kernel wider than the volume is cut there (normalised as the whole
    // Gaussian would be), so a huge FWHM costs no more memory than the volume's own size.
    private static float[] Kernel(double fwhmPixels, int length)
    {
        double sigma = fwhmPixels / 2.3548200450309493;
        if (3 * sigma > length)
        {
            var cut = new float[2 * length + 1];
            var norm = sigma * Math.Sqrt(2 * Math.PI);
            for (int i = -length; i <= length; i++) cut[i + length] = (float)(Math.Exp(-(double)i * i / (2 * sigma * sigma)) / norm);
            return cut;
        }
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var k = new float[2 * radius + 1];
        double sum = 0;
        var tmp = new double[k.Length];
        for (int i = -radius; i <= radius; i++) sum += tmp[i + radius] = Math.Exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.Length; i++) k[i] = (float)(tmp[i] / sum);
        return k;
    }

    private static void Convolve(ReadOnlySpan<float> src, Span<float> dst, float[] k)
    {
        int r = k.Length / 2, n = src.Length;
        for (int i = 0; i < n; i++)
        {
            float s = 0;
            int lo = Math.Max(0, i - r), hi = Math.Min(n - 1, i + r);
            for (int j = lo; j <= hi; j++) s += k[j - i + r] * src[j];
            dst[i] = s;
        }
    }

    private static void CombineRows(ReadOnlySpan<float> src, Span<float> dst, int rowLength, int rows, float[] k)
    {
        int r = k.Length / 2;
        for (int i = 0; i < rows; i++)
        {
            var d = dst.Slice(i * rowLength, rowLength);
            d.Clear();
            int lo = Math.Max(0, i - r), hi = Math.Min(rows - 1, i + r);
            for (int j = lo; j <= hi; j++) TensorPrimitives.MultiplyAdd(src.Slice(j * rowLength, rowLength), k[j - i + r], d, d);
        }
    }
}
