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
    public void Cylinder_factor_turns_the_cylinder_back_into_its_concentration_and_activity()
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

        // --cf with the concentration factor: the RECON TOMO is in Bq/ml and the VOI mean is the cylinder's concentration
        // (16-bit quantisation of the written volume and the 20 mm VOI both as in the calibration).
        (code, json, error) = ConsoleCli.Run(["recon", input, "--out", Path.Combine(folder, "bq"), .. protocol, "--cf", concentrationCf.ToString("R", CultureInfo.InvariantCulture)]);
        Assert.True(code == 0, error);
        var series = JsonDocument.Parse(json).RootElement.GetProperty("series")[0];
        Assert.Equal("Bq/ml", series.GetProperty("calibration").GetProperty("unit").GetString());
        var file = DicomFile.Open(series.GetProperty("dicom").GetString()!);
        Assert.Equal("Bq/ml", file.Dataset.GetItem(DicomTags.RealWorldValueMappingSequence)!.GetString(DicomTags.LUTExplanation));
        var volume = ReconTomoVolumeLoader.Load(NmAcquisition.FromFile(file));
        var voi = CylinderVoi.AtCentroid(volume, 108, 186).Shrunk(20);
        double sum = 0;
        int n = 0;
        for (int z = 0; z < volume.SizeZ; z++)
            for (int y = 0; y < volume.SizeY; y++)
                for (int x = 0; x < volume.SizeX; x++)
                    if (voi.Contains(volume, x, y, z)) { sum += volume[x, y, z]; n++; }
        // The factor assumes the analytic volume, the phantom holds its activity in the voxelised one (within 0.2 %).
        double truthBqPerMl = activity / (Math.PI * 108 * 108 * 186 / 1000) * 1e6;
        Assert.InRange(sum / n / truthBqPerMl, 0.995, 1.005);

        // --cf with the total-count factor: the activity in the volume is the cylinder's.
        (code, json, error) = ConsoleCli.Run(["recon", input, "--out", Path.Combine(folder, "total"), .. protocol, "--cf", totalCf.ToString("R", CultureInfo.InvariantCulture)]);
        Assert.True(code == 0, error);
        double total = JsonDocument.Parse(json).RootElement.GetProperty("series")[0].GetProperty("calibration").GetProperty("activityInVolumeMBq").GetDouble();
        Assert.InRange(total / activity, 0.999, 1.001);
    }

    [Fact]
    public void Calibration_options_reject_non_physical_values()
    {
        string input = Path.Combine(folder, "none");
        Directory.CreateDirectory(input);
        Assert.Equal(2, ConsoleCli.Run("recon", input, "--out", folder, "--cf", "-3").Code);
        Assert.Equal(2, ConsoleCli.Run("recon", input, "--out", folder, "--calibrate-cylinder", "0").Code);
        Assert.Equal(2, ConsoleCli.Run("recon", input, "--out", folder, "--calibrate-cylinder", "100", "--cylinder-mm", "216", "-1").Code);
    }
}
