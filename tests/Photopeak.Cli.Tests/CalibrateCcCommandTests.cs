using System.Text.Json;
using Photopeak.Cli;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Output;

namespace Photopeak.Cli.Tests;

/// <summary>photopeak calibrate-cc on simulated calibration phantoms (reduced size, reference H/M 2.5) and its use by process --cc.</summary>
public sealed class CalibrateCcCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("photopeak-calibrate-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private string Simulate(string name, string collimator, double hm)
    {
        var dir = Path.Combine(root, name);
        var sim = Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = 31, Reduced = true, Collimator = collimator, HmEarly = hm, HmLate = hm });
        foreach (var s in sim.Series) NmDicomWriter.Write(dir, sim.Study, s);
        return dir;
    }

    [Fact]
    public void Phantom_calibration_gives_a_site_cc_that_process_applies()
    {
        var (code, json, error) = ConsoleCli.Run("calibrate-cc", Simulate("phantom-lehr", "LEHR", 2.5), "--reference-hm", "2.5", "--json");
        Assert.True(code == ExitCodes.Ok, error);
        using var doc = JsonDocument.Parse(json);
        var cc = doc.RootElement.GetProperty("cc").GetDouble();
        // LE collimators with I-123 septal penetration: European range 0.553–0.605, Japanese 0.55–0.75 [Verschure2018][Nakajima2014].
        // Upper bound 0.80 here: the simulated phantom's reference H/M (2.5) is defined on the simulator's heart circle, which
        // dilutes, while calibrate-cc measures with the silhouette polygon (issue 12.1), so the simulated CC sits ~0.05 above
        // what the same camera gives against a silhouette-defined reference (0.757 with seed 31).
        Assert.InRange(cc, 0.55, 0.80);
        Assert.Equal(2, doc.RootElement.GetProperty("images").GetArrayLength());

        // A patient whose ideal (penetration-free) late H/M is 2.0, seen through the same LEHR camera: the standardised H/M is on
        // the ME scale of CC 0.88, 1 + 0.88 × (2.0 − 1) = 1.88 [Nakajima2014].
        var patient = Simulate("patient-lehr", "LEHR", 2.0);
        var outDir = Path.Combine(root, "out");
        var (pc, output, perr) = ConsoleCli.Run("process", patient, "--out", outDir, "--cc", cc.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(pc == ExitCodes.Ok, perr);
        Assert.Contains("site-measured (--cc)", output);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")));
        var standardised = result.RootElement.GetProperty("measurements").GetProperty("hm_late_standardised").GetProperty("value").GetDouble();
        Assert.InRange(standardised, 1.88 - 0.08, 1.88 + 0.08); // the automatic-ROI tolerance of issue 6
    }

    [Fact]
    public void A_phantom_filled_with_sodium_iodide_without_injection_time_is_calibrated_like_an_mibg_one()
    {
        var phantom = Simulate("phantom-nai", "LEHR", 2.5);
        var (code, json, error) = ConsoleCli.Run("calibrate-cc", phantom, "--reference-hm", "2.5", "--json");
        Assert.True(code == ExitCodes.Ok, error);
        var asMibg = JsonDocument.Parse(json).RootElement.GetProperty("cc").GetDouble();
        foreach (var path in Directory.GetFiles(phantom, "*.dcm"))
        {
            var file = Photopeak.Dicom.DicomFile.Open(path);
            var item = file.Dataset.GetItem(Photopeak.Dicom.DicomTags.RadiopharmaceuticalInformationSequence)!;
            item.Set(Photopeak.Dicom.DicomTags.Radiopharmaceutical, "Sodium iodide I-123");
            item.Remove(Photopeak.Dicom.DicomTags.RadiopharmaceuticalCodeSequence);
            item.Remove(Photopeak.Dicom.DicomTags.RadiopharmaceuticalStartDateTime);
            item.Remove(Photopeak.Dicom.DicomTags.RadiopharmaceuticalStartTime);
            file.Save(path);
        }
        (code, json, error) = ConsoleCli.Run("calibrate-cc", phantom, "--reference-hm", "2.5", "--json");
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Equal(asMibg, JsonDocument.Parse(json).RootElement.GetProperty("cc").GetDouble(), 6);
    }

    [Fact]
    public void Calibrate_cc_refuses_a_reference_that_cannot_give_a_coefficient_and_a_missing_folder()
    {
        var phantom = Simulate("phantom-me", "ME", 2.5);
        Assert.Equal(ExitCodes.Usage, ConsoleCli.Run("calibrate-cc", phantom, "--reference-hm", "1.0").Code);
        Assert.Equal(ExitCodes.Usage, ConsoleCli.Run("calibrate-cc", Path.Combine(root, "missing"), "--reference-hm", "2.5").Code);
        Assert.Equal(ExitCodes.Usage, ConsoleCli.Run("calibrate-cc", phantom).Code); // --reference-hm is required
    }
}
