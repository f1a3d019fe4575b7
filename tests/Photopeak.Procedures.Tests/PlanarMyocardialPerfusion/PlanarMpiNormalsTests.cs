using System.Globalization;
using System.Text;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>The recipe of <see cref="PerfusionNormals"/>: simulated normal patients (men seeds 600–611, women 620–631),
/// processed as patients, mean and SD of each image's profile per population, state and view.</summary>
public sealed class PlanarMpiNormalsTests(ITestOutputHelper output)
{
    public const int FirstMaleSeed = 600, FirstFemaleSeed = 620, Count = 12;

    internal static Dictionary<(NormalPopulation, PerfusionState, MpiView), (double[] Mean, double[] Sd)> Recompute()
    {
        var profiles = new System.Collections.Concurrent.ConcurrentDictionary<(NormalPopulation, PerfusionState, MpiView), List<(long Seed, double[] Profile)>>();
        var root = Directory.CreateTempSubdirectory("photopeak-mpi-normals-").FullName;
        var patients = Enumerable.Range(0, Count).SelectMany(i => new[] { (Seed: (long)FirstMaleSeed + i, Female: false), (Seed: (long)FirstFemaleSeed + i, Female: true) });
        try
        {
            Parallel.ForEach(patients, new ParallelOptions { MaxDegreeOfParallelism = 2 }, patient =>
            {
                var dir = Path.Combine(root, patient.Seed.ToString(CultureInfo.InvariantCulture));
                Simulator.Write(Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = patient.Seed, Female = patient.Female }), dir);
                var warnings = new List<string>();
                foreach (var c in PlanarMpiAnalysis.Profiles(MpiStudyRecognition.Images(StudyLoader.Load(dir).Studies.Single(), warnings)))
                {
                    var (image, p) = (c.Image, c.Profile);
                    var key = (PerfusionNormals.PopulationFor(image.Acquisition.Header.Sex), image.State == PerfusionState.Stress ? PerfusionState.Stress : PerfusionState.Rest, image.View);
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
        foreach (var ((population, state, view), (mean, sd)) in tables.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2).ThenBy(kv => kv.Key.Item3))
        {
            var name = $"{population}{state}{(view switch { MpiView.Anterior => "Ant", MpiView.Lao45 => "Lao", _ => "Lat" })}";
            code.AppendLine($"    private static readonly double[] {name}Mean = [{string.Join(", ", mean.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))}];");
            code.AppendLine($"    private static readonly double[] {name}Sd = [{string.Join(", ", sd.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))}];");
        }
        output.WriteLine(code.ToString());
        Assert.Equal(2 * 2 * 3, tables.Count);
        foreach (var ((population, state, view), (mean, sd)) in tables)
        {
            var (shippedMean, shippedSd) = PerfusionNormals.For(population, state, view);
            for (var k = 0; k < CircumferentialProfile.Angles; k++)
            {
                Assert.InRange(shippedMean[k], mean[k] - 0.01, mean[k] + 0.01);
                Assert.InRange(shippedSd[k], sd[k] - 0.01, sd[k] + 0.01);
            }
        }
    }
}
