namespace Photopeak.Reconstruction.Filtering;

/// <summary>Grey-level morphology of a volume with a cube (separable along x, y and z), outside the volume ignored.</summary>
public static class VolumeMorphology
{
    /// <summary>Grey opening (erosion, then dilation) by a cube of half-side <paramref name="radiusMm"/>: what remains when
    /// every structure narrower than the cube is removed; volume − opening is the white top-hat (focal uptake).</summary>
    public static Volume3D Opening(Volume3D volume, double radiusMm) =>
        Extreme(Extreme(volume, radiusMm, min: true), radiusMm, min: false);

    private static Volume3D Extreme(Volume3D v, double radiusMm, bool min)
    {
        int nx = v.SizeX, ny = v.SizeY, nz = v.SizeZ;
        int rx = (int)Math.Round(radiusMm / v.VoxelSizeXMm), ry = (int)Math.Round(radiusMm / v.VoxelSizeYMm), rz = (int)Math.Round(radiusMm / v.VoxelSizeZMm);
        var a = (float[])v.Voxels.Clone();
        var b = new float[a.Length];
        Pass(a, b, nx, 1, ny * nz, line => line * nx, rx, min);
        Pass(b, a, ny, nx, nx * nz, line => line % nx + line / nx * nx * ny, ry, min);
        Pass(a, b, nz, nx * ny, nx * ny, line => line, rz, min);
        return v with { Voxels = b };
    }

    // One line of length n per index, starting at start(line) with stride `stride`: the min or max over ±r along it.
    private static void Pass(float[] source, float[] target, int n, int stride, int lines, Func<int, int> start, int r, bool min)
    {
        Parallel.For(0, lines, () => new float[n], (line, _, buffer) =>
        {
            int s0 = start(line);
            for (int i = 0; i < n; i++) buffer[i] = source[s0 + i * stride];
            for (int i = 0; i < n; i++)
            {
                int lo = Math.Max(0, i - r), hi = Math.Min(n - 1, i + r);
                float e = buffer[lo];
                for (int k = lo + 1; k <= hi; k++) e = min ? Math.Min(e, buffer[k]) : Math.Max(e, buffer[k]);
                target[s0 + i * stride] = e;
            }
            return buffer;
        }, _ => { });
    }
}
