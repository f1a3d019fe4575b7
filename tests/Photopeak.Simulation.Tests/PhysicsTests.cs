using System.Numerics;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Noise;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;

namespace Photopeak.Simulation.Tests;

/// <summary>The camera model against its own stated physics.</summary>
public sealed class PhysicsTests
{
    private static readonly CameraModel Lehr = new(Collimator.Lehr, AcquisitionWindows.TripleWindow(Emitter.Tc99m.PhotonEnergyKeV));

    private static Phantom Build(VoxelGrid grid, params OrganPart[] parts)
    {
        var available = new float[grid.Count];
        Array.Fill(available, 1f);
        return new Phantom(grid, Rasteriser.Rasterise(grid, parts, available));
    }

    [Fact]
    public void Emitters_take_half_life_photopeak_and_code_from_the_imaging_nuclide_table()
    {
        foreach (var (emitter, nuclide) in new[] { (Emitter.Tc99m, Imaging.Nuclides.Radionuclide.Tc99m), (Emitter.I123, Imaging.Nuclides.Radionuclide.I123) })
        {
            Assert.Same(nuclide, emitter.Nuclide);
            Assert.Equal(nuclide.HalfLifeHours, emitter.HalfLifeHours);
            Assert.Equal(nuclide.PhotopeakKeV, emitter.PhotonEnergyKeV, 0.05);
            Assert.Equal(nuclide.SrtCode, emitter.Code.Value);
            // Decay over one half-life halves the activity; the frame integral over one half-life is T½ / (2 ln 2).
            Assert.Equal(0.5, emitter.DecayFactor(nuclide.HalfLifeHours), 1e-12);
            Assert.Equal(nuclide.HalfLifeHours / (2 * Math.Log(2)), emitter.FrameIntegralHours(nuclide.HalfLifeHours), 1e-9);
        }
    }

    [Fact]
    public void Counts_scale_with_activity_time_and_sensitivity_within_poisson_noise()
    {
        var grid = new VoxelGrid(32, 32, 32, 4);
        var phantom = Build(grid, new OrganPart(Organ.Lesion1, new Ellipsoid(Vector3.Zero, new Vector3(20))));
        var map = phantom.ActivityMapMBq(new Dictionary<Organ, double> { [Organ.Lesion1] = 50 });
        var projector = new Projector(phantom, Lehr, Emitter.Tc99m, new ProjectorOptions(Attenuation: false, Scatter: false, HighEnergy: false));
        var view = new ViewGeometry(0, 150, Vector3.Zero, 64, 64, 4);
        var rate = projector.Project(map, view).Primary;
        const double seconds = 100;
        var expectedTotal = 50 * projector.SensitivityCpsPerMBq * Emitter.Tc99m.FrameIntegralHours(seconds / 3600) * 3600;
        var image = rate.Select(r => (float)(r * Emitter.Tc99m.FrameIntegralHours(seconds / 3600) * 3600)).ToArray();
        var counts = Poisson.Frame(image, 42, 0).Sum(v => (double)v);
        Assert.InRange(counts, expectedTotal - 4 * Math.Sqrt(expectedTotal), expectedTotal + 4 * Math.Sqrt(expectedTotal));
        Assert.Equal(91.0, Collimator.Lehr.SensitivityCpsPerMBq);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(150)]
    [InlineData(300)]
    public void Line_spread_fwhm_grows_with_distance_as_configured(double distanceMm)
    {
        var grid = new VoxelGrid(16, 128, 32, 1);
        var phantom = Build(grid, new OrganPart(Organ.Lesion1, new Cylinder(new Vector3(0, 0, -20), new Vector3(0, 0, 20), 0.5f)));
        var map = phantom.ActivityMapMBq(new Dictionary<Organ, double> { [Organ.Lesion1] = 1 });
        var projector = new Projector(phantom, Lehr, Emitter.Tc99m, new ProjectorOptions(Attenuation: false, Scatter: false, HighEnergy: false));
        var view = new ViewGeometry(90, distanceMm, Vector3.Zero, 128, 8, 1); // lateral: columns run along y
        var img = projector.Project(map, view).Primary;
        var profile = Enumerable.Range(0, 128).Select(c => (double)img[4 * 128 + c]).ToArray();
        var measured = Fwhm(profile);
        var expected = Lehr.SystemFwhmMm(distanceMm);
        // Rasterised 1 mm rod, 1 mm pixels and linear interpolation add ≈ 1 mm² of variance.
        var expectedWithSampling = Math.Sqrt(expected * expected + 8 * Math.Log(2) * 0.5);
        Assert.InRange(measured, expectedWithSampling * 0.95, expectedWithSampling * 1.05);
    }

