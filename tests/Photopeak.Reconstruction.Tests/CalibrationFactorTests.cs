using Xunit.Abstractions;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Iterative;
using Photopeak.Reconstruction.Quantification;
using Photopeak.Reconstruction.Scatter;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;

namespace Photopeak.Reconstruction.Tests;

/// <summary>
/// Absolute SPECT quantification through a calibration factor measured on the simulated uniform cylinder
/// (cylinder-spect) and applied to a tumour-spect bed reconstructed with the same protocol (CLINICAL §4) — I-123, ME,
/// reduced, OSEM 4 × 8 with the phantom μ-map (a SPECT/CT), TEW and the collimator response.
/// </summary>
public sealed class CalibrationFactorTests(CalibrationFactorTests.Studies studies, ITestOutputHelper output)
    : IClassFixture<CalibrationFactorTests.Studies>
{
    // Measured (I-123, ME, reduced, noiseless, OSEM 4 × 8 + μ-map + PSF):
    //   CF with TEW: concentration 96.70 cps/MBq, total counts 99.23; without scatter correction 134.56 and 133.51
    //   (camera sensitivity 108.1: TEW over-estimates the scatter, no correction keeps it).
    //   Patient activity in the FOV / truth, same protocol: total-count CF 1.016 (TEW) and 1.019 (none);
    //   concentration CF 1.042 (TEW) and 1.011 (none).

    [Theory]
    [InlineData(Protocol.AttenuationTewPsf)] // measured 1.016
    [InlineData(Protocol.AttenuationPsf)]    // measured 1.019
    public void Total_count_calibration_with_the_same_protocol_recovers_the_patient_activity_in_the_field_of_view(Protocol protocol)
    {
        var cf = studies.TotalCountFactor(studies.Cylinder, protocol);
        double ratio = PatientRatio(cf, protocol);
        output.WriteLine($"{protocol}: total-count CF {cf.CountsPerSecondPerMBq:0.000} cps/MBq; patient activity in FOV / truth {ratio:0.0000} (truth {studies.Patient.TruthInFieldOfViewMBq:0.000} MBq)");
        Assert.InRange(ratio, 0.95, 1.05); // issue 5 / CLINICAL §6: whole-phantom total ±5 %
    }

    [Theory]
    // Measured 1.042: the interior of a 216 mm cylinder has the highest scatter fraction, where TEW over-subtracts most,
    // so its CF is 2.6 % below the cylinder's total-count CF (a 40 mm margin gives 94.8 cps/MBq and 1.063, outside).
    // Concentration CFs are for concentrations; the total-count CF above for totals.
    [InlineData(Protocol.AttenuationTewPsf)]
    [InlineData(Protocol.AttenuationPsf)]    // measured 1.011
    public void Concentration_calibration_with_a_20_mm_margin_also_recovers_the_patient_activity_within_5_percent(Protocol protocol)
    {
        var cf = studies.ConcentrationFactor(studies.Cylinder, protocol);
        double ratio = PatientRatio(cf, protocol);
        output.WriteLine($"{protocol}: concentration CF {cf.CountsPerSecondPerMBq:0.000} cps/MBq ({cf.VoiVoxels} voxels, CoV {cf.VoiCoefficientOfVariationPercent:0.0} %); patient activity in FOV / truth {ratio:0.0000}");
        Assert.InRange(ratio, 0.95, 1.05);
    }

    [Theory]
    [InlineData(Protocol.AttenuationTewPsf)] // measured 0.982
    [InlineData(Protocol.AttenuationPsf)]    // measured 1.037
    public void Concentration_calibration_recovers_the_patient_background_concentration(Protocol protocol)
    {
        var cf = studies.ConcentrationFactor(studies.Cylinder, protocol);
        var bqPerMl = cf.ConcentrationVolumeBqPerMl(studies.Reconstruct(studies.Patient, protocol), studies.Patient.Timing);
        var (mean, voxels) = studies.BackgroundMean(bqPerMl);
        double ratio = mean / studies.PatientBackgroundBqPerMl;
        output.WriteLine($"{protocol}: background {mean:0.0} Bq/ml over {voxels} voxels, truth {studies.PatientBackgroundBqPerMl:0.0} Bq/ml: {ratio:0.000}");
        Assert.True(voxels >= 100, $"only {voxels} uniform background voxels");
        Assert.InRange(ratio, 0.90, 1.10); // CLINICAL §6: concentration of objects ≥ 3 × FWHM ±10 %
    }

    [Fact]
    public void Lesions_smaller_than_three_fwhm_are_under_recovered_without_recovery_coefficients()
    {
        // Lesions of 20–30 mm diameter against a system FWHM of ~15–20 mm at these depths: CLINICAL §4 asks for recovery
        // coefficients below ~3 × FWHM. Measured 0.70, 0.67, 0.31 (TEW): the ±10 % target does not apply to them.
        var cf = studies.ConcentrationFactor(studies.Cylinder, Protocol.AttenuationTewPsf);
        var bqPerMl = cf.ConcentrationVolumeBqPerMl(studies.Reconstruct(studies.Patient, Protocol.AttenuationTewPsf), studies.Patient.Timing);
        var recovery = studies.LesionRecovery(bqPerMl).ToArray();
        foreach (var (name, ratio) in recovery) output.WriteLine($"{name}: mean in the sphere / truth {ratio:0.000}");
        Assert.Equal(studies.Lesions.Count, recovery.Length);
        Assert.All(recovery, r => Assert.InRange(r.Ratio, 0.2, 0.9));
    }

    [Theory]
    // Seeds 11–16 (noisy / noiseless): concentration 0.997–1.001; total counts 1.0055–1.0096, a bias, not scatter of the
    // mean: OSEM's non-negativity where the noisy TEW estimate meets near-empty projections outside the phantom (without
    // scatter correction the total-count ratio is 0.998–1.001). Bounds ≈ 3 × the largest deviation seen.
    [InlineData(CalibrationMethod.Concentration, 0.01)]
    [InlineData(CalibrationMethod.TotalCounts, 0.02)]
    public void Calibration_factor_from_a_noisy_cylinder_agrees_with_the_noiseless_one(CalibrationMethod method, double tolerance)
    {
        CalibrationFactor Factor(Bed b) => method == CalibrationMethod.Concentration
            ? studies.ConcentrationFactor(b, Protocol.AttenuationTewPsf) : studies.TotalCountFactor(b, Protocol.AttenuationTewPsf);
        var noiseless = Factor(studies.Cylinder);
        var noisy = Factor(studies.NoisyCylinder);
        double ratio = noisy.CountsPerSecondPerMBq / noiseless.CountsPerSecondPerMBq;
        output.WriteLine($"{method}: noisy CF {noisy.CountsPerSecondPerMBq:0.000}, noiseless {noiseless.CountsPerSecondPerMBq:0.000}: {ratio:0.0000} (interior voxel CoV {noisy.VoiCoefficientOfVariationPercent?.ToString("0.0") ?? "-"} %)");
        Assert.Equal(method, noisy.Method);
        Assert.InRange(ratio, 1 - tolerance, 1 + tolerance);
    }

    [Theory]
    // CF(TEW) on a reconstruction without scatter correction: measured 1.371; CF(none) on a TEW reconstruction: 0.755.
    [InlineData(Protocol.AttenuationTewPsf, Protocol.AttenuationPsf)]
    [InlineData(Protocol.AttenuationPsf, Protocol.AttenuationTewPsf)]
    public void Calibration_factor_of_another_protocol_misses_the_patient_activity(Protocol calibration, Protocol patient)
    {
        var cf = studies.TotalCountFactor(studies.Cylinder, calibration);
        double mismatched = PatientRatio(cf, patient), matched = PatientRatio(studies.TotalCountFactor(studies.Cylinder, patient), patient);
        output.WriteLine($"CF({calibration}) on {patient}: {mismatched:0.0000} (matched CF {matched:0.0000})");
        Assert.InRange(matched, 0.95, 1.05);
        Assert.True(mismatched is < 0.95 or > 1.05, $"a CF from {calibration} applied to {patient} gives {mismatched:0.0000}, inside ±5 %");
    }

    [Fact]
    public void Timing_comes_from_the_dicom_views()
    {
        Assert.Equal(new AcquisitionTiming(20, 320, 13.223), studies.Cylinder.Timing); // 16 views per head × 20 s
        Assert.Equal(new AcquisitionTiming(10, 160, 13.223), studies.Patient.Timing);
    }

    private double PatientRatio(CalibrationFactor cf, Protocol protocol) =>
        cf.TotalActivityMBq(studies.Reconstruct(studies.Patient, protocol), studies.Patient.Timing) / studies.Patient.TruthInFieldOfViewMBq;

    /// <summary>Reconstruction protocols compared here.</summary>
    public enum Protocol { AttenuationTewPsf, AttenuationPsf }

    /// <summary>A loaded TOMO bed with its μ-map, TEW estimate, timing and truth.</summary>
    public sealed record Bed(TomoProjections Tomo, Volume3D MuMap, ProjectionSet Tew, AcquisitionTiming Timing, double TruthInFieldOfViewMBq,
        double ActivityAtScanStartMBq);

    /// <summary>Noiseless and noisy cylinders and one noiseless tumour bed, simulated once for the class.</summary>
    public sealed class Studies : IDisposable
    {
        private readonly string folder = Directory.CreateTempSubdirectory("photopeak-calib-").FullName;
        private readonly Dictionary<(Bed, Protocol), Volume3D> reconstructions = [];
        private readonly Phantom cylinderPhantom;
        public static readonly UniformCylinder Phantom = new();

        // The cylinder is acquired with 20 s views against the patient's 10 s: the count-rate time base must carry the CF over.
        public SimulationOptions CylinderOptions { get; } = new() { Reduced = true, Noise = false, FrameSeconds = 20 };
        public Bed Cylinder { get; }
        public Bed NoisyCylinder { get; }
        public Bed Patient { get; }
        /// <summary>Truth of the patient bed on the reconstruction grid: activity concentration, Bq/ml at the scan start.</summary>
        public Volume3D PatientTruthBqPerMl { get; }
        public double PatientBackgroundBqPerMl { get; }
        public IReadOnlyList<(string Name, double XMm, double YMm, double ZMm, double RadiusMm, double TruthBqPerMl)> Lesions { get; }

        public Studies()
        {
            cylinderPhantom = Phantom.Rasterise(CylinderOptions.VoxelMm);
            Cylinder = LoadCylinder(CylinderOptions, "cylinder");
            NoisyCylinder = LoadCylinder(CylinderOptions with { Noise = true, Seed = 11 }, "cylinder-noisy");

            var options = new SimulationOptions { Reduced = true, Noise = false, BedPositions = 1 };
            var result = Simulator.Simulate("tumour-spect", options);
            var (tomo, halfLife) = Load(result, "patient");
            var truthSeries = result.Truth.Series[0];
            var session = new ImagingSession("tumour-spect", options, Radiopharmaceutical.I123Mibg, Collimator.Me,
                new TorsoParameters(Lesions: TumourSpectStudy.DefaultLesions));
            var phantom = session.Ungated;
            var activities = phantom.Organs.Keys.Where(o => truthSeries.OrganActivityMBq.ContainsKey(o.ToString()))
                .ToDictionary(o => o, o => truthSeries.OrganActivityMBq[o.ToString()]);
            var map = phantom.ActivityMapMBq(activities);
            var mu = TomoQuantificationTests.Study.Resample(phantom.MuMapPerMm(tomo.PhotopeakCentreKeV), phantom.Grid, tomo.Photopeak.CreateVolume(), tomo.VolumeCentreMm);
            var g = tomo.Photopeak.Geometry;
            double fov = phantom.Grid.SumInAxialField(map, tomo.VolumeCentreMm.Z, g.Rows * g.SliceSpacingMm);
            Patient = new Bed(tomo, mu, Tew(tomo), AcquisitionTiming.Of(tomo, halfLife), fov, activities.Values.Sum());

            var concentration = new float[map.Length];
            for (int i = 0; i < map.Length; i++) concentration[i] = (float)(map[i] / phantom.Grid.VoxelMl * 1e6); // MBq/voxel → Bq/ml
            PatientTruthBqPerMl = TomoQuantificationTests.Study.Resample(concentration, phantom.Grid, tomo.Photopeak.CreateVolume(), tomo.VolumeCentreMm);
            var q = result.Truth.Quantities;
            PatientBackgroundBqPerMl = q["background.concentrationKBqPerMl.bed1Start"] * 1000;
            Lesions = result.Truth.Phantom.Lesions!.Select(l => (l.Name, l.XMm, l.YMm, l.ZMm, l.RadiusMm, q[$"{l.Name}.concentrationKBqPerMl.bed1Start"] * 1000)).ToArray();
        }

        public Bed LoadCylinder(SimulationOptions options, string name)
        {
            var result = Simulator.Simulate("cylinder-spect", options);
            var (tomo, halfLife) = Load(result, name);
            var mu = TomoQuantificationTests.Study.Resample(cylinderPhantom.MuMapPerMm(tomo.PhotopeakCentreKeV), cylinderPhantom.Grid, tomo.Photopeak.CreateVolume(), tomo.VolumeCentreMm);
            var q = result.Truth.Quantities;
            return new Bed(tomo, mu, Tew(tomo), AcquisitionTiming.Of(tomo, halfLife), q["cylinder.activityInAxialFovMBq.scanStart"],
                q["cylinder.activityMBq.scanStart"]);
        }

        /// <summary>Writes the study and loads its TOMO series; the half-life is the one the DICOM radionuclide gives.</summary>
        private (TomoProjections Tomo, double HalfLifeHours) Load(SimulationResult result, string name)
        {
            var dir = Path.Combine(folder, name);
            Simulator.Write(result, dir);
            var acquisition = NmAcquisition.Open(Path.Combine(dir, result.Truth.Series[0].File));
            return (TomoProjectionLoader.Load(acquisition), acquisition.Radionuclide?.HalfLifeHours ?? throw new InvalidOperationException($"{name}: no radionuclide"));
        }

        private static ProjectionSet Tew(TomoProjections t) =>
            ScatterEstimate.TripleEnergyWindow(t.Peaks[0].LowerScatter!, t.Peaks[0].UpperScatter, t.Peaks[0].WidthKeV, t.Peaks[0].LowerWidthKeV, t.Peaks[0].UpperWidthKeV);

        /// <summary>OSEM 4 × 8 with the μ-map and the collimator response, with or without TEW (cached per bed and protocol).</summary>
        public Volume3D Reconstruct(Bed bed, Protocol protocol)
        {
            lock (reconstructions)
            {
                if (reconstructions.TryGetValue((bed, protocol), out var cached)) return cached;
                var collimator = CollimatorCatalogue.Find(bed.Tomo.CollimatorName) ?? throw new InvalidOperationException($"collimator '{bed.Tomo.CollimatorName}' unknown");
                var volume = OsemReconstructor.Reconstruct(bed.Tomo.Photopeak, new OsemOptions
                {
                    Iterations = 4, Subsets = 8, MuMapPerMm = bed.MuMap, Collimator = collimator,
                    AdditiveScatter = protocol == Protocol.AttenuationTewPsf ? bed.Tew : null,
                });
                reconstructions[(bed, protocol)] = volume;
                return volume;
            }
        }

        /// <summary>Concentration CF: VOI = the inner cylinder at the image centroid, 20 mm in from wall and ends.</summary>
        public CalibrationFactor ConcentrationFactor(Bed cylinder, Protocol protocol)
        {
            var volume = Reconstruct(cylinder, protocol);
            var voi = CylinderVoi.AtCentroid(volume, Phantom.RadiusMm, Phantom.LengthMm).Shrunk(20);
            return CalibrationFactor.FromUniformCylinder(volume, voi, cylinder.ActivityAtScanStartMBq, Phantom.VolumeMl, cylinder.Timing);
        }

        /// <summary>Total-count CF: every count of the reconstructed volume (the cylinder is the only source).</summary>
        public CalibrationFactor TotalCountFactor(Bed cylinder, Protocol protocol)
        {
            var volume = Reconstruct(cylinder, protocol);
            return CalibrationFactor.FromTotalCounts(volume, cylinder.TruthInFieldOfViewMBq, cylinder.Timing);
        }

        /// <summary>Mean of a patient volume over the uniform background: voxels whose truth, and that of every voxel within
        /// 2 voxels (16 mm), is the body background within 1 %.</summary>
        public (double Mean, int Voxels) BackgroundMean(Volume3D volume)
        {
            var t = PatientTruthBqPerMl;
            double sum = 0;
            int n = 0;
            for (int z = 2; z < t.SizeZ - 2; z++)
                for (int y = 2; y < t.SizeY - 2; y++)
                    for (int x = 2; x < t.SizeX - 2; x++)
                    {
                        bool uniform = true;
                        for (int dz = -2; dz <= 2 && uniform; dz++)
                            for (int dy = -2; dy <= 2 && uniform; dy++)
                                for (int dx = -2; dx <= 2 && uniform; dx++)
                                    uniform = Math.Abs(t[x + dx, y + dy, z + dz] / PatientBackgroundBqPerMl - 1) < 0.01;
                        if (!uniform) continue;
                        sum += volume[x, y, z]; n++;
                    }
            return (sum / n, n);
        }

        /// <summary>Mean over the voxels whose centre lies in each lesion sphere, relative to its true concentration.</summary>
        public IEnumerable<(string Name, double Ratio)> LesionRecovery(Volume3D volume)
        {
            var c = Patient.Tomo.VolumeCentreMm;
            foreach (var l in Lesions)
            {
                double sum = 0;
                int n = 0;
                for (int z = 0; z < volume.SizeZ; z++)
                    for (int y = 0; y < volume.SizeY; y++)
                        for (int x = 0; x < volume.SizeX; x++)
                        {
                            double px = c.X + (x - (volume.SizeX - 1) / 2.0) * volume.VoxelSizeXMm - l.XMm;
                            double py = c.Y + (y - (volume.SizeY - 1) / 2.0) * volume.VoxelSizeYMm - l.YMm;
                            double pz = c.Z - (z - (volume.SizeZ - 1) / 2.0) * volume.VoxelSizeZMm - l.ZMm;
                            if (px * px + py * py + pz * pz > l.RadiusMm * l.RadiusMm) continue;
                            sum += volume[x, y, z]; n++;
                        }
                if (n > 0) yield return (l.Name, sum / n / l.TruthBqPerMl);
            }
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
