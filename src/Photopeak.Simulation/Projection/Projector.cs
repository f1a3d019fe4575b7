using System.Numerics;
using System.Runtime.CompilerServices;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Projection;

/// <summary>What the projector models; turning parts off gives the idealised images the truth and the tests need.</summary>
public sealed record ProjectorOptions(bool Attenuation = true, bool Resolution = true, bool Scatter = true, bool HighEnergy = true)
{
    public static ProjectorOptions Full { get; } = new();
}

/// <summary>Rotation-based parallel-hole projector: resamples activity and μ onto planes parallel to the detector,
/// attenuates along the depth axis with a running μ sum, blurs with the distance-dependent collimator response by
/// incremental blurring between planes (as STIR and PyTomography do), and adds a depth-dependent scatter estimate and the
/// I-123 high-energy contamination. Output is counts per second per pixel for activity in MBq.</summary>
public sealed class Projector(Phantom phantom, CameraModel camera, Emitter nuclide, ProjectorOptions? options = null)
{
    private readonly ProjectorOptions options = options ?? ProjectorOptions.Full;
    private readonly float[] mu = (options ?? ProjectorOptions.Full).Attenuation ? phantom.MuMapPerMm(nuclide.PhotonEnergyKeV) : new float[phantom.Grid.Count];

    // Broad-beam μ for a ±10% photopeak window is ~0.12 /cm in water for Tc-99m against a narrow-beam 0.153 /cm
    // (Cherry, Sorenson, Phelps 2012, ch. 17; Harris CC et al. J Nucl Med 1984;25:1115), i.e. in-window scatter adds
    // exp((μ − μ_broad) d) − 1 of the primary at water-equivalent depth d: κ = 1 − μ_broad/μ ≈ 0.22.
    private const double ScatterKappa = 0.22;
    // Scatter response in the photopeak window: broad kernel, FWHM ≈ 60 mm (σ 25 mm) for sources 5–15 cm deep
    // (Frey EC, Tsui BMW, IEEE TNS 1993;40:1192; approximation [?]).
    private const double ScatterSigmaMm = 25;
    // High-energy photons penetrate/scatter in the collimator and back-compartment: half spread with σ ≈ 60 mm,
    // half near-uniform over the detector (Dobbeleir 1999; Inoue 2003: nearly flat background with LE collimators).
    private const double HighEnergySigmaMm = 60, HighEnergyUniformShare = 0.8;
    // Useful field of view of a large rectangular detector, mm (Symbia 533 × 387 mm [?]).
    private const double DetectorAreaMm2 = 533.0 * 387.0;
    // Calibration depth for the collimator's high-energy fraction: 10 cm of water.
    private const double HighEnergyReferenceDepthMm = 100;
    // Intrinsic photopeak efficiency of 9.5 mm NaI(Tl): ~0.86 at 140 keV, ~0.80 at 159 keV (Cherry, Sorenson, Phelps
    // 2012, fig. 13-? [?]); sensitivity scales with photon yield × efficiency.
    private static double CrystalEfficiency(double keV) => keV <= 140.5 ? 0.86 : Math.Max(0.5, 0.86 - 0.0032 * (keV - 140.5));

    /// <summary>Counts/s per MBq in the photopeak window for this nuclide, from the Tc-99m datasheet sensitivity.</summary>
    public double SensitivityCpsPerMBq =>
        camera.Collimator.SensitivityCpsPerMBq * nuclide.PhotonYield / Emitter.Tc99m.PhotonYield
        * CrystalEfficiency(nuclide.PhotonEnergyKeV) / CrystalEfficiency(Emitter.Tc99m.PhotonEnergyKeV);

    public Phantom Phantom => phantom;

    // Radius (mm, about the grid axis) outside which every voxel is empty: depth planes beyond it are skipped.
    private readonly double supportRadiusMm = SupportRadius(phantom);

    private static double SupportRadius(Phantom p)
    {
        var g = p.Grid;
        double max = 0;
        foreach (var mask in p.Organs.Values)
            foreach (var index in mask.Indices)
            {
                var i = index % g.Nx; var j = index / g.Nx % g.Ny;
                var c = g.Centre(i, j, 0);
                max = Math.Max(max, c.X * c.X + c.Y * c.Y);
            }
        return Math.Sqrt(max) + g.VoxelMm;
    }

    /// <summary>Projects one activity map (MBq per voxel) for several views; views run in parallel. Views sharing the
    /// detector rows (SPECT) share one resampling of the volume to those rows.</summary>
    public ProjectionComponents[] Project(float[] activityMBq, IReadOnlyList<ViewGeometry> views)
    {
        var result = new ProjectionComponents[views.Count];
        var slabs = new System.Collections.Concurrent.ConcurrentDictionary<(float, int, double), Lazy<float[]>>();
        Parallel.For(0, views.Count, v =>
        {
            var view = views[v];
            var slab = slabs.GetOrAdd((view.IsoCentreMm.Z, view.Rows, view.PixelMm), _ => new Lazy<float[]>(() => Resample(activityMBq, view))).Value;
            result[v] = ProjectSlab(slab, view);
        });
        return result;
    }

