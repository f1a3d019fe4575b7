using System.Numerics;
using System.Runtime.CompilerServices;

namespace Photopeak.Simulation.Phantoms;

/// <summary>Rasterises analytic organs onto a voxel grid with s×s×s sub-voxel samples, in priority order: a voxel's
/// fraction already taken by an earlier organ is not available to later ones, so fractions never sum above 1.</summary>
public static class Rasteriser
{
    /// <summary>Rasterises the parts (first = highest priority) into masks. <paramref name="available"/> holds the free
    /// fraction of each voxel (1 everywhere for a fresh phantom) and is reduced in place.</summary>
    public static Dictionary<Organ, OrganMask> Rasterise(VoxelGrid grid, IReadOnlyList<OrganPart> parts, float[] available, int samples = 3)
    {
        var result = new Dictionary<Organ, OrganMask>();
        var offsets = new float[samples];
        for (var s = 0; s < samples; s++) offsets[s] = (float)(((s + 0.5) / samples - 0.5) * grid.VoxelMm);
        var perSample = 1f / (samples * samples * samples);
        var half = (float)(grid.VoxelMm / 2);
        // Every sub-sample lies within this distance of its voxel's centre.
        var samplesReach = samples > 0 ? MathF.Sqrt(3) * offsets.Max(MathF.Abs) : 0;

        foreach (var part in parts)
        {
            var (min, max) = part.Shape.Bounds;
            var (i0, j0, k0) = grid.ToIndex(min.X, min.Y, min.Z);
            var (i1, j1, k1) = grid.ToIndex(max.X, max.Y, max.Z);
            int ia = Math.Max(0, (int)Math.Floor(i0)), ib = Math.Min(grid.Nx - 1, (int)Math.Ceiling(i1));
            int ja = Math.Max(0, (int)Math.Floor(j0)), jb = Math.Min(grid.Ny - 1, (int)Math.Ceiling(j1));
            int ka = Math.Max(0, (int)Math.Floor(k0)), kb = Math.Min(grid.Nz - 1, (int)Math.Ceiling(k1));
            if (ia > ib || ja > jb || ka > kb) continue;

            var slices = new (List<int> I, List<float> F, List<float> W)[kb - ka + 1];
            Parallel.For(ka, kb + 1, k => slices[k - ka] = Slice(grid, part, available, k, ia, ib, ja, jb, offsets, perSample, half, samplesReach));


            var all = new List<int>(); var fr = new List<float>(); var w = new List<float>();
            if (result.TryGetValue(part.Organ, out var existing))
            {
                all.AddRange(existing.Indices); fr.AddRange(existing.Fractions); w.AddRange(existing.UptakeWeighted);
            }
            foreach (var s in slices) { all.AddRange(s.I); fr.AddRange(s.F); w.AddRange(s.W); }
            result[part.Organ] = new OrganMask([.. all], [.. fr], [.. w]);
        }
        return result;
    }


    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (List<int> I, List<float> F, List<float> W) Slice(VoxelGrid grid, OrganPart part, float[] available, int k,
        int ia, int ib, int ja, int jb, float[] offsets, float perSample, float half, float samplesReach)
    {
                var idx = new List<int>(); var frac = new List<float>(); var wt = new List<float>();
                for (var j = ja; j <= jb; j++)
                for (var i = ia; i <= ib; i++)
                {
                    var index = grid.Index(i, j, k);
                    var free = available[index];
                    if (free <= 0) continue;
                    var c = grid.Centre(i, j, k);
                    // Where the ball holding every sub-sample lies wholly outside or inside the shape, the samples' own tests are
                    // skipped: each would give the answer the ball does, so the voxel's share is the same to the bit.
                    var coverage = part.Shape.Cover(c, samplesReach);
                    if (coverage == Coverage.Outside) continue;
                    int inside = 0; float uptake = 0;
                    if (part.Uptake is null && part.Shape.IsConvex && AllCornersInside(part.Shape, c, half))
                    {
                        var whole = Math.Min(free, 1f);
                        idx.Add(index); frac.Add(whole); wt.Add(whole);
                        available[index] = free - whole;
                        continue;
                    }
                    foreach (var dz in offsets)
                    foreach (var dy in offsets)
                    foreach (var dx in offsets)
                    {
                        var p = new Vector3(c.X + dx, c.Y + dy, c.Z + dz);
                        if (coverage != Coverage.Inside && !part.Shape.Contains(p)) continue;
                        inside++;
                        uptake += part.Uptake?.Invoke(p) ?? 1f;
                    }
                    if (inside == 0) continue;
                    // The organ takes its sampled share of whatever fraction is still free (partial-volume mixing).
                    var f = Math.Min(free, inside * perSample);
                    idx.Add(index); frac.Add(f); wt.Add(f * uptake / inside);
                    available[index] = free - f;
                }
                return (idx, frac, wt);
    }

    private static bool AllCornersInside(Shape shape, Vector3 c, float h)
    {
        for (var n = 0; n < 8; n++)
        {
            var p = new Vector3(c.X + ((n & 1) == 0 ? -h : h), c.Y + ((n & 2) == 0 ? -h : h), c.Z + ((n & 4) == 0 ? -h : h));
            if (!shape.Contains(p)) return false;
        }
        return true;
    }
}
