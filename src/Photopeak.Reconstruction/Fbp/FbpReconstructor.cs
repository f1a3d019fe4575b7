using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Projection;

namespace Photopeak.Reconstruction.Fbp;

/// <summary>
/// Filtered backprojection: each projection row is filtered with |ν|·W(ν) and backprojected with linear interpolation,
/// f = (π/N_views) Σ_v q_v(t) for 180° or 360° arcs (Kak &amp; Slaney 1988, ch. 3). The ramp is the FFT of the band-limited
/// spatial kernel h(0) = 1/4, h(odd k) = −1/(πk)², which avoids the DC offset of a sampled |ν|.
/// </summary>
public static class FbpReconstructor
{
    /// <summary>Reconstructs <paramref name="projections"/> into a Bins × Bins × Rows volume in counts per voxel per view-unit.</summary>
    public static Volume3D Reconstruct(ProjectionSet projections, FbpOptions options)
    {
        projections.Validate();
        var g = projections.Geometry;
        int n = g.Bins, views = g.NumberOfViews;
        var filter = FilterResponse(n, g.PixelSpacingMm, options);
        int threads = options.MaxThreads > 0 ? options.MaxThreads : Environment.ProcessorCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var layout = new SlabLayout(n, g.Rows, views);
        var filtered = Filter(projections, filter, layout, parallel);
        var result = projections.CreateVolume();
        Backproject(filtered, layout, g, result.Voxels, parallel);
        if (options.Chang is { } chang)
        {
            var mask = chang.BodyMask ?? AttenuationMaps.BodyContourFromProjections(projections, chang.ContourThresholdFraction);
            var map = ChangCorrection.Map(g, mask, chang.MuPerMm, chang.Directions, options.MaxThreads);
            TensorPrimitives.Multiply(result.Voxels, map.Voxels, result.Voxels);
        }
        return result;
    }

    /// <summary>
    /// The working layout of filtered rows: slabs of <see cref="Depth"/> consecutive rows (two vectors), each slab
    /// [view][bin + 1][row in slab], with a zero bin on either side so that interpolation needs no edge tests. One slab of
    /// 120 views × 128 bins is about 1 MB, so backprojecting a slab reads from cache rather than memory.
    /// </summary>
    private readonly record struct SlabLayout(int Bins, int Rows, int Views)
    {
        public static int Lanes => Vector<float>.Count;
        public static int Depth => 2 * Vector<float>.Count;
        public int PaddedBins => Bins + 2;
        public int Slabs => (Rows + Depth - 1) / Depth;
        public int Offset(int slab, int view, int paddedBin) => ((slab * Views + view) * PaddedBins + paddedBin) * Depth;
    }

    /// <summary>Each row filtered with the response: one complex FFT carries a slab, rows in the lanes of its real and imaginary
    /// parts (the filter is real and even, so they stay separate).</summary>
    private static float[] Filter(ProjectionSet projections, float[] filter, SlabLayout layout, ParallelOptions parallel)
    {
        int n = layout.Bins, nz = layout.Rows, lanes = SlabLayout.Lanes, depth = SlabLayout.Depth, padded = filter.Length;
        var filtered = new float[layout.Slabs * layout.Views * layout.PaddedBins * depth];
        var counts = projections.Counts;
        Parallel.For(0, layout.Views * layout.Slabs, parallel,
            () => (new Fft(padded), new Vector<float>[padded], new Vector<float>[padded]), (item, _, state) =>
        {
            var (fft, re, im) = state;
            int v = item / layout.Slabs, slab = item % layout.Slabs;
            Array.Clear(re);
            Array.Clear(im);
            var reLanes = MemoryMarshal.Cast<Vector<float>, float>(re.AsSpan());
            var imLanes = MemoryMarshal.Cast<Vector<float>, float>(im.AsSpan());
            for (int j = 0; j < depth; j++)
            {
                int r = slab * depth + j;
                if (r >= nz) break;
                var row = counts.AsSpan((v * nz + r) * n, n);
                var target = j < lanes ? reLanes : imLanes;
                int lane = j % lanes;
                for (int b = 0; b < n; b++) target[b * lanes + lane] = row[b];
            }
            fft.Forward(re, im);
            for (int k = 0; k < padded; k++)
            {
                var f = new Vector<float>(filter[k]);
                re[k] *= f;
                im[k] *= f;
            }
            fft.Inverse(re, im);
            ref float destination = ref MemoryMarshal.GetArrayDataReference(filtered);
            for (int b = 0; b < n; b++)
            {
                int offset = layout.Offset(slab, v, b + 1);
                re[b].StoreUnsafe(ref destination, (nuint)offset);
                im[b].StoreUnsafe(ref destination, (nuint)(offset + lanes));
            }
            return state;
        }, _ => { });
        return filtered;
    }

