namespace Photopeak.Reconstruction.Projection;

/// <summary>
/// Conversions to the reconstructor's working layouts, with the axial index innermost so that every rotation,
/// interpolation and blur runs as contiguous vector arithmetic over slices:
/// volumes [y][x][z], projections [view][bin][row].
/// </summary>
internal static class InternalLayout
{
    public static void VolumeToInternal(ReadOnlySpan<float> zyx, Span<float> yxz, int nx, int ny, int nz)
    {
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
            {
                var row = zyx.Slice((z * ny + y) * nx, nx);
                int baseIndex = y * nx * nz + z;
                for (int x = 0; x < nx; x++) yxz[baseIndex + x * nz] = row[x];
            }
    }

    public static void InternalToVolume(ReadOnlySpan<float> yxz, Span<float> zyx, int nx, int ny, int nz)
    {
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++)
            {
                var column = yxz.Slice((y * nx + x) * nz, nz);
                for (int z = 0; z < nz; z++) zyx[(z * ny + y) * nx + x] = column[z];
            }
    }

    public static void ProjectionsToInternal(ReadOnlySpan<float> vrb, Span<float> vbr, int views, int rows, int bins)
    {
        for (int v = 0; v < views; v++)
            for (int r = 0; r < rows; r++)
            {
                var src = vrb.Slice((v * rows + r) * bins, bins);
                int baseIndex = v * bins * rows + r;
                for (int b = 0; b < bins; b++) vbr[baseIndex + b * rows] = src[b];
            }
    }

    public static void InternalToProjections(ReadOnlySpan<float> vbr, Span<float> vrb, int views, int rows, int bins)
    {
        for (int v = 0; v < views; v++)
            for (int b = 0; b < bins; b++)
            {
                var src = vbr.Slice((v * bins + b) * rows, rows);
                for (int r = 0; r < rows; r++) vrb[(v * rows + r) * bins + b] = src[r];
            }
    }
}
