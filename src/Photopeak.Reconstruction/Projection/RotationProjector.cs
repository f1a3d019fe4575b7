using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Projection;

/// <summary>
/// Rotation-based SPECT system model: for each view the volume is resampled (bilinear) onto a grid aligned with the
/// detector, attenuated by exp(−∑μ·Δ) along depth, blurred by the distance-dependent collimator response and summed.
/// <see cref="Back"/> is the exact transpose of <see cref="Forward"/>, interpolation included.
/// An instance reuses its per-thread buffers: one call at a time (it parallelises internally over views).
/// </summary>
/// <remarks>
/// Collimator blur uses incremental Gaussian convolution between depth planes (McCarthy &amp; Miller 1991,
/// IEEE TMI 10:515; Zeng &amp; Gullberg 1992): plane d receives G(σ₀)G(Δσ₁)…G(Δσ_d) with Δσ_k² = σ_k² − σ_{k−1}².
/// The attenuation factor of a voxel is exp(−(∑_{k&lt;d} μ_k + μ_d/2)·Δ) towards the detector (half the voxel's own path).
/// Transaxial voxel size equals the detector pixel size and there is one slice per projection row. Only the cylinder
/// inscribed in the transaxial field of view (radius Bins/2 about the axis) is modelled, activity and μ alike.
/// </remarks>
public sealed class RotationProjector
{
    private readonly int n, nz;
    private readonly float centre, corPixels, fovRadius2;
    private readonly float[] cos, sin;
    private readonly float[]? muPerVoxel;
    private readonly float[][]? kernel0Bins, kernel0Z;
    private readonly float[][][]? incrementBins, incrementZ;
    private readonly ProjectorWorkspace[] workspaces;

    public SpectGeometry Geometry { get; }
    public bool ModelsAttenuation => muPerVoxel is not null;
    public bool ModelsResolution => kernel0Bins is not null;

    /// <param name="geometry">Acquisition geometry.</param>
    /// <param name="muMapPerMm">Linear attenuation coefficients at the emission energy, 1/mm, on the reconstruction grid; null for none.</param>
    /// <param name="collimator">Collimator-detector response to model; null for none.</param>
    /// <param name="maxThreads">Worker threads (one view each at a time); 0 = processor count.</param>
    public RotationProjector(SpectGeometry geometry, Volume3D? muMapPerMm = null, CollimatorResponse? collimator = null, int maxThreads = 0)
    {
        Geometry = geometry.Validate();
        n = geometry.Bins;
        nz = geometry.Rows;
        centre = (n - 1) / 2f;
        corPixels = (float)(geometry.CenterOfRotationOffsetMm / geometry.PixelSpacingMm);
        fovRadius2 = n * n / 4f;
        int views = geometry.NumberOfViews;
        cos = new float[views];
        sin = new float[views];
        for (int v = 0; v < views; v++)
        {
            // Bins run along t = (cos[v], sin[v]) in the volume's (x, y); the detector lies along (sin[v], −cos[v]).
            var (tx, ty) = geometry.BinAxis(v);
            cos[v] = (float)tx;
            sin[v] = (float)ty;
        }

        if (muMapPerMm is not null)
        {
            RequireGrid(muMapPerMm, "attenuation map");
            muPerVoxel = new float[n * n * nz];
            InternalLayout.VolumeToInternal(muMapPerMm.Voxels, muPerVoxel, n, n, nz);
            TensorPrimitives.Multiply(muPerVoxel, (float)geometry.PixelSpacingMm, muPerVoxel);
        }

        if (collimator is not null)
        {
            kernel0Bins = new float[views][];
            kernel0Z = new float[views][];
            incrementBins = new float[views][][];
            incrementZ = new float[views][][];
            var cache = new Dictionary<double, (float[], float[], float[][], float[][])>();
            for (int v = 0; v < views; v++)
            {
                double radius = geometry.ViewRadiusMm(v);
                if (!cache.TryGetValue(radius, out var k)) cache[radius] = k = BuildKernels(radius, collimator);
                (kernel0Bins[v], kernel0Z[v], incrementBins[v], incrementZ[v]) = k;
            }
        }

        int threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        workspaces = new ProjectorWorkspace[threads];
        for (int w = 0; w < threads; w++) workspaces[w] = new ProjectorWorkspace(n, nz, muPerVoxel is not null);
    }