    /// <summary>Projects one activity map for one view.</summary>
    public ProjectionComponents Project(float[] activityMBq, ViewGeometry view) => ProjectSlab(Resample(activityMBq, view), view);

    /// <summary>Activity and μ linearly interpolated in z onto the detector rows, interleaved per voxel with a one-voxel
    /// zero border in x and y: [row][y + 1][x + 1][activity, μ]; rows outside the grid stay zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private float[] Resample(float[] activityMBq, ViewGeometry view)
    {
        var g = phantom.Grid;
        var plane = g.Nx * g.Ny;
        var stride = 2 * (g.Nx + 2);
        var padded = stride * (g.Ny + 2);
        var slab = new float[view.Rows * padded];
        for (var r = 0; r < view.Rows; r++)
        {
            var z = view.IsoCentreMm.Z - (r - (view.Rows - 1) / 2.0) * view.PixelMm;
            var fk = z / g.VoxelMm + (g.Nz - 1) / 2.0;
            if (fk < -0.5 || fk > g.Nz - 0.5) continue;
            var k0 = (int)Math.Floor(fk); var wz = (float)(fk - k0);
            var dst = slab.AsSpan(r * padded, padded);
            for (var dz = 0; dz <= 1; dz++)
            {
                var k = k0 + dz;
                if ((uint)k >= (uint)g.Nz) continue;
                var w = dz == 0 ? 1 - wz : wz;
                var a = activityMBq.AsSpan(k * plane, plane); var m = mu.AsSpan(k * plane, plane);
                for (var j = 0; j < g.Ny; j++)
                {
                    var o = (j + 1) * stride + 2;
                    for (var i = 0; i < g.Nx; i++) { dst[o + 2 * i] += w * a[j * g.Nx + i]; dst[o + 2 * i + 1] += w * m[j * g.Nx + i]; }
                }
            }
        }
        return slab;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ProjectionComponents ProjectSlab(float[] slab, ViewGeometry view)
    {
        var grid = phantom.Grid;
        int rows = view.Rows, cols = view.Columns, n = rows * cols;
        var p = view.PixelMm;
        var h = Math.Min(p, grid.VoxelMm);
        var nrm = view.Normal; var eu = view.ColumnDirection; var iso = view.IsoCentreMm;

        // Depth planes from near the collimator (k = 0) to the far side of the phantom.
        var halfDiag = supportRadiusMm + Math.Sqrt(Sq(iso.X) + Sq(iso.Y));
        var tNear = Math.Min(view.RadiusMm - 0.5 * h, halfDiag);
        var planes = (int)Math.Ceiling((tNear + halfDiag) / h);

        // Per (plane, column): the bilinear taps into the zero-padded row slab (base index and weights), shared by all rows.
        var stride = 2 * (grid.Nx + 2);
        var bases = new int[planes * cols]; var wxs = new float[planes * cols]; var wys = new float[planes * cols];
        for (var k = 0; k < planes; k++)
        {
            var t = tNear - k * h;
            for (var c = 0; c < cols; c++)
            {
                var u = (c - (cols - 1) / 2.0) * p;
                var (fi, fj, _) = grid.ToIndex(iso.X + u * eu.X + t * nrm.X, iso.Y + u * eu.Y + t * nrm.Y, 0);
                var cell = k * cols + c;
                if (fi < -1 || fj < -1 || fi >= grid.Nx || fj >= grid.Ny) continue; // base 0: the zero border
                var i0 = (int)Math.Floor(fi); var j0 = (int)Math.Floor(fj);
                bases[cell] = (j0 + 1) * stride + 2 * (i0 + 1);
                wxs[cell] = (float)(fi - i0); wys[cell] = (float)(fj - j0);
            }
        }

        var primaryPlanes = System.Buffers.ArrayPool<float>.Shared.Rent(planes * n);
        Array.Clear(primaryPlanes, 0, planes * n);
        var scatter = new float[n];
        var high = new float[n];
        var densityScale = (float)(p * p * h / (grid.VoxelMm * grid.VoxelMm * grid.VoxelMm)); // MBq per voxel → MBq per view cell
        var muStep = (float)h;
        var muWater = AttenuationCoefficients.WaterPerMm(nuclide.PhotonEnergyKeV);
        var highRatio = (float)(nuclide.HighEnergyYield > 0 ? AttenuationCoefficients.WaterPerMm(529) / muWater : 0);
        var scatterKeep = (float)(1 - ScatterKappa);
        bool doScatter = options.Scatter, doHigh = options.HighEnergy && nuclide.HighEnergyYield > 0;

        var planeSize = stride * (grid.Ny + 2);
        for (var r = 0; r < rows; r++)
        {
            var rowSlab = slab.AsSpan(r * planeSize, planeSize);
            for (var c = 0; c < cols; c++)
            {
                float cum = 0;
                var pix = r * cols + c;
                for (var k = 0; k < planes; k++)
                {
                    var cell = k * cols + c;
                    var b = bases[cell]; var wx = wxs[cell]; var wy = wys[cell];
                    float w00 = (1 - wx) * (1 - wy), w10 = wx * (1 - wy), w01 = (1 - wx) * wy, w11 = wx * wy;
                    var a = w00 * rowSlab[b] + w10 * rowSlab[b + 2] + w01 * rowSlab[b + stride] + w11 * rowSlab[b + stride + 2];
                    var m = w00 * rowSlab[b + 1] + w10 * rowSlab[b + 3] + w01 * rowSlab[b + stride + 1] + w11 * rowSlab[b + stride + 3];
                    var mid = cum + 0.5f * m * muStep;
                    cum += m * muStep;
                    if (a <= 0) continue;
                    a *= densityScale;
                    var att = MathF.Exp(-mid);
                    primaryPlanes[k * n + pix] = a * att;
                    if (doScatter) scatter[pix] += a * (MathF.Exp(-scatterKeep * mid) - att);
                    if (doHigh) high[pix] += a * MathF.Exp(-highRatio * mid);
                }
            }
        }

        // Incremental distance-dependent blurring from the far plane to the near one.
        var scratch = new float[2 * Math.Max(rows, cols)];
        var acc = new float[n];
        var px2 = p * p;
        for (var k = planes - 1; k >= 0; k--)
        {
            if (options.Resolution && k < planes - 1)
            {
                var sFar = SigmaG(view.RadiusMm - (tNear - (k + 1) * h));
                var sNear = SigmaG(view.RadiusMm - (tNear - k * h));
                Kernels.Blur(acc, rows, cols, (sFar * sFar - sNear * sNear) / px2, scratch);
            }
            var plane = primaryPlanes.AsSpan(k * n, n);
            AddInto(acc, plane);
        }
        if (options.Resolution)
        {
            var sg = SigmaG(view.RadiusMm - tNear);
            var si = camera.IntrinsicFwhmMm / 2.3548;
            Kernels.Blur(acc, rows, cols, (sg * sg + si * si) / px2, scratch);
        }

        System.Buffers.ArrayPool<float>.Shared.Return(primaryPlanes);
        var sens = (float)SensitivityCpsPerMBq;
        Scale(acc, sens);
        if (doScatter)
        {
            Kernels.Blur(scatter, rows, cols, ScatterSigmaMm * ScatterSigmaMm / px2, scratch);
            Scale(scatter, sens);
        }
        if (doHigh) SpreadHighEnergy(high, rows, cols, px2, sens, muWater, highRatio, scratch);
        return new ProjectionComponents(rows, cols, acc, scatter, high);
    }

    /// <summary>Scales the high-energy image so that, for a source 10 cm deep in water, it is the collimator's stated
    /// fraction of photopeak-window counts, then spreads it (broad Gaussian plus uniform share over the detector).</summary>
    private void SpreadHighEnergy(float[] high, int rows, int cols, double px2, float sens, double muWater, float highRatio, float[] scratch)
    {
        var f = camera.Collimator.I123HighEnergyFraction * nuclide.HighEnergyYield / Emitter.I123.HighEnergyYield;
        var d = HighEnergyReferenceDepthMm * muWater;
        var lowAtReference = Math.Exp(-(1 - ScatterKappa) * d);          // primary + scatter transmission
        var highAtReference = Math.Exp(-highRatio * d);
        var perMBq = sens * f / (1 - f) * lowAtReference / highAtReference;
        double total = 0;
        foreach (var v in high) total += v;
        var uniform = (float)(total * perMBq * HighEnergyUniformShare * px2 / DetectorAreaMm2);
        Kernels.Blur(high, rows, cols, HighEnergySigmaMm * HighEnergySigmaMm / px2, scratch);
        var scale = (float)(perMBq * (1 - HighEnergyUniformShare));
        for (var i = 0; i < high.Length; i++) high[i] = high[i] * scale + uniform;
    }

    private double SigmaG(double distanceMm) => camera.Collimator.GeometricFwhmMm(Math.Max(0, distanceMm)) / 2.3548;

    private static void AddInto(Span<float> acc, ReadOnlySpan<float> plane)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= acc.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(acc[i..]) + new Vector<float>(plane[i..])).CopyTo(acc[i..]);
        for (; i < acc.Length; i++) acc[i] += plane[i];
    }

    private static void Scale(Span<float> image, float s)
    {
        for (var i = 0; i < image.Length; i++) image[i] *= s;
    }

    private static double Sq(double v) => v * v;
}
