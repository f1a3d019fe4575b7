using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Photopeak.Reconstruction.Filtering;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Projection;

namespace Photopeak.Reconstruction.Iterative;

/// <summary>
/// MLEM/OSEM for SPECT with attenuation, collimator response and additive scatter in the forward model:
/// f_j ← f_j / Σ_{i∈S} a_ij · Σ_{i∈S} a_ij · y_i / (Σ_l a_il f_l + s_i)   [ShVa1982][HuLa1994].
/// </summary>
public static class OsemReconstructor
{
    /// <summary>Reconstructs <paramref name="measured"/> projections (counts) into a Bins × Bins × Rows volume;
    /// <paramref name="progress"/> receives the number of sub-iterations completed.</summary>
    public static Volume3D Reconstruct(ProjectionSet measured, OsemOptions options, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        measured.Validate();
        var g = measured.Geometry;
        if (options.Iterations < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Iterations, "Iterations must be at least 1.");
        if (options.AdditiveScatter is { } sc && sc.Counts.Length != measured.Counts.Length)
            throw new SpectGeometryException($"Scatter estimate holds {sc.Counts.Length} values, projections {measured.Counts.Length}.");
        var subsets = SubsetOrdering.Interleaved(g, options.Subsets);
        var projector = new RotationProjector(g, options.MuMapPerMm, options.Collimator, options.MaxThreads);
        int n = g.Bins, nz = g.Rows, views = g.NumberOfViews, viewLength = n * nz, volumeLength = n * n * nz;

        var y = new float[measured.Counts.Length];
        InternalLayout.ProjectionsToInternal(measured.Counts, y, views, nz, n);
        float[]? scatter = null;
        if (options.AdditiveScatter is { } s)
        {
            scatter = new float[y.Length];
            InternalLayout.ProjectionsToInternal(s.Counts, scatter, views, nz, n);
        }

        var mask = FieldOfViewMask(n, nz, options.CircularFieldOfView);
        // Sensitivity Σ_{i∈S} a_ij per subset, stored inverted (0 where nothing is seen).
        var ones = new float[y.Length];
        Array.Fill(ones, 1f);
        var inverseSensitivity = new float[subsets.Length][];
        double sensitivityTotal = 0;
        for (int k = 0; k < subsets.Length; k++)
        {
            var sens = new float[volumeLength];
            projector.BackInternal(ones, subsets[k], sens);
            TensorPrimitives.Multiply(sens, mask, sens);
            sensitivityTotal += TensorPrimitives.Sum(sens);
            for (int j = 0; j < sens.Length; j++) sens[j] = sens[j] > 1e-6f ? 1 / sens[j] : 0;
            inverseSensitivity[k] = sens;
        }
        ones = [];

        // Uniform start whose projection has the measured total (scatter ignored).
        double counts = 0;
        foreach (var c in y) counts += c;
        var f = new float[volumeLength];
        float start = sensitivityTotal > 0 ? (float)(counts / sensitivityTotal) : 0;
        TensorPrimitives.Multiply(mask, start, f);

        var backProjection = new float[volumeLength];
        int done = 0;
        for (int iteration = 0; iteration < options.Iterations; iteration++)
            for (int k = 0; k < subsets.Length; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                projector.BeginBackProjection();
                projector.RunViews(subsets[k], (v, ws) =>
                {
                    if (projector.ModelsAttenuation) projector.ComputeAttenuation(v, ws);
                    var expected = ws.Expected.AsSpan();
                    projector.ForwardView(f, v, expected, ws);
                    Ratio(y.AsSpan(v * viewLength, viewLength), scatter is null ? default : scatter.AsSpan(v * viewLength, viewLength), expected);
                    projector.BackView(expected, v, ws);
                });
                projector.EndBackProjection(backProjection);
                TensorPrimitives.Multiply(backProjection, inverseSensitivity[k], backProjection);
                TensorPrimitives.Multiply(f, backProjection, f);
                progress?.Report(++done);
            }

        var result = new Volume3D(n, n, nz, g.PixelSpacingMm, g.PixelSpacingMm, g.SliceSpacingMm);
        InternalLayout.InternalToVolume(f, result.Voxels, n, n, nz);
        return options.PostFilterFwhmMm is > 0 ? GaussianFilter3D.Apply(result, options.PostFilterFwhmMm.Value) : result;
    }

    /// <summary>expected ← measured / (expected + scatter); 0 where the model predicts no counts.</summary>
    private static void Ratio(ReadOnlySpan<float> measured, ReadOnlySpan<float> scatter, Span<float> expected)
    {
        const float tiny = 1e-12f;
        bool hasScatter = !scatter.IsEmpty;
        int i = 0, count = expected.Length;
        ref float m = ref MemoryMarshal.GetReference(measured);
        ref float e = ref MemoryMarshal.GetReference(expected);
        ref float s = ref MemoryMarshal.GetReference(scatter);
        var floor = new Vector<float>(tiny);
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            var q = Vector.LoadUnsafe(ref e, (nuint)i);
            if (hasScatter) q += Vector.LoadUnsafe(ref s, (nuint)i);
            var ratio = Vector.LoadUnsafe(ref m, (nuint)i) / Vector.Max(q, floor);
            Vector.ConditionalSelect(Vector.GreaterThan(q, floor), ratio, Vector<float>.Zero).StoreUnsafe(ref e, (nuint)i);
        }
        for (; i < count; i++)
        {
            float q = Unsafe.Add(ref e, i) + (hasScatter ? Unsafe.Add(ref s, i) : 0);
            Unsafe.Add(ref e, i) = q > tiny ? Unsafe.Add(ref m, i) / q : 0;
        }
    }

    /// <summary>1 inside the cylinder inscribed in the transaxial field of view, 0 outside; internal [y][x][z] layout.</summary>
    internal static float[] FieldOfViewMask(int n, int nz, bool circular)
    {
        var mask = new float[n * n * nz];
        float c = (n - 1) / 2f, r2 = (n / 2f) * (n / 2f);
        for (int yy = 0; yy < n; yy++)
            for (int xx = 0; xx < n; xx++)
            {
                float dx = xx - c, dy = yy - c;
                if (circular && dx * dx + dy * dy > r2) continue;
                mask.AsSpan((yy * n + xx) * nz, nz).Fill(1f);
            }
        return mask;
    }
}