    [Fact]
    public void Source_twice_as_deep_in_water_is_attenuated_by_exp_minus_mu_d()
    {
        var grid = new VoxelGrid(24, 100, 24, 4);
        var water = new OrganPart(Organ.Body, new ZCylinder(0, 0, 48, 200, -48, 48));
        float Total(float y)
        {
            var phantom = Build(grid, new OrganPart(Organ.Lesion1, new Ellipsoid(new Vector3(0, y, 0), new Vector3(6))), water);
            var map = phantom.ActivityMapMBq(new Dictionary<Organ, double> { [Organ.Lesion1] = 1 });
            var p = new Projector(phantom, Lehr, Emitter.Tc99m, new ProjectorOptions(Scatter: false, HighEnergy: false));
            return p.Project(map, new ViewGeometry(180, 250, Vector3.Zero, 48, 48, 4)).Primary.Sum(); // ANT (Start Angle 180°)
        }
        // Anterior detector (−y): water surface at y = −200; depths 50 and 100 mm.
        var ratio = Total(-100) / Total(-150);
        var mu = AttenuationCoefficients.WaterPerMm(140.5);
        Assert.Equal(Math.Exp(-mu * 50), ratio, 2);
        Assert.InRange(mu * 10, 0.150, 0.156); // NIST XCOM water at 140 keV: 0.153 /cm
    }

    [Fact]
    public void I123_heart_to_mediastinum_is_lower_with_LEHR_than_with_ME()
    {
        var le = Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = 1, Reduced = true, Collimator = "LEHR" });
        var me = Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = 1, Reduced = true, Collimator = "ME" });
        var hmLe = le.Truth.Quantities["hm.late.expected"]; var hmMe = me.Truth.Quantities["hm.late.expected"];
        Assert.True(hmLe < hmMe - 0.2, $"LEHR {hmLe:0.000} vs ME {hmMe:0.000}");
        // (H/M − 1) ratio LE/ME between the published conversion-coefficient ratios (0.55 Okuda 2023, ≈0.7 Verschure 2018).
        Assert.InRange((hmLe - 1) / (hmMe - 1), 0.5, 0.8);
        // ME comes close to the ME-equivalent target (a few percent of penetration remain).
        Assert.InRange(hmMe, me.Truth.Quantities["hm.late.target"] - 0.15, me.Truth.Quantities["hm.late.target"] + 0.01);
    }

    [Fact]
    public void Tew_windows_see_scatter_and_the_photopeak_sees_most_primaries()
    {
        var f = SpectralModel.For(Lehr, Emitter.Tc99m);
        Assert.Equal(1, f[0].Primary, 9);
        Assert.InRange(f[1].Primary, 0, 0.02);      // few primaries in the lower window
        Assert.InRange(f[1].Scatter, 0.5, 1.2);      // but scatter does fall there
        Assert.Equal(0, f[2].Scatter, 9);            // no Tc-99m scatter above the peak
        Assert.InRange(SpectralModel.PhotopeakPrimaryFraction(Lehr, Emitter.Tc99m), 0.95, 0.995);
    }

    [Fact]
    public void In111_245_keV_scatter_falls_into_the_171_keV_windows_and_171_keV_photons_never_reach_the_245_keV_ones()
    {
        var lines = Emitter.In111.Lines;
        Assert.Equal([245.4, 171.3], lines.Select(l => l.PhotonEnergyKeV));
        Assert.Equal([0.941, 0.907], lines.Select(l => l.PhotonYield));
        var camera = new CameraModel(Collimator.Me, AcquisitionWindows.ForLines(lines.Select(l => l.PhotonEnergyKeV).ToArray()));
        Assert.Equal(["PHOTOPEAK 245", "LOWER SCAT 245", "UPPER SCAT 245", "PHOTOPEAK 171", "LOWER SCAT 171", "UPPER SCAT 171"],
            camera.Windows.Select(w => w.Name));
        var main = SpectralModel.For(camera, lines[0], camera.Windows[0]);
        var other = SpectralModel.For(camera, lines[1], camera.Windows[3]);
        Assert.Equal(1, main[0].Primary, 9);
        Assert.Equal(1, other[3].Primary, 9);
        // Down-scatter of the 245 keV line in the 171 keV photopeak window (Compton scatter through about 75–105°): the
        // model's density, falling linearly from 0.6 E to zero at E + 2σ, puts ((260.3 − 154.2)² − (260.3 − 188.4)²) /
        // (260.3 − 220.9)² = 3.9 × its in-window scatter there.
        Assert.InRange(main[3].Scatter, 3.8, 4.0);
        Assert.InRange(main[3].Primary, 0, 1e-6);
        // The 171 keV line adds nothing above 200 keV.
        foreach (var w in new[] { 0, 1, 2 })
        {
            Assert.Equal(0, other[w].Scatter, 9);
            Assert.InRange(other[w].Primary, 0, 1e-6);
        }
    }

    private static double Fwhm(double[] p)
    {
        var max = p.Max(); var i = Array.IndexOf(p, max); var half = max / 2;
        var l = i; while (l > 0 && p[l - 1] >= half) l--;
        var r = i; while (r < p.Length - 1 && p[r + 1] >= half) r++;
        var left = l - 1 + (half - p[l - 1]) / (p[l] - p[l - 1]);
        var right = r + (p[r] - half) / (p[r] - p[r + 1]);
        return right - left;
    }
}
