using System.Globalization;
using System.Text.Json;
using Photopeak.Dicom;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Quantification;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Cli.Tests;

/// <summary>photopeak recon --calibrate-cylinder / --cf on a simulated uniform cylinder (cylinder-spect, reduced, noiseless).</summary>
[Collection(ConsoleCli.Collection)]
public sealed class ReconCalibrationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("photopeak-recon-cf-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Cylinder_factor_gives_another_cylinders_concentration_and_activity()
    {
        var result = Simulator.Simulate("cylinder-spect", new SimulationOptions { Reduced = true, Noise = false });
        string input = Path.Combine(folder, "in");
        Simulator.Write(result, input);
        var q = result.Truth.Quantities;
        double activity = q["cylinder.activityMBq.scanStart"];
        string[] protocol = ["--ac", "chang", "--psf", "--scatter", "tew", "--json"];

        var (code, json, error) = ConsoleCli.Run(["recon", input, "--out", Path.Combine(folder, "cal"), .. protocol, "--calibrate-cylinder", activity.ToString("R", CultureInfo.InvariantCulture)]);
        Assert.True(code == 0, error);
        var calibration = JsonDocument.Parse(json).RootElement.GetProperty("series")[0].GetProperty("calibration");
        double concentrationCf = calibration.GetProperty("concentrationCpsPerMBq").GetDouble(), totalCf = calibration.GetProperty("totalCountsCpsPerMBq").GetDouble();
        Assert.InRange(concentrationCf, 50, 200);
        Assert.InRange(totalCf, 50, 200);

        // Applied to another cylinder (twice the activity, scanned 2 h later, so decay matters) reconstructed the same way:
        // --cf gives Bq/ml against that cylinder's truth, --cf-total its activity (measured 1.007 and 1.007). This also holds
        // the protocol to linearity: a body contour that moved with the counts once made it 0.93.
        var other = Simulator.Simulate("cylinder-spect", new SimulationOptions { Reduced = true, Noise = false, AdministeredMBq = 2 * result.Truth.AdministeredMBq, LateHours = 2.5 });
        string otherInput = Path.Combine(folder, "other");
        Simulator.Write(other, otherInput);
        var oq = other.Truth.Quantities;
        (code, json, error) = ConsoleCli.Run(["recon", otherInput, "--out", Path.Combine(folder, "bq"), .. protocol,
            "--cf", concentrationCf.ToString("R", CultureInfo.InvariantCulture), "--cf-total", totalCf.ToString("R", CultureInfo.InvariantCulture)]);
        Assert.True(code == 0, error);
        var series = JsonDocument.Parse(json).RootElement.GetProperty("series")[0];
        var cal = series.GetProperty("calibration");
        Assert.Equal("Bq/ml", cal.GetProperty("unit").GetString());
        var file = DicomFile.Open(series.GetProperty("dicom").GetString()!);
        Assert.Equal("Bq/ml", file.Dataset.GetItem(DicomTags.RealWorldValueMappingSequence)!.GetString(DicomTags.LUTExplanation));
        Assert.Equal(["DECY", "ATTN", "SCAT"], file.Dataset.GetStrings(DicomTags.CorrectedImage));
        Assert.False(string.IsNullOrEmpty(file.Dataset.GetString(DicomTags.AcquisitionTime)));
        Assert.NotNull(file.Dataset.GetItem(DicomTags.RadiopharmaceuticalInformationSequence)?.GetString(DicomTags.RadiopharmaceuticalStartDateTime));
        var volume = ReconTomoVolumeLoader.Load(NmAcquisition.FromFile(file));
        var voi = CylinderVoi.AtCentroid(volume, 108, 186).Shrunk(20);
        double sum = 0;
        int n = 0;
        for (int z = 0; z < volume.SizeZ; z++)
            for (int y = 0; y < volume.SizeY; y++)
                for (int x = 0; x < volume.SizeX; x++)
                    if (voi.Contains(volume, x, y, z)) { sum += volume[x, y, z]; n++; }
        double truthBqPerMl = oq["cylinder.concentrationKBqPerMl.scanStart"] * 1000;
        Assert.InRange(sum / n / truthBqPerMl, 0.99, 1.01);
        Assert.InRange(cal.GetProperty("activityInVolumeMBq").GetDouble() / oq["cylinder.activityInAxialFovMBq.scanStart"], 0.99, 1.01);
    }

    [Fact]
    public void Calibration_options_reject_non_physical_values()
    {
        string input = Path.Combine(folder, "none");
        Directory.CreateDirectory(input);
        Assert.Equal(2, ConsoleCli.Run("recon", input, "--out", folder, "--cf", "-3").Code);
        Assert.Equal(2, ConsoleCli.Run("recon", input, "--out", folder, "--cf-total", "0").Code);
        Assert.Equal(2, ConsoleCli.Run("recon", input, "--out", folder, "--calibrate-cylinder", "0").Code);
        Assert.Equal(2, ConsoleCli.Run("recon", input, "--out", folder, "--calibrate-cylinder", "100", "--cylinder-mm", "216", "-1").Code);
    }
}