    /// <summary>Linear-interpolation backprojection, f = (π/N_views) Σ_v q_v(t), slab by slab with the slab's voxel column in
    /// two vector registers, written straight into the z-y-x volume.</summary>
    private static void Backproject(float[] filtered, SlabLayout layout, SpectGeometry g, float[] volume, ParallelOptions parallel)
    {
        int n = layout.Bins, nz = layout.Rows, views = layout.Views, lanes = SlabLayout.Lanes, depth = SlabLayout.Depth;
        var cos = new float[views];
        var sin = new float[views];
        for (int v = 0; v < views; v++)
        {
            var (tx, ty) = g.BinAxis(v);
            cos[v] = (float)tx;
            sin[v] = (float)ty;
        }
        float centre = (n - 1) / 2f, cor = (float)(g.CenterOfRotationOffsetMm / g.PixelSpacingMm);
        float radius2 = (n / 2f) * (n / 2f);
        var scale = new Vector<float>((float)(Math.PI / views));
        int lastPaddedBin = layout.PaddedBins - 2;
        Parallel.For(0, layout.Slabs * n, parallel, item =>
        {
            int slab = item / n, y = item % n;
            Span<float> column = stackalloc float[depth];
            ref float source = ref MemoryMarshal.GetArrayDataReference(filtered);
            for (int x = 0; x < n; x++)
            {
                float dx = x - centre, dy = y - centre;
                if (dx * dx + dy * dy > radius2) continue;
                Vector<float> low = Vector<float>.Zero, high = Vector<float>.Zero;
                for (int v = 0; v < views; v++)
                {
                    float position = centre + cor + dx * cos[v] + dy * sin[v] + 1; // + 1: the zero bin in front
                    int b0 = (int)MathF.Floor(position);
                    if ((uint)b0 > (uint)lastPaddedBin) continue;
                    var w = new Vector<float>(position - b0);
                    nuint offset = (nuint)layout.Offset(slab, v, b0);
                    var a0 = Vector.LoadUnsafe(ref source, offset);
                    var a1 = Vector.LoadUnsafe(ref source, offset + (nuint)lanes);
                    var c0 = Vector.LoadUnsafe(ref source, offset + (nuint)depth);
                    var c1 = Vector.LoadUnsafe(ref source, offset + (nuint)(depth + lanes));
                    low += a0 + (c0 - a0) * w;
                    high += a1 + (c1 - a1) * w;
                }
                (low * scale).CopyTo(column);
                (high * scale).CopyTo(column[lanes..]);
                for (int j = 0; j < depth; j++)
                {
                    int z = slab * depth + j;
                    if (z >= nz) break;
                    volume[(z * n + y) * n + x] = column[j];
                }
            }
        });
    }

    /// <summary>Frequency response |ν|·W(ν) on the zero-padded FFT grid (length ≥ 2·bins, power of two).</summary>
    internal static float[] FilterResponse(int bins, double pixelMm, FbpOptions options)
    {
        int padded = (int)Math.Max(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * bins)));
        var re = new Vector<float>[padded];
        var im = new Vector<float>[padded];
        re[0] = new Vector<float>(0.25f);
        for (int k = 1; k < padded / 2; k += 2)
        {
            var h = new Vector<float>((float)(-1 / (Math.PI * Math.PI * k * k)));
            re[k] = h;
            re[padded - k] = h;
        }
        new Fft(padded).Forward(re, im);
        double nyquistCyclesPerCm = 10 / (2 * pixelMm);
        double cutoff = options.CutoffCyclesPerCm ?? nyquistCyclesPerCm;
        if (!(cutoff > 0)) throw new ArgumentOutOfRangeException(nameof(options), cutoff, "FBP cut-off must be positive (cycles/cm).");
        if (options.Window == FbpWindow.Butterworth && options.ButterworthOrder < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.ButterworthOrder, "Butterworth order must be at least 1.");
        var response = new float[padded];
        for (int k = 0; k < padded; k++)
        {
            double nu = Math.Min(k, padded - k) * 10 / (padded * pixelMm); // cycles/cm
            double ratio = nu / cutoff;
            double window = options.Window switch
            {
                FbpWindow.Ramp => 1,
                FbpWindow.Butterworth => 1 / Math.Sqrt(1 + Math.Pow(ratio, 2 * options.ButterworthOrder)),
                FbpWindow.Hann => ratio <= 1 ? 0.5 * (1 + Math.Cos(Math.PI * ratio)) : 0,
                FbpWindow.SheppLogan => ratio == 0 ? 1 : Math.Sin(Math.PI * ratio / 2) / (Math.PI * ratio / 2),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Window, "Unknown FBP window."),
            };
            response[k] = (float)(re[k][0] * window);
        }
        return response;
    }
}
