using System.Numerics;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>
/// A subcutaneous lesion (In-111 pentetreotide, ME, the clinical two-bed study): a 20 mm sphere whose edge lies 1.3 mm under the
/// skin of the anterior abdominal wall. Its background shell reaches past the body into air, which the detection leaves out
/// by the body mask (smoothed volume above 15 % of its 90th percentile); the mask must not cost the lesion either.
/// Measured (seed 71): found 0.4 mm from its centre; LBR 32.8 against the true 25 (1.31 ×: near the collimator a 20 mm sphere
/// recovers like the calibrated 40 mm sphere deep in the abdomen, 1.33–1.57 ×); VOI 2.69 ml of 4.19. Air is a minority of
/// the shell, so its median barely moves: with the mask off the LBR rose 5 % (32.3 → 34.0, in a run with a second, deep
/// sphere), and the shell's background (0.411) matched the mediastinal node's (0.420).
/// Tolerances as the calibrated sphere's: found within half the FWHM (6 mm), LBR 1–1.8 × truth, VOI 0.5–1.2 × the sphere.
/// </summary>
public sealed class TumourNearSkinTests(ITestOutputHelper output)
{
    // At z = −185 mm the skin at x = 30 mm lies at y = −108.3 mm (body 340 × 220 mm): the sphere ends 1.3 mm under it.
    private static readonly SphericalLesion UnderSkin = new(new Vector3(30, -97, -185), 10, 25);

    [Fact]
    public void A_lesion_just_under_the_skin_is_found_and_its_LBR_and_VOI_hold_the_calibrated_sphere_tolerances()
    {
        var sim = Simulator.Simulate("tumour-spect", new SimulationOptions
        {
            Seed = 71, Nuclide = "In-111", Lesions = [.. TumourSpectStudy.DefaultIn111Lesions, UnderSkin],
        });
        var outcome = SimulatedTumourStudy.Analyse(sim);
        var json = System.Text.Json.JsonDocument.Parse(outcome.ResultJson).RootElement;
        var lesions = json.GetProperty("findings").GetProperty("lesions").EnumerateArray().ToList();
        // A twin sphere mid-abdomen read LBR 6.5 against this one's 33 (the collimator's resolution at depth): the method says so.
        Assert.Contains("not corrected for partial volume", json.GetProperty("methods").GetProperty("lbr").GetString(), StringComparison.Ordinal);
        var skin = lesions.MinBy(l => Vector3.Distance(LesionJson.Centre(l), UnderSkin.CentreMm));
        double distance = Vector3.Distance(LesionJson.Centre(skin), UnderSkin.CentreMm), lbr = skin.GetProperty("lbr").GetDouble(),
            volume = skin.GetProperty("volume_ml").GetDouble();
        output.WriteLine($"under the skin: found {distance:0.0} mm away, LBR {lbr:0.00} (truth {UnderSkin.ContrastToBackground}), VOI {volume:0.00} ml (sphere {UnderSkin.VolumeMl:0.00}); {lesions.Count} lesions");
        Assert.True(distance <= 6, $"nearest lesion found {distance:0.0} mm away");
        Assert.Equal(sim.Truth.Phantom.Lesions!.Count, lesions.Count);
        Assert.InRange(lbr / UnderSkin.ContrastToBackground, 1.0, 1.8);
        Assert.InRange(volume / UnderSkin.VolumeMl, 0.5, 1.2);
    }
}
