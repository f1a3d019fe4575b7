using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Tests;

/// <summary>Small analytic test objects on the reconstruction grid and a seeded Poisson sampler.</summary>
internal static class TestPhantoms
{
    public static SpectGeometry Geometry(int n = 32, int views = 60, double pixelMm = 6, double radiusMm = 150, int? rows = null) =>
        SpectGeometry.Circular(views, n, rows ?? n, pixelMm, radiusMm);

    public static Volume3D Empty(SpectGeometry g) => new ProjectionSet(g).CreateVolume();

    /// <summary>Adds <paramref name="value"/> inside a sphere (centre and radius in mm from the volume centre), 4×4×4 supersampled edges.</summary>
    public static Volume3D AddSphere(Volume3D v, double cxMm, double cyMm, double czMm, double radiusMm, float value)
    {
        double c = (v.SizeX - 1) / 2.0, cz = (v.SizeZ - 1) / 2.0;
        for (int z = 0; z < v.SizeZ; z++)
            for (int y = 0; y < v.SizeY; y++)
                for (int x = 0; x < v.SizeX; x++)
                {
                    int inside = 0;
                    for (int sz = 0; sz < 4; sz++)
                        for (int sy = 0; sy < 4; sy++)
                            for (int sx = 0; sx < 4; sx++)
                            {
                                double px = (x - c + (sx + 0.5) / 4 - 0.5) * v.VoxelSizeXMm - cxMm;
                                double py = (y - c + (sy + 0.5) / 4 - 0.5) * v.VoxelSizeYMm - cyMm;
                                double pz = (z - cz + (sz + 0.5) / 4 - 0.5) * v.VoxelSizeZMm - czMm;
                                if (px * px + py * py + pz * pz <= radiusMm * radiusMm) inside++;
                            }
                    v[x, y, z] += value * inside / 64f;
                }
        return v;
    }

    /// <summary>Sets <paramref name="value"/> inside a cylinder along z (radius mm, centred), slices [z0, z1), edges supersampled.</summary>
    public static Volume3D AddCylinder(Volume3D v, double radiusMm, float value, int z0 = 0, int z1 = int.MaxValue)
    {
        double c = (v.SizeX - 1) / 2.0;
        for (int y = 0; y < v.SizeY; y++)
            for (int x = 0; x < v.SizeX; x++)
            {
                int inside = 0;
                for (int sy = 0; sy < 4; sy++)
                    for (int sx = 0; sx < 4; sx++)
                    {
                        double px = (x - c + (sx + 0.5) / 4 - 0.5) * v.VoxelSizeXMm, py = (y - c + (sy + 0.5) / 4 - 0.5) * v.VoxelSizeYMm;
                        if (px * px + py * py <= radiusMm * radiusMm) inside++;
                    }
                if (inside == 0) continue;
                for (int z = Math.Max(0, z0); z < Math.Min(v.SizeZ, z1); z++) v[x, y, z] += value * inside / 16f;
            }
        return v;
    }

    /// <summary>Replaces each value by a Poisson draw with that mean (seeded; normal approximation above 30).</summary>
    public static ProjectionSet Poisson(ProjectionSet p, int seed)
    {
        var rng = new Random(seed);
        var noisy = new float[p.Counts.Length];
        for (int i = 0; i < noisy.Length; i++) noisy[i] = Sample(rng, p.Counts[i]);
        return p with { Counts = noisy };
    }

    private static float Sample(Random rng, double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 30)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            double gauss = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return (float)Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * gauss));
        }
        double l = Math.Exp(-mean), prod = rng.NextDouble();
        int k = 0;
        while (prod > l) { k++; prod *= rng.NextDouble(); }
        return k;
    }

    public static ProjectionSet Scale(ProjectionSet p, float factor)
    {
        var c = (float[])p.Counts.Clone();
        for (int i = 0; i < c.Length; i++) c[i] *= factor;
        return p with { Counts = c };
    }

    /// <summary>Activity-weighted centroid (voxel indices) over voxels above <paramref name="threshold"/> inside a box.</summary>
    public static (double X, double Y, double Z) Centroid(Volume3D v, int x0, int x1, int y0, int y1, int z0, int z1, float threshold = 0)
    {
        double sx = 0, sy = 0, sz = 0, s = 0;
        for (int z = z0; z < z1; z++)
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    float w = v[x, y, z] - threshold;
                    if (w <= 0) continue;
                    sx += w * x; sy += w * y; sz += w * z; s += w;
                }
        return (sx / s, sy / s, sz / s);
    }
}
