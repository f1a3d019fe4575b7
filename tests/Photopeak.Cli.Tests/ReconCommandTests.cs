using System.Text.Json;
using Photopeak.Dicom;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Interfile;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Cli.Tests;

[Collection(ConsoleCli.Collection)]
public sealed class ReconCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("photopeak-recon-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (int Code, string Out, string Err) RunCli(params string[] args) => ConsoleCli.Run(args);

    /// <summary>Noiseless reduced tumour-spect, one bed: positions are then limited by the geometry, not by noise.</summary>
    private (SimulationResult Truth, string Input) SimulateTumour(int beds = 1)
    {
        var result = Simulator.Simulate("tumour-spect", new SimulationOptions { Reduced = true, Noise = false, BedPositions = beds });
        string input = Path.Combine(folder, "in");
        Simulator.Write(result, input);
        return (result, input);
    }

    [Fact]
    public void Lesion_centres_in_the_recon_tomo_volume_are_within_one_voxel_of_truth()
    {
        var (truth, input) = SimulateTumour(beds: 2);
        string output = Path.Combine(folder, "out");
        var (code, json, error) = RunCli("recon", input, "--out", output, "--method", "osem", "--ac", "chang", "--scatter", "tew", "--psf", "--json");
        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(json);
        Assert.Equal(2, summary.RootElement.GetProperty("series").GetArrayLength());

        int found = 0;
        foreach (var s in summary.RootElement.GetProperty("series").EnumerateArray())
        {
            var file = DicomFile.Open(s.GetProperty("dicom").GetString()!);
            var volume = ReconTomoVolumeLoader.Load(NmAcquisition.FromFile(file));
            var detector = file.Dataset.GetItem(DicomTags.DetectorInformationSequence)!;
            var position = detector.GetDoubles(DicomTags.ImagePositionPatient);
            var orientation = detector.GetDoubles(DicomTags.ImageOrientationPatient);
            Assert.Equal([1, 0, 0, 0, 1, 0], orientation);
            double spacing = file.Dataset.GetDouble(DicomTags.SpacingBetweenSlices)!.Value;
            Assert.True(spacing > 0, $"Spacing Between Slices {spacing}");
            // Frames are stacked from the Image Position along the normal +z; the loaded volume's slice 0 is the last (most superior) frame.
            double top = position[2] + (volume.SizeZ - 1) * spacing;
            foreach (var lesion in truth.Truth.Phantom.Lesions!)
            {
                // Voxel indices through the written geometry: columns along +x, rows along +y, volume slices towards the feet (−z).
                double x = (lesion.XMm - position[0]) / volume.VoxelSizeXMm, y = (lesion.YMm - position[1]) / volume.VoxelSizeYMm;
                double z = (top - lesion.ZMm) / volume.VoxelSizeZMm;
                if (z < 2 || z > volume.SizeZ - 3) continue; // lesion outside this bed (or at its truncated edge)
                var c = Centroid(volume, (int)Math.Round(x), (int)Math.Round(y), (int)Math.Round(z), radius: 2);
                Assert.True(Math.Abs(c.X - x) <= 1 && Math.Abs(c.Y - y) <= 1 && Math.Abs(c.Z - z) <= 1,
                    $"{lesion.Name} in {s.GetProperty("dicom").GetString()}: centroid ({c.X:0.00}, {c.Y:0.00}, {c.Z:0.00}), truth ({x:0.00}, {y:0.00}, {z:0.00}) voxels");
                found++;
            }
        }
        Assert.True(found >= 3, $"only {found} lesion(s) inside the reconstructed beds");
    }

    /// <summary>Centroid of the voxels above half the local maximum (weights above that level) in a cube around (x, y, z).</summary>
    private static (double X, double Y, double Z) Centroid(Photopeak.Reconstruction.Volume3D v, int x0, int y0, int z0, int radius)
    {
        float max = 0;
        for (int z = z0 - radius; z <= z0 + radius; z++)
            for (int y = y0 - radius; y <= y0 + radius; y++)
                for (int x = x0 - radius; x <= x0 + radius; x++) max = Math.Max(max, v[x, y, z]);
        double sw = 0, sx = 0, sy = 0, sz = 0;
        for (int z = z0 - radius; z <= z0 + radius; z++)
            for (int y = y0 - radius; y <= y0 + radius; y++)
                for (int x = x0 - radius; x <= x0 + radius; x++)
                {
                    double w = v[x, y, z] - 0.5 * max;
                    if (w <= 0) continue;
                    (sw, sx, sy, sz) = (sw + w, sx + w * x, sy + w * y, sz + w * z);
                }
        return (sx / sw, sy / sw, sz / sw);
    }

    /// <summary>Hann, and the default Butterworth whose kernel label ("FBP butterworth 0.5/cm") is longer than Convolution
    /// Kernel's SH allows and is shortened.</summary>
    [Theory]
    [InlineData("hann")]
    [InlineData(null)]
    public void Recon_tomo_output_is_valid_dicom_that_reads_back_with_one_frame_per_slice(string? filter)
    {
        var (_, input) = SimulateTumour();
        string output = Path.Combine(folder, "out");
        string[] filterArgs = filter is null ? [] : ["--filter", filter];
        var (code, json, error) = RunCli(["recon", input, "--out", output, "--method", "fbp", .. filterArgs, "--json"]);
        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(json);
        var s = summary.RootElement.GetProperty("series")[0];
        string dicom = s.GetProperty("dicom").GetString()!;
        int slices = s.GetProperty("volume").GetProperty("sizeZ").GetInt32();

        var acquisition = NmAcquisition.Open(dicom);
        Assert.Equal(NmImageType.ReconTomo, acquisition.ImageType);
        Assert.Equal(slices, acquisition.NumberOfFrames);
        var source = NmAcquisition.Open(Path.Combine(input, "spect_bed1.dcm"));
        Assert.Equal(source.StudyInstanceUid, acquisition.StudyInstanceUid);
        Assert.NotEqual(source.SeriesInstanceUid, acquisition.SeriesInstanceUid);
        Assert.Equal(source.SopInstanceUid, acquisition.File.Dataset.GetItem(DicomTags.SourceImageSequence)!.GetString(DicomTags.ReferencedSOPInstanceUID));

        if (ExternalTool.Require("dciodvfy"))
        {
            var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [dicom]);
            var errors = (stdout + stderr).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }

    [Fact]
    public void Interfile_output_holds_the_same_volume_as_the_dicom_output()
    {
        var (_, input) = SimulateTumour();
        string output = Path.Combine(folder, "out");
        var (code, json, error) = RunCli("recon", input, "--out", output, "--iterations", "2", "--subsets", "4", "--json");
        Assert.True(code == 0, error);
        using var summary = JsonDocument.Parse(json);
        var s = summary.RootElement.GetProperty("series")[0];
        var fromInterfile = InterfileReader.ReadVolume(s.GetProperty("interfileHeader").GetString()!);
        var file = DicomFile.Open(s.GetProperty("dicom").GetString()!);
        var fromDicom = ReconTomoVolumeLoader.Load(NmAcquisition.FromFile(file));
        Assert.Equal((fromDicom.SizeX, fromDicom.SizeY, fromDicom.SizeZ), (fromInterfile.SizeX, fromInterfile.SizeY, fromInterfile.SizeZ));
        Assert.Equal(fromDicom.VoxelSizeZMm, fromInterfile.VoxelSizeZMm, 6);
        // DICOM stores 16-bit values: agreement to half a quantisation step.
        double step = file.Dataset.GetItem(DicomTags.RealWorldValueMappingSequence)!.GetDouble(DicomTags.RealWorldValueSlope)!.Value;
        for (int i = 0; i < fromDicom.Voxels.Length; i++)
            Assert.True(Math.Abs(fromDicom.Voxels[i] - Math.Max(0, fromInterfile.Voxels[i])) <= 0.5 * step + 1e-3 * step, $"voxel {i}");
        Assert.Equal(s.GetProperty("volume").GetProperty("sum").GetDouble(), fromInterfile.Sum(), 0);
    }

    [Fact]
    public void Exit_codes_distinguish_usage_unreadable_input_and_success()
    {
        var (_, input) = SimulateTumour();
        string output = Path.Combine(folder, "out");
        Assert.Equal(ExitCodes.Usage, RunCli("recon", input, "--out", output, "--method", "art").Code);
        Assert.Equal(ExitCodes.Usage, RunCli("recon", input, "--out", output, "--collimator", "PINHOLE").Code);
        Assert.Equal(ExitCodes.UnreadableInput, RunCli("recon", Path.Combine(folder, "missing"), "--out", output).Code);
        string empty = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        Assert.Equal(ExitCodes.UnreadableInput, RunCli("recon", empty, "--out", output).Code);
        Assert.Equal(ExitCodes.Ok, RunCli("recon", input, "--out", output, "--iterations", "1", "--subsets", "4").Code);

        // An unknown collimator name with --psf asks for --collimator.
        string path = Path.Combine(input, "spect_bed1.dcm");
        var file = DicomFile.Open(path);
        foreach (var item in file.Dataset.GetSequence(DicomTags.DetectorInformationSequence)!) item.Set(DicomTags.CollimatorGridName, "VENDOR-X");
        file.Save(path);
        var (code, _, error) = RunCli("recon", input, "--out", output, "--psf", "--iterations", "1", "--subsets", "4");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--collimator", error);
        Assert.Equal(ExitCodes.Ok, RunCli("recon", input, "--out", output, "--psf", "--collimator", "ME", "--iterations", "1", "--subsets", "4").Code);
    }

    [Fact]
    public void Smoothing_the_tew_estimate_removes_the_upward_bias_of_its_noise()
    {
        // Noiseless bed as the reference; a noisy bed of the same study with the raw and the smoothed TEW estimate.
        double Total(bool noise, double smoothingMm)
        {
            var result = Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 3, Reduced = true, Noise = noise, BedPositions = 1 });
            string input = Path.Combine(folder, $"tew-{noise}-{smoothingMm}");
            Simulator.Write(result, input);
            var (code, json, error) = RunCli("recon", input, "--out", input + "-out", "--scatter", "tew", "--scatter-smoothing-mm",
                smoothingMm.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            Assert.True(code == ExitCodes.Ok, error);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var series = doc.RootElement.GetProperty("series")[0];
            Assert.Equal(smoothingMm, series.GetProperty("parameters").GetProperty("scatterSmoothingMm").GetDouble());
            return series.GetProperty("volume").GetProperty("sum").GetDouble();
        }
        double reference = Total(noise: false, 16), raw = Total(noise: true, 0), smoothed = Total(noise: true, 16);
        Assert.True(raw / reference > 1.03, $"raw TEW on noisy data {raw / reference:0.000} of the noiseless total (expected a bias above 3 %)");
        Assert.InRange(smoothed / reference, 0.98, 1.02);
        Assert.Equal(ExitCodes.Usage, RunCli("recon", Path.Combine(folder, "tew-True-0"), "--out", Path.Combine(folder, "x"), "--scatter-smoothing-mm", "-1").Code);
    }
}