    private (float[], float[], float[][], float[][]) BuildKernels(double radiusMm, CollimatorResponse collimator)
    {
        // σ in pixels along bins and along rows for the plane at depth index d (d = 0 nearest the detector).
        const double fwhmToSigma = 2.3548200450309493;
        double pixel = Geometry.PixelSpacingMm, row = Geometry.SliceSpacingMm;
        var sigmaMm = new double[n];
        for (int d = 0; d < n; d++) sigmaMm[d] = collimator.FwhmMm(radiusMm - (centre - d) * pixel) / fwhmToSigma;
        var k0b = GaussianKernel.Create(sigmaMm[0] / pixel);
        var k0z = GaussianKernel.Create(sigmaMm[0] / row);
        var incB = new float[n][];
        var incZ = new float[n][];
        incB[0] = incZ[0] = [1f];
        for (int d = 1; d < n; d++)
        {
            double delta = Math.Sqrt(Math.Max(0, sigmaMm[d] * sigmaMm[d] - sigmaMm[d - 1] * sigmaMm[d - 1]));
            incB[d] = GaussianKernel.Create(delta / pixel);
            incZ[d] = GaussianKernel.Create(delta / row);
        }
        return (k0b, k0z, incB, incZ);
    }

    private void RequireGrid(Volume3D volume, string what)
    {
        if (volume.SizeX != n || volume.SizeY != n || volume.SizeZ != nz)
            throw new SpectGeometryException(
                $"The {what} is {volume.SizeX}x{volume.SizeY}x{volume.SizeZ}; the projections need {n}x{n}x{nz} voxels.");
    }

    /// <summary>Projects an activity volume (Bins × Bins × Rows voxels) to expected counts for every view.</summary>
    public ProjectionSet Forward(Volume3D activity)
    {
        RequireGrid(activity, "activity volume");
        var volume = new float[n * n * nz];
        InternalLayout.VolumeToInternal(activity.Voxels, volume, n, n, nz);
        var projections = new float[Geometry.NumberOfViews * n * nz];
        ForwardInternal(volume, projections, AllViews());
        var result = new ProjectionSet(Geometry);
        InternalLayout.InternalToProjections(projections, result.Counts, Geometry.NumberOfViews, nz, n);
        return result;
    }

    /// <summary>Applies the exact transpose of <see cref="Forward"/> to <paramref name="projections"/>.</summary>
    public Volume3D Back(ProjectionSet projections)
    {
        if (projections.Counts.Length != Geometry.NumberOfViews * n * nz)
            throw new SpectGeometryException($"Projection buffer holds {projections.Counts.Length} values, expected {Geometry.NumberOfViews * n * nz}.");
        var internalProjections = new float[projections.Counts.Length];
        InternalLayout.ProjectionsToInternal(projections.Counts, internalProjections, Geometry.NumberOfViews, nz, n);
        var volume = new float[n * n * nz];
        BackInternal(internalProjections, AllViews(), volume);
        var result = new Volume3D(n, n, nz, Geometry.PixelSpacingMm, Geometry.PixelSpacingMm, Geometry.SliceSpacingMm);
        InternalLayout.InternalToVolume(volume, result.Voxels, n, n, nz);
        return result;
    }

    internal int[] AllViews()
    {
        var views = new int[Geometry.NumberOfViews];
        for (int v = 0; v < views.Length; v++) views[v] = v;
        return views;
    }

    internal int VolumeLength => n * n * nz;
    internal int ViewLength => n * nz;

    /// <summary>Forward-projects the internal [y][x][z] volume into internal [view][bin][z] projections for <paramref name="views"/>.</summary>
    internal void ForwardInternal(float[] volume, float[] projections, int[] views) =>
        RunViews(views, (v, ws) =>
        {
            if (ModelsAttenuation) ComputeAttenuation(v, ws);
            ForwardView(volume, v, projections.AsSpan(v * n * nz, n * nz), ws);
        });

    /// <summary>Backprojects internal projections of <paramref name="views"/> into <paramref name="volume"/> (overwritten).</summary>
    internal void BackInternal(float[] projections, int[] views, float[] volume)
    {
        BeginBackProjection();
        RunViews(views, (v, ws) =>
        {
            if (ModelsAttenuation) ComputeAttenuation(v, ws);
            BackView(projections.AsSpan(v * n * nz, n * nz), v, ws);
        });
        EndBackProjection(volume);
    }

