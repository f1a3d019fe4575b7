using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Tests;

/// <summary>cylinder-spect: the calibration phantom's truth is the activity put in, decayed to the scan start.</summary>
public sealed class CylinderSpectStudyTests
{
    [Fact]
    public void I123_cylinder_truth_is_the_assayed_activity_decayed_to_the_scan_start()
    {
        var r = Simulator.Simulate("cylinder-spect", new SimulationOptions { Reduced = true, Noise = false, AdministeredMBq = 250, LateHours = 2 });
        var q = r.Truth.Quantities;
        double expected = 250 * Math.Exp(-Math.Log(2) / 13.223 * 2); // A0 e^(−λt) [CLINICAL 1.2]
        Assert.Equal("I-123", r.Truth.Radionuclide);
        Assert.Equal("ME", r.Truth.Camera.Collimator);
        Assert.Equal(expected, q["cylinder.activityMBq.scanStart"], 4);
        Assert.Equal(expected, r.Truth.Series[0].OrganActivityMBq["Body"], 4);
        // The 186 mm cylinder lies inside the 384 mm axial field of view: all of it is seen.
        Assert.Equal(expected, q["cylinder.activityInAxialFovMBq.scanStart"], 3);
        // 216 × 186 mm: π 108² 186 = 6815.7 ml; the 8 mm voxels with 3³ sub-samples keep it within 1 %.
        Assert.Equal(6815.7, q["cylinder.volumeMl.physical"], 1);
        Assert.InRange(r.Truth.Phantom.OrganVolumesMl["Body"] / q["cylinder.volumeMl.physical"], 0.99, 1.01);
        Assert.Equal(expected / r.Truth.Phantom.OrganVolumesMl["Body"] * 1000, q["cylinder.concentrationKBqPerMl.scanStart"], 2);
        Assert.Equal(16 * 10, q["acquisition.durationS"]);
        Assert.Equal("TOMO", Assert.Single(r.Truth.Series).ImageType);
    }

    [Fact]
    public void Tc99m_cylinder_uses_lehr_and_the_140_kev_windows()
    {
        var r = Simulator.Simulate("cylinder-spect", new SimulationOptions { Reduced = true, Noise = false, Nuclide = "Tc-99m" });
        Assert.Equal("Tc-99m", r.Truth.Radionuclide);
        Assert.Equal("LEHR", r.Truth.Camera.Collimator);
        Assert.InRange(r.Truth.Camera.Windows[0].LowerKeV, 125, 130);
        Assert.Equal(200 * Math.Exp(-Math.Log(2) / 6.0072 * 0.5), r.Truth.Quantities["cylinder.activityMBq.scanStart"], 4);
        Assert.Equal(0, r.Truth.Camera.HighEnergyFraction);
    }

    [Fact]
    public void Photopeak_counts_match_the_attenuated_sensitivity_of_a_water_cylinder()
    {
        // Primary + scatter per view against sensitivity × activity × view time: the mean transmission of a uniform
        // 108 mm radius water disc at 159 keV (μ = 0.0146 /mm) is ≈ 0.36 (numerically, below), and scatter adds ~40 %.
        var r = Simulator.Simulate("cylinder-spect", new SimulationOptions { Reduced = true, Noise = false });
        var s = r.Truth.Series[0];
        double perView = s.ExpectedPhotopeakCounts / s.Frames * 3; // 3 windows: photopeak frames = frames / 3
        double unattenuated = r.Truth.Camera.SensitivityCpsPerMBq * r.Truth.Quantities["cylinder.activityMBq.scanStart"] * s.FrameDurationS;
        double mu = AttenuationCoefficients.WaterPerMm(159), radius = 108, transmission = 0;
        int n = 0;
        for (double x = -radius + 1; x < radius; x += 2)
            for (double y = -radius + 1; y < radius; y += 2)
                if (x * x + y * y < radius * radius) { transmission += Math.Exp(-mu * (Math.Sqrt(radius * radius - x * x) - y)); n++; }
        transmission /= n;
        double ratio = perView / unattenuated, scatterFraction = s.ScatterFractionInPhotopeak;
        Assert.InRange(transmission, 0.3, 0.42);
        Assert.InRange(ratio * (1 - scatterFraction) / transmission, 0.97, 1.03); // primaries: decay within a view < 0.2 %
        Assert.Equal(new UniformCylinder().VolumeMl, r.Truth.Quantities["cylinder.volumeMl.physical"], 6);
    }
}
