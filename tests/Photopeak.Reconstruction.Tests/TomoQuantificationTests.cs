using System.Numerics;
using Xunit.Abstractions;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Iterative;
using Photopeak.Reconstruction.Scatter;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Projection;

namespace Photopeak.Reconstruction.Tests;

/// <summary>
/// Absolute quantification of OSEM on a noiseless I-123 tumour SPECT bed (ME collimator). Measured decomposition of the
/// former 0.909 (AC + TEW, no PSF, voxel centres in the FOV as truth): truth counted the two voxel planes centred on the
/// FOV edges whole (−2.2 %); axial blur out of the FOV, unmodelled without PSF (−0.8 %); TEW's over-estimate of the
/// simulator's scatter (−8.7 % on exact counts), of which plain rounding of the noiseless frames hid 2.7 points by zeroing
/// sub-count scatter-window pixels (now error-diffused). Sensitivity, voxel/pixel scaling, μ at 159 keV and the
/// attenuation path agree to 0.03 %; decay over the bed is 0.12 % and is in the calibration. docs/simulation-truth.md.
/// </summary>
public sealed class TomoQuantificationTests(TomoQuantificationTests.Study study, ITestOutputHelper output)
    : IClassFixture<TomoQuantificationTests.Study>
{
    [Theory]
    [InlineData(false)] // measured 0.992: the simulator's axial blur loses counts at the FOV edges, unmodelled here
    [InlineData(true)]  // measured 1.000
    public void Attenuation_corrected_osem_with_the_true_scatter_recovers_the_activity_in_the_field_of_view(bool psf)
    {
        double ratio = study.ReconstructedMBq(study.TrueScatter, psf) / study.TruthInFieldOfViewMBq;
        output.WriteLine($"PSF {psf}: reconstructed / truth in FOV {ratio:0.0000}");
        Assert.InRange(ratio, 0.95, 1.05); // the issue's ±5 % target
    }

    [Fact]
    public void Tew_over_estimates_the_simulated_scatter_as_the_spectral_model_predicts()
    {
        // TEW takes the mean density of the 7 % lower window (centred 5.6 keV below the photopeak window) as the height of
        // a trapezoid over the whole 31.8 keV window, while the simulator's object-scatter density falls linearly to 0 at
        // E0 + 2σ = 171 keV, inside the window: TEW = f_low · W_peak / (2 W_low) = 0.955 × 1.43 = 1.36 × the object
        // scatter. The flat high-energy component is estimated exactly.
        double tew = Sum(study.Tew), truth = Sum(study.TrueScatter), predicted = study.PredictedTewCounts;
        output.WriteLine($"TEW {tew:0} counts, true scatter + high energy {truth:0}, TEW / truth {tew / truth:0.000}, spectral-model prediction {predicted / truth:0.000}");
        Assert.InRange(tew / predicted, 0.98, 1.02);
        Assert.InRange(tew / truth, 1.2, 1.4);
    }

    [Fact]
    public void Attenuation_and_tew_corrected_osem_is_low_by_the_scatter_tew_over_estimates()
    {
        double withTrue = study.ReconstructedMBq(study.TrueScatter, psf: true) / study.TruthInFieldOfViewMBq;
        double ratio = study.ReconstructedMBq(study.Tew, psf: true) / study.TruthInFieldOfViewMBq;
        // The excess TEW counts are taken from the primaries: expected ratio ≈ withTrue × (1 − excess / primaries).
        double excess = Sum(study.Tew) - Sum(study.TrueScatter), primaries = Sum(study.Tomo.Photopeak) - Sum(study.TrueScatter);
        double predicted = withTrue * (1 - excess / primaries);
        output.WriteLine($"TEW: reconstructed / truth in FOV {ratio:0.0000} (true scatter {withTrue:0.0000}, predicted from the TEW excess {predicted:0.0000})");
        // Physics of TEW on this spectrum, not a reconstruction error: measured 0.915 (prediction 0.917). The ±5 % target
        // holds with the true scatter (above); a regression of the reconstruction or of TEW moves the ratio off the prediction.
        Assert.InRange(ratio, predicted - 0.02, predicted + 0.02);
        Assert.InRange(ratio, 0.88, 0.94);
    }

    private static double Sum(ProjectionSet p)
    {
        double s = 0;
        foreach (var c in p.Counts) s += c;
        return s;
    }

    /// <summary>One noiseless bed, its DICOM projections, the simulator's own scatter, TEW, μ-map and the truth in the FOV.</summary>
    public sealed class Study : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("photopeak-quant-").FullName;

        public TomoProjections Tomo { get; }
        public Volume3D MuMap { get; }
        public ProjectionSet TrueScatter { get; }
        public ProjectionSet Tew { get; }
        public double PredictedTewCounts { get; }
        public double CalibrationCountsPerMBq { get; }
        public double TruthInFieldOfViewMBq { get; }

        public Study()
        {
            // 10× the clinical 185 MBq so that rounding the noiseless counts (±0.5 per pixel; sub-count scatter-window
            // pixels would become 0) does not bias TEW; no dead time is modelled.
            var options = new SimulationOptions { Reduced = true, Noise = false, BedPositions = 1, AdministeredMBq = 1850 };
            var result = Simulator.Simulate("tumour-spect", options);
            Simulator.Write(result, folder);
            var truthSeries = result.Truth.Series[0];
            Tomo = TomoProjectionLoader.Load(NmAcquisition.Open(Path.Combine(folder, truthSeries.File)));
            var g = Tomo.Photopeak.Geometry;
            Tew = ScatterEstimate.TripleEnergyWindow(Tomo.Peaks[0].LowerScatter!, Tomo.Peaks[0].UpperScatter, Tomo.Peaks[0].WidthKeV, Tomo.Peaks[0].LowerWidthKeV, Tomo.Peaks[0].UpperWidthKeV);

            var session = new ImagingSession("tumour-spect", options, Radiopharmaceutical.I123Mibg, Collimator.Me,
                new TorsoParameters(Lesions: TumourSpectStudy.DefaultLesions));
            var phantom = session.Ungated;
            var activities = phantom.Organs.Keys.Where(o => truthSeries.OrganActivityMBq.ContainsKey(o.ToString()))
                .ToDictionary(o => o, o => truthSeries.OrganActivityMBq[o.ToString()]);
            Assert.Equal(truthSeries.OrganActivityMBq.Count, activities.Count);
            var map = phantom.ActivityMapMBq(activities);

            // The μ-map a SPECT/CT would give: the phantom's narrow-beam μ at the photopeak energy (lungs included).
            MuMap = Resample(phantom.MuMapPerMm(Tomo.PhotopeakCentreKeV), phantom.Grid, Tomo.Photopeak.CreateVolume(), Tomo.VolumeCentreMm);

            // The simulator's own scatter + high-energy expectation per view, with the acquisition's decay weighting; the
            // photopeak built the same way must match the DICOM frames to rounding, which proves the alignment.
            var c = Tomo.VolumeCentreMm;
            var views = SeriesFactory.SpectViews(session, g.NumberOfViews, g.Detectors, 360, 180, RotationDirection.ClockwiseSeenFromFeet, new Vector3((float)c.X, (float)c.Y, (float)c.Z),
                g.Bins, g.PixelSpacingMm, bodyContour: true).Select(v => v with { Rows = g.Rows }).ToArray();
            var components = session.ProjectorFor(phantom).Project(map, views);
            double viewSeconds = Tomo.ViewDurationMs / 1000;
            TrueScatter = new ProjectionSet(g);
            int perView = g.Rows * g.Bins, perDetector = g.ViewsPerDetector;
            double maxDifference = 0;
            for (int v = 0; v < components.Length; v++)
            {
                double hours = v % perDetector * viewSeconds / 3600;
                var scatter = session.WindowImages(components[v] with { Primary = new float[perView] }, viewSeconds, hours)[0];
                var peak = session.WindowImages(components[v], viewSeconds, hours)[0];
                scatter.CopyTo(TrueScatter.Counts, v * perView);
                for (int i = 0; i < perView; i++) maxDifference = Math.Max(maxDifference, Math.Abs(peak[i] - Tomo.Photopeak.Counts[v * perView + i]));
            }
            Assert.InRange(maxDifference, 0, 1.01); // noiseless frames carry the rounding remainder on: within one count

            // TEW's expectation from the simulator's spectral model: each component's window fractions through the formula.
            double primary = 0, objectScatter = 0, high = 0;
            foreach (var comp in components)
                for (int i = 0; i < perView; i++) { primary += comp.Primary[i]; objectScatter += comp.Scatter[i]; high += comp.HighEnergy[i]; }
            double scale = Sum(TrueScatter) / (objectScatter + high);
            var (lower, upper) = (session.Fractions[1], session.Fractions[2]);
            double perWindow(WindowFractions f) => (f.Primary * primary + f.Scatter * objectScatter + f.HighEnergy * high) * scale;
            PredictedTewCounts = perWindow(lower) * Tomo.Peaks[0].WidthKeV / (2 * Tomo.Peaks[0].LowerWidthKeV)
                + perWindow(upper) * Tomo.Peaks[0].WidthKeV / (2 * Tomo.Peaks[0].UpperWidthKeV);

            // Calibration: voxel values are primary counts per view; activity = Σ / (sensitivity × decay-weighted view time)
            // [CLINICAL 1.2]: each view integrates (1 − e^(−λT))/λ and the views of a head start T apart.
            var nuclide = session.Nuclide;
            double meanDecay = Enumerable.Range(0, perDetector).Average(k => nuclide.DecayFactor(k * viewSeconds / 3600));
            CalibrationCountsPerMBq = result.Truth.Camera.SensitivityCpsPerMBq * nuclide.FrameIntegralHours(viewSeconds / 3600) * 3600 * meanDecay;

            // Truth: the phantom's activity at the series start inside the axial FOV, each voxel plane weighted by the part
            // of its thickness inside (planes centred on an FOV edge count half, as the detector rows see them).
            TruthInFieldOfViewMBq = phantom.Grid.SumInAxialField(map, c.Z, g.Rows * g.SliceSpacingMm);
        }

        /// <summary>OSEM 4 × 8 with the μ-map, the given additive scatter and optionally the collimator response; MBq in the volume.</summary>
        public double ReconstructedMBq(ProjectionSet scatter, bool psf)
        {
            var collimator = psf ? CollimatorCatalogue.Find(Tomo.CollimatorName) ?? throw new InvalidOperationException($"collimator '{Tomo.CollimatorName}' unknown") : null;
            var volume = OsemReconstructor.Reconstruct(Tomo.Photopeak,
                new OsemOptions { Iterations = 4, Subsets = 8, MuMapPerMm = MuMap, AdditiveScatter = scatter, Collimator = collimator });
            return volume.Sum() / CalibrationCountsPerMBq;
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);

        /// <summary>Trilinear resampling of a phantom map (LPS, centred on the origin) onto the reconstruction grid (slice 0 superior).</summary>
        internal static Volume3D Resample(float[] map, VoxelGrid grid, Volume3D target, (double X, double Y, double Z) centre)
        {
            for (int iz = 0; iz < target.SizeZ; iz++)
                for (int iy = 0; iy < target.SizeY; iy++)
                    for (int ix = 0; ix < target.SizeX; ix++)
                    {
                        double x = centre.X + (ix - (target.SizeX - 1) / 2.0) * target.VoxelSizeXMm;
                        double y = centre.Y + (iy - (target.SizeY - 1) / 2.0) * target.VoxelSizeYMm;
                        double z = centre.Z - (iz - (target.SizeZ - 1) / 2.0) * target.VoxelSizeZMm;
                        var (fi, fj, fk) = grid.ToIndex(x, y, z);
                        int i0 = (int)Math.Floor(fi), j0 = (int)Math.Floor(fj), k0 = (int)Math.Floor(fk);
                        double sum = 0;
                        for (int n = 0; n < 8; n++)
                        {
                            int i = i0 + (n & 1), j = j0 + ((n >> 1) & 1), k = k0 + ((n >> 2) & 1);
                            if (i < 0 || j < 0 || k < 0 || i >= grid.Nx || j >= grid.Ny || k >= grid.Nz) continue;
                            double w = (1 - Math.Abs(fi - i)) * (1 - Math.Abs(fj - j)) * (1 - Math.Abs(fk - k));
                            sum += w * map[grid.Index(i, j, k)];
                        }
                        target[ix, iy, iz] = (float)sum;
                    }
            return target;
        }
    }
}