    /// <summary>Runs <paramref name="body"/> for each view, the views split into equal contiguous blocks, one per worker.</summary>
    internal void RunViews(int[] views, Action<int, ProjectorWorkspace> body)
    {
        int workers = Math.Min(workspaces.Length, views.Length);
        if (workers <= 1)
        {
            foreach (int v in views) body(v, workspaces[0]);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int start = w * views.Length / workers, end = (w + 1) * views.Length / workers;
            for (int i = start; i < end; i++) body(views[i], workspaces[w]);
        });
    }

    internal void BeginBackProjection()
    {
        foreach (var ws in workspaces) ws.BackProjectionUsed = false;
    }

    internal void EndBackProjection(float[] volume)
    {
        Array.Clear(volume);
        foreach (var ws in workspaces)
            if (ws.BackProjectionUsed) TensorPrimitives.Add(volume, ws.BackProjection!, volume);
    }

    /// <summary>Attenuation factors of <paramref name="view"/> into the workspace, [depth][bin][z].</summary>
    internal void ComputeAttenuation(int view, ProjectorWorkspace ws)
    {
        var mu = muPerVoxel!;
        var pathSum = ws.PathSum.AsSpan();
        pathSum.Clear();
        int planeLength = n * nz;
        for (int d = 0; d < n; d++)
        {
            var plane = ws.Attenuation.AsSpan(d * planeLength, planeLength);
            for (int b = 0; b < n; b++)
            {
                var row = plane.Slice(b * nz, nz);
                if (Weights(view, d, b, out var c)) Gather(mu, c, row);
                else row.Clear();
                AccumulatePath(row, pathSum.Slice(b * nz, nz));
            }
            TensorPrimitives.Exp(plane, plane);
        }
    }

    /// <summary>row ← −(pathSum + row/2); pathSum += row. Vectorised.</summary>
    private static void AccumulatePath(Span<float> row, Span<float> pathSum)
    {
        int i = 0, count = row.Length;
        ref float r = ref MemoryMarshal.GetReference(row);
        ref float p = ref MemoryMarshal.GetReference(pathSum);
        var half = new Vector<float>(0.5f);
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            var m = Vector.LoadUnsafe(ref r, (nuint)i);
            var s = Vector.LoadUnsafe(ref p, (nuint)i);
            (-(s + m * half)).StoreUnsafe(ref r, (nuint)i);
            (s + m).StoreUnsafe(ref p, (nuint)i);
        }
        for (; i < count; i++)
        {
            float m = Unsafe.Add(ref r, i);
            Unsafe.Add(ref r, i) = -(Unsafe.Add(ref p, i) + 0.5f * m);
            Unsafe.Add(ref p, i) += m;
        }
    }

    /// <summary>One view of the forward model into <paramref name="projection"/> ([bin][z]); attenuation factors already in <paramref name="ws"/>.</summary>
    internal void ForwardView(float[] volume, int view, Span<float> projection, ProjectorWorkspace ws)
    {
        projection.Clear();
        int planeLength = n * nz;
        bool psf = kernel0Bins is not null, attenuation = muPerVoxel is not null;
        for (int d = n - 1; d >= 0; d--)
        {
            if (psf && d < n - 1) PlaneBlur.Apply(projection, ws.Scratch, n, nz, incrementBins![view][d + 1], incrementZ![view][d + 1]);
            for (int b = 0; b < n; b++)
            {
                if (!Weights(view, d, b, out var c)) continue;
                var acc = projection.Slice(b * nz, nz);
                if (attenuation) GatherAddAttenuated(volume, c, ws.Attenuation.AsSpan(d * planeLength + b * nz, nz), acc);
                else GatherAdd(volume, c, acc);
            }
        }
        if (psf) PlaneBlur.Apply(projection, ws.Scratch, n, nz, kernel0Bins![view], kernel0Z![view]);
    }

    /// <summary>Transpose of <see cref="ForwardView"/>: adds the backprojection of one view to the worker's volume.</summary>
    internal void BackView(ReadOnlySpan<float> projection, int view, ProjectorWorkspace ws)
    {
        var target = ws.BackProjection ??= new float[n * n * nz];
        if (!ws.BackProjectionUsed)
        {
            Array.Clear(target);
            ws.BackProjectionUsed = true;
        }
        var plane = ws.Plane.AsSpan();
        projection.CopyTo(plane);
        int planeLength = n * nz;
        bool psf = kernel0Bins is not null, attenuation = muPerVoxel is not null;
        if (psf) PlaneBlur.Apply(plane, ws.Scratch, n, nz, kernel0Bins![view], kernel0Z![view]);
        for (int d = 0; d < n; d++)
        {
            if (psf && d > 0) PlaneBlur.Apply(plane, ws.Scratch, n, nz, incrementBins![view][d], incrementZ![view][d]);
            for (int b = 0; b < n; b++)
            {
                if (!Weights(view, d, b, out var c)) continue;
                var values = plane.Slice(b * nz, nz);
                if (attenuation) ScatterAddAttenuated(target, c, ws.Attenuation.AsSpan(d * planeLength + b * nz, nz), values);
                else ScatterAdd(target, c, values);
            }
        }
    }

    /// <summary>Bilinear corners (offsets into [y][x][z]) and weights of sample (depth d, bin b) of a view.</summary>
    private struct Corners
    {
        public int O0, O1, O2, O3;
        public float W0, W1, W2, W3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Weights(int view, int d, int b, out Corners c)
    {
        c = default;
        float t = b - centre - corPixels, s = centre - d;
        if (t * t + s * s > fovRadius2) return false;
        float px = centre + t * cos[view] + s * sin[view];
        float py = centre + t * sin[view] - s * cos[view];
        if (!(px > -1 && py > -1 && px < n && py < n)) return false;
        int ix = (int)MathF.Floor(px), iy = (int)MathF.Floor(py);
        float fx = px - ix, fy = py - iy;
        bool x0 = ix >= 0, x1 = ix + 1 < n, y0 = iy >= 0, y1 = iy + 1 < n;
        int stride = nz;
        if (x0 && y0) { c.O0 = (iy * n + ix) * stride; c.W0 = (1 - fx) * (1 - fy); }
        if (x1 && y0) { c.O1 = (iy * n + ix + 1) * stride; c.W1 = fx * (1 - fy); }
        if (x0 && y1) { c.O2 = ((iy + 1) * n + ix) * stride; c.W2 = (1 - fx) * fy; }
        if (x1 && y1) { c.O3 = ((iy + 1) * n + ix + 1) * stride; c.W3 = fx * fy; }
        return c.W0 != 0 || c.W1 != 0 || c.W2 != 0 || c.W3 != 0;
    }

    private static void Gather(float[] volume, in Corners c, Span<float> destination)
    {
        ref float vol = ref MemoryMarshal.GetArrayDataReference(volume);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int count = destination.Length, i = 0;
        Vector<float> w0 = new(c.W0), w1 = new(c.W1), w2 = new(c.W2), w3 = new(c.W3);
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref vol, (nuint)(c.O0 + i)) * w0 + Vector.LoadUnsafe(ref vol, (nuint)(c.O1 + i)) * w1
                  + Vector.LoadUnsafe(ref vol, (nuint)(c.O2 + i)) * w2 + Vector.LoadUnsafe(ref vol, (nuint)(c.O3 + i)) * w3;
            v.StoreUnsafe(ref dst, (nuint)i);
        }
        for (; i < count; i++)
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref vol, c.O0 + i) * c.W0 + Unsafe.Add(ref vol, c.O1 + i) * c.W1
                                   + Unsafe.Add(ref vol, c.O2 + i) * c.W2 + Unsafe.Add(ref vol, c.O3 + i) * c.W3;
    }

    private static void GatherAdd(float[] volume, in Corners c, Span<float> accumulator)
    {
        ref float vol = ref MemoryMarshal.GetArrayDataReference(volume);
        ref float acc = ref MemoryMarshal.GetReference(accumulator);
        int count = accumulator.Length, i = 0;
        Vector<float> w0 = new(c.W0), w1 = new(c.W1), w2 = new(c.W2), w3 = new(c.W3);
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref vol, (nuint)(c.O0 + i)) * w0 + Vector.LoadUnsafe(ref vol, (nuint)(c.O1 + i)) * w1
                  + Vector.LoadUnsafe(ref vol, (nuint)(c.O2 + i)) * w2 + Vector.LoadUnsafe(ref vol, (nuint)(c.O3 + i)) * w3;
            (Vector.LoadUnsafe(ref acc, (nuint)i) + v).StoreUnsafe(ref acc, (nuint)i);
        }
        for (; i < count; i++)
            Unsafe.Add(ref acc, i) += Unsafe.Add(ref vol, c.O0 + i) * c.W0 + Unsafe.Add(ref vol, c.O1 + i) * c.W1
                                    + Unsafe.Add(ref vol, c.O2 + i) * c.W2 + Unsafe.Add(ref vol, c.O3 + i) * c.W3;
    }

    private static void GatherAddAttenuated(float[] volume, in Corners c, ReadOnlySpan<float> attenuation, Span<float> accumulator)
    {
        ref float vol = ref MemoryMarshal.GetArrayDataReference(volume);
        ref float att = ref MemoryMarshal.GetReference(attenuation);
        ref float acc = ref MemoryMarshal.GetReference(accumulator);
        int count = accumulator.Length, i = 0;
        Vector<float> w0 = new(c.W0), w1 = new(c.W1), w2 = new(c.W2), w3 = new(c.W3);
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref vol, (nuint)(c.O0 + i)) * w0 + Vector.LoadUnsafe(ref vol, (nuint)(c.O1 + i)) * w1
                  + Vector.LoadUnsafe(ref vol, (nuint)(c.O2 + i)) * w2 + Vector.LoadUnsafe(ref vol, (nuint)(c.O3 + i)) * w3;
            (Vector.LoadUnsafe(ref acc, (nuint)i) + v * Vector.LoadUnsafe(ref att, (nuint)i)).StoreUnsafe(ref acc, (nuint)i);
        }
        for (; i < count; i++)
            Unsafe.Add(ref acc, i) += Unsafe.Add(ref att, i) * (Unsafe.Add(ref vol, c.O0 + i) * c.W0 + Unsafe.Add(ref vol, c.O1 + i) * c.W1
                                    + Unsafe.Add(ref vol, c.O2 + i) * c.W2 + Unsafe.Add(ref vol, c.O3 + i) * c.W3);
    }

    private static void ScatterAdd(float[] volume, in Corners c, ReadOnlySpan<float> values)
    {
        ref float vol = ref MemoryMarshal.GetArrayDataReference(volume);
        ref float val = ref MemoryMarshal.GetReference(values);
        int count = values.Length, i = 0;
        Vector<float> w0 = new(c.W0), w1 = new(c.W1), w2 = new(c.W2), w3 = new(c.W3);
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            var x = Vector.LoadUnsafe(ref val, (nuint)i);
            (Vector.LoadUnsafe(ref vol, (nuint)(c.O0 + i)) + x * w0).StoreUnsafe(ref vol, (nuint)(c.O0 + i));
            (Vector.LoadUnsafe(ref vol, (nuint)(c.O1 + i)) + x * w1).StoreUnsafe(ref vol, (nuint)(c.O1 + i));
            (Vector.LoadUnsafe(ref vol, (nuint)(c.O2 + i)) + x * w2).StoreUnsafe(ref vol, (nuint)(c.O2 + i));
            (Vector.LoadUnsafe(ref vol, (nuint)(c.O3 + i)) + x * w3).StoreUnsafe(ref vol, (nuint)(c.O3 + i));
        }
        for (; i < count; i++)
        {
            float x = Unsafe.Add(ref val, i);
            Unsafe.Add(ref vol, c.O0 + i) += x * c.W0;
            Unsafe.Add(ref vol, c.O1 + i) += x * c.W1;
            Unsafe.Add(ref vol, c.O2 + i) += x * c.W2;
            Unsafe.Add(ref vol, c.O3 + i) += x * c.W3;
        }
    }

    private static void ScatterAddAttenuated(float[] volume, in Corners c, ReadOnlySpan<float> attenuation, ReadOnlySpan<float> values)
    {
        ref float vol = ref MemoryMarshal.GetArrayDataReference(volume);
        ref float att = ref MemoryMarshal.GetReference(attenuation);
        ref float val = ref MemoryMarshal.GetReference(values);
        int count = values.Length, i = 0;
        Vector<float> w0 = new(c.W0), w1 = new(c.W1), w2 = new(c.W2), w3 = new(c.W3);
        for (; i <= count - Vector<float>.Count; i += Vector<float>.Count)
        {
            var x = Vector.LoadUnsafe(ref val, (nuint)i) * Vector.LoadUnsafe(ref att, (nuint)i);
            (Vector.LoadUnsafe(ref vol, (nuint)(c.O0 + i)) + x * w0).StoreUnsafe(ref vol, (nuint)(c.O0 + i));
            (Vector.LoadUnsafe(ref vol, (nuint)(c.O1 + i)) + x * w1).StoreUnsafe(ref vol, (nuint)(c.O1 + i));
            (Vector.LoadUnsafe(ref vol, (nuint)(c.O2 + i)) + x * w2).StoreUnsafe(ref vol, (nuint)(c.O2 + i));
            (Vector.LoadUnsafe(ref vol, (nuint)(c.O3 + i)) + x * w3).StoreUnsafe(ref vol, (nuint)(c.O3 + i));
        }
        for (; i < count; i++)
        {
            float x = Unsafe.Add(ref val, i) * Unsafe.Add(ref att, i);
            Unsafe.Add(ref vol, c.O0 + i) += x * c.W0;
            Unsafe.Add(ref vol, c.O1 + i) += x * c.W1;
            Unsafe.Add(ref vol, c.O2 + i) += x * c.W2;
            Unsafe.Add(ref vol, c.O3 + i) += x * c.W3;
        }
    }
}
