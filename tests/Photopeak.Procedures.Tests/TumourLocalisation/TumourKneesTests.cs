using System.Numerics;
using System.Text.Json;
using Photopeak.Procedures.TumourLocalisation;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>
/// Pelvis and knees (issue 14.7): In-111 SPECT/CT of two areas that do not meet (abdomen–pelvis, knees, 109 mm apart), on
/// the whole-body phantom's legs (two cylinders 150 mm across, 20 mm apart). Eight seeds, each with a focus in one knee
/// (side, position ±10 mm and LBR 4–10 drawn per seed, 16–20 mm radius) and one on the pelvic side wall. A knee focus must be
/// found within half a FWHM, named as the lower limb of its side from the CT, with at most one false lesion per area (the
/// bladder, kidneys and spleen are physiological); the study is two areas with CT: 78832.
/// </summary>
public sealed class TumourKneesTests(ITestOutputHelper output)
{
    // As TumourDetectionRateTests: ME, 8 mm voxels, about 15 mm reconstructed at a body-contour orbit's depth [?: taken].
    private const float FwhmMm = 16;

    [Fact]
    public void A_focus_in_a_knee_is_found_on_its_side_s_lower_limb_without_false_lesions_in_a_pelvis_and_knees_study()
    {
        var procedure = new TumourLocalisationProcedure();
        var seeds = Enumerable.Range(560, 8).ToArray();
        var lines = new string[seeds.Length];
        Parallel.For(0, seeds.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var seed = seeds[i];
            var random = new Random(seed);
            float Jitter() => (float)(20 * random.NextDouble() - 10);
            var side = random.Next(2) == 0 ? -1 : 1;
            var knee = new SphericalLesion(new Vector3(side * 85 + Jitter(), Jitter(), -715 + Jitter()), 16 + 4 * random.NextDouble(), 4 + 6 * random.NextDouble());
            var pelvis = new SphericalLesion(new Vector3(-100 + Jitter(), Jitter(), -250 + Jitter()), 16 + 4 * random.NextDouble(), 4 + 6 * random.NextDouble());
            var outcome = SimulatedTumourStudy.Analyse(Simulator.Simulate("tumour-spect", new SimulationOptions
            {
                Seed = seed, Reduced = true, Views = 64, FrameSeconds = 25, Nuclide = "In-111", WithCt = true,
                Areas = [TumourArea.AbdomenPelvis, TumourArea.Knees], Lesions = [knee, pelvis],
            }), procedure);
            using var result = JsonDocument.Parse(outcome.ResultJson);
            var found = result.RootElement.GetProperty("findings").GetProperty("lesions").EnumerateArray().Select(l =>
                (Centre: LesionJson.Centre(l), Region: l.GetProperty("region").GetString()!)).ToList();
            var table = string.Join("; ", found.Select(f => FormattableString.Invariant($"({f.Centre.X:0}, {f.Centre.Y:0}, {f.Centre.Z:0}) {f.Region}")));
            lines[i] = FormattableString.Invariant($"seed {seed}: knee ({knee.CentreMm.X:0}, {knee.CentreMm.Y:0}, {knee.CentreMm.Z:0}) LBR {knee.ContrastToBackground:0.0}; found {table}");

            var hit = found.Where(f => Vector3.Distance(f.Centre, knee.CentreMm) <= FwhmMm / 2).ToList();
            Assert.True(hit.Count == 1, lines[i]);
            Assert.StartsWith(side < 0 ? "right lower limb" : "left lower limb", hit[0].Region, StringComparison.Ordinal);
            // At most one false lesion per area: the knees' bed lies below z −532 mm, the pelvis's above −433 mm.
            var falses = found.Where(f => Vector3.Distance(f.Centre, knee.CentreMm) > FwhmMm && Vector3.Distance(f.Centre, pelvis.CentreMm) > FwhmMm).ToList();
            Assert.True(falses.Count(f => f.Centre.Z < -480) <= 1 && falses.Count(f => f.Centre.Z >= -480) <= 1, $"false lesions: {lines[i]}");
            Assert.Equal(2, outcome.Result.Value(TumourMeasurementKeys.AreasImaged));
            Assert.Equal(["78832"], outcome.Result.Cpt);
            Assert.Contains(outcome.Result.Warnings, w => w.Contains("are not imaged", StringComparison.Ordinal));
        });
        foreach (var line in lines) output.WriteLine(line);
    }
}
