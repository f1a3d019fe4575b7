using System.Numerics;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>
/// The clinical two-bed study (2 × 120 views of 128², 25 s per view) with each tumour tracer the simulator writes besides mIBG:
/// In-111 pentetreotide and Ga-67 citrate through ME with a triple window per line (the photopeak windows summed), Tc-99m
/// sestamibi through LEHR. Each tracer has hot organs of its own (pentetreotide kidneys 10 × and spleen 8 ×, Ga-67 liver
/// and marrow, sestamibi myocardium 6 × and thyroid 3 ×) that must not be called lesions.
/// </summary>
public sealed class TumourTracerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("In-111", "In-111 pentetreotide", 2, 61)]
    [InlineData("Ga-67", "Ga-67 citrate", 3, 62)]
    [InlineData("Tc-99m", "Tc-99m sestamibi", 1, 63)]
    public void Every_lesion_is_found_within_half_a_FWHM_and_no_organ_of_the_tracer_is_called_a_lesion(string nuclide, string tracer, int lines, int seed)
    {
        var sim = Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = seed, Nuclide = nuclide });
        var outcome = SimulatedTumourStudy.Analyse(sim);
        var json = System.Text.Json.JsonDocument.Parse(outcome.ResultJson).RootElement;
        var found = json.GetProperty("findings").GetProperty("lesions").EnumerateArray()
            .Select(LesionJson.Centre).ToList();
        foreach (var f in found) output.WriteLine($"found ({f.X:0}, {f.Y:0}, {f.Z:0})");
        Assert.Equal(tracer, json.GetProperty("findings").GetProperty("tracer").GetString());
        var reconstruction = json.GetProperty("methods").GetProperty("reconstruction").GetString()!;
        output.WriteLine(reconstruction);
        Assert.Equal(lines > 1, reconstruction.Contains("photopeak windows", StringComparison.Ordinal));
        // The report's technique lists every photopeak window summed.
        var windows = Photopeak.Reporting.Rendering.ReportFormatting.TechniqueItems(outcome.Report.Technique).Single(i => i.Label.StartsWith("Energy window", StringComparison.Ordinal));
        output.WriteLine($"{windows.Label}: {windows.Value}");
        Assert.Equal(lines, windows.Value.Split(", ").Length);
        // Half the system FWHM at a body-contour orbit's depth (ME ~15 mm, LEHR ~12 mm), as for mIBG.
        const float halfFwhmMm = 6;
        foreach (var t in sim.Truth.Phantom.Lesions!)
        {
            var nearest = found.Select(f => Vector3.Distance(f, new Vector3((float)t.XMm, (float)t.YMm, (float)t.ZMm))).DefaultIfEmpty(float.MaxValue).Min();
            output.WriteLine($"{t.Name} (LBR {t.ContrastToBackground}): nearest found {nearest:0.0} mm");
            Assert.True(nearest <= halfFwhmMm, $"{nuclide}: {t.Name} at ({t.XMm}, {t.YMm}, {t.ZMm}) mm: nearest lesion found {nearest:0.0} mm away");
        }
        Assert.Equal(sim.Truth.Phantom.Lesions!.Count, found.Count);
        Assert.Equal(["78831"], outcome.Result.Cpt);
    }
}
