using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
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
        int n = g.Bins, nz = g.Rows, views = g.NumberOfViews;
        var filter = FilterResponse(n, g.PixelSpacingMm, options);
        var filtered = new float[views * n * nz];
        int threads = options.MaxThreads > 0 ? options.MaxThreads : Environment.ProcessorCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        int padded = filter.Length;

        // Two real rows per complex FFT: the filter is real and even, so real and imaginary parts stay separate.
        Parallel.For(0, views, parallel, () => (new Fft(padded), new float[padded], new float[padded]), (v, _, state) =>
        {
            var (fft, re, im) = state;
            for (int r = 0; r < nz; r += 2)
            {
                Array.Clear(re);
                Array.Clear(im);
                projections.Counts.AsSpan((v * nz + r) * n, n).CopyTo(re);
                if (r + 1 < nz) projections.Counts.AsSpan((v * nz + r + 1) * n, n).CopyTo(im);
                fft.Forward(re, im);
                TensorPrimitives.Multiply(re, filter, re);
                TensorPrimitives.Multiply(im, filter, im);
                fft.Inverse(re, im);
                int baseIndex = v * n * nz;
                for (int b = 0; b < n; b++)
                {
                    filtered[baseIndex + b * nz + r] = re[b];
                    if (r + 1 < nz) filtered[baseIndex + b * nz + r + 1] = im[b];
                }
            }
            return state;
        }, _ => { });

        var volume = new float[n * n * nz];
        var cos = new float[views];
        var sin = new float[views];
        for (int v = 0; v < views; v++)
        {
            var (tx, ty) = g.BinAxis(v);
            cos[v] = (float)tx;
            sin[v] = (float)ty;
        }
        float centre = (n - 1) / 2f, cor = (float)(g.CenterOfRotationOffsetMm / g.PixelSpacingMm);
        float radius2 = (n / 2f) * (n / 2f), scale = (float)(Math.PI / views);
        Parallel.For(0, n, parallel, y =>
        {
            for (int x = 0; x < n; x++)
            {
                float dx = x - centre, dy = y - centre;
                if (dx * dx + dy * dy > radius2) continue;
                var voxel = volume.AsSpan((y * n + x) * nz, nz);
                for (int v = 0; v < views; v++)
                {
                    float bin = centre + cor + dx * cos[v] + dy * sin[v];
                    int b0 = (int)MathF.Floor(bin);
                    float w = bin - b0;
                    int baseIndex = v * n * nz;
                    if (b0 >= 0 && b0 < n) AddScaled(filtered.AsSpan(baseIndex + b0 * nz, nz), 1 - w, voxel);
                    if (b0 + 1 >= 0 && b0 + 1 < n) AddScaled(filtered.AsSpan(baseIndex + (b0 + 1) * nz, nz), w, voxel);
                }
                TensorPrimitives.Multiply(voxel, scale, voxel);
            }
        });

        var result = projections.CreateVolume();
        InternalLayout.InternalToVolume(volume, result.Voxels, n, n, nz);
        if (options.Chang is { } chang)
        {
            var mask = chang.BodyMask ?? AttenuationMaps.BodyContourFromProjections(projections, chang.ContourThresholdFraction);
            var map = ChangCorrection.Map(g, mask, chang.MuPerMm, chang.Directions, options.MaxThreads);
            TensorPrimitives.Multiply(result.Voxels, map.Voxels, result.Voxels);
        }
        return result;
    }

    private static void AddScaled(ReadOnlySpan<float> source, float weight, Span<float> destination)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int i = 0, count = destination.Length;
        var w = new Vector<float>(weight);
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
            (Vector.LoadUnsafe(ref d, (nuint)i) + Vector.LoadUnsafe(ref s, (nuint)i) * w).StoreUnsafe(ref d, (nuint)i);
        for (; i < count; i++) destination[i] += source[i] * weight;
    }

    /// <summary>Frequency response |ν|·W(ν) on the zero-padded FFT grid (length ≥ 2·bins, power of two).</summary>
    internal static float[] FilterResponse(int bins, double pixelMm, FbpOptions options)
    {
        int padded = (int)Math.Max(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * bins)));
        var re = new float[padded];
        var im = new float[padded];
        re[0] = 0.25f;
        for (int k = 1; k < padded / 2; k += 2)
        {
            float h = (float)(-1 / (Math.PI * Math.PI * k * k));
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
            response[k] = (float)(re[k] * window);
        }
        return response;
    }
}
