using System.Globalization;
using System.Text;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>The recipe of <see cref="PerfusionNormals"/>: simulated normal patients (Tc-99m sestamibi: men seeds 600–611, women
/// 620–631; Tl-201: men 640–659, women 660–679), processed as patients, mean and SD of each image's profile per population,
/// tracer, state and view.</summary>
public sealed class PlanarMpiNormalsTests(ITestOutputHelper output)
{
    public const int FirstMaleSeed = 600, FirstFemaleSeed = 620, FirstThalliumMaleSeed = 640, FirstThalliumFemaleSeed = 660, Count = 12;

    /// <summary>Thallium normals per population: more than sestamibi's, because a Tl-201 stress image holds about a fifth of
    /// the counts of a sestamibi stress image and its limits need a steadier SD.</summary>
    public const int ThalliumCount = 20;

    internal static Dictionary<(NormalPopulation, NormalTracer, PerfusionState, MpiView), (double[] Mean, double[] Sd)> Recompute()
    {
        var profiles = new System.Collections.Concurrent.ConcurrentDictionary<(NormalPopulation, NormalTracer, PerfusionState, MpiView), List<(long Seed, double[] Profile)>>();
        var root = Directory.CreateTempSubdirectory("photopeak-mpi-normals-").FullName;
        var patients = Enumerable.Range(0, Count).SelectMany(i => new[]
        {
            (Seed: (long)FirstMaleSeed + i, Female: false, Nuclide: (string?)null), (Seed: (long)FirstFemaleSeed + i, Female: true, Nuclide: null),
        }).Concat(Enumerable.Range(0, ThalliumCount).SelectMany(i => new[]
        {
            (Seed: (long)FirstThalliumMaleSeed + i, Female: false, Nuclide: (string?)"Tl-201"), (Seed: (long)FirstThalliumFemaleSeed + i, Female: true, Nuclide: "Tl-201"),
        }));
        try
        {
            Parallel.ForEach(patients, new ParallelOptions { MaxDegreeOfParallelism = 2 }, patient =>
            {
                var dir = Path.Combine(root, patient.Seed.ToString(CultureInfo.InvariantCulture));
                Simulator.Write(Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = patient.Seed, Female = patient.Female, Nuclide = patient.Nuclide }), dir);
                var warnings = new List<string>();
                foreach (var c in PlanarMpiAnalysis.Profiles(MpiStudyRecognition.Images(StudyLoader.Load(dir).Studies.Single(), warnings)))
                {
                    var (image, p) = (c.Image, c.Profile);
                    var key = (PerfusionNormals.PopulationFor(image.Acquisition.Header.Sex), PerfusionNormals.TracerFor(image.Acquisition),
                        image.State == PerfusionState.Stress ? PerfusionState.Stress : PerfusionState.Rest, image.View);
                    var list = profiles.GetOrAdd(key, _ => []);
                    lock (list) list.Add((patient.Seed, p.PercentOfMaximum));
                }
            });
        }
        finally { Directory.Delete(root, recursive: true); }
        return profiles.ToDictionary(kv => kv.Key, kv =>
        {
            // In seed order, so that the sums (and the printed tables) do not depend on which thread finished first.
            var all = kv.Value.OrderBy(p => p.Seed).Select(p => p.Profile).ToList();
            var n = all.Count;
            var mean = Enumerable.Range(0, CircumferentialProfile.Angles).Select(k => all.Average(p => p[k])).ToArray();
            var sd = Enumerable.Range(0, CircumferentialProfile.Angles).Select(k => Math.Sqrt(all.Sum(p => Math.Pow(p[k] - mean[k], 2)) / (n - 1))).ToArray();
            return (mean, sd);
        });
    }

    [Fact]
    public void The_shipped_normal_tables_are_the_ones_their_recipe_gives()
    {
        var tables = Recompute();
        var code = new StringBuilder();
        foreach (var ((population, tracer, state, view), (mean, sd)) in tables.OrderBy(kv => kv.Key.Item2).ThenBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item3).ThenBy(kv => kv.Key.Item4))
        {
            var name = $"{population}{(tracer == NormalTracer.Thallium201 ? "Thallium" : "")}{state}{(view switch { MpiView.Anterior => "Ant", MpiView.Lao45 => "Lao", _ => "Lat" })}";
            code.AppendLine($"    private static readonly double[] {name}Mean = [{string.Join(", ", mean.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))}];");
            code.AppendLine($"    private static readonly double[] {name}Sd = [{string.Join(", ", sd.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))}];");
        }
        output.WriteLine(code.ToString());
        Assert.Equal(2 * 2 * 2 * 3, tables.Count);
        foreach (var ((population, tracer, state, view), (mean, sd)) in tables)
        {
            var (shippedMean, shippedSd) = PerfusionNormals.For(population, tracer, state, view);
            for (var k = 0; k < CircumferentialProfile.Angles; k++)
            {
                Assert.InRange(shippedMean[k], mean[k] - 0.01, mean[k] + 0.01);
                Assert.InRange(shippedSd[k], sd[k] - 0.01, sd[k] + 0.01);
            }
        }
    }
}
