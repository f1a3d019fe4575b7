using System.Globalization;
using System.Text;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>The recipe of <see cref="PerfusionNormals"/>: simulated normal patients (seeds 600–611), processed as patients,
/// mean and SD of each image's profile per state and view.</summary>
public sealed class PlanarMpiNormalsTests(ITestOutputHelper output)
{
    public const int FirstSeed = 600, Count = 12;

    internal static Dictionary<(PerfusionState, MpiView), (double[] Mean, double[] Sd)> Recompute()
    {
        var profiles = new Dictionary<(PerfusionState, MpiView), List<double[]>>();
        var root = Directory.CreateTempSubdirectory("photopeak-mpi-normals-").FullName;
        try
        {
            for (var seed = FirstSeed; seed < FirstSeed + Count; seed++)
            {
                var dir = Path.Combine(root, seed.ToString(CultureInfo.InvariantCulture));
                Simulator.Write(Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = seed }), dir);
                var warnings = new List<string>();
                foreach (var c in PlanarMpiAnalysis.Profiles(MpiStudyRecognition.Images(StudyLoader.Load(dir).Studies.Single(), warnings)))
                {
                    var (image, p) = (c.Image, c.Profile);
                    var key = (image.State == PerfusionState.Stress ? PerfusionState.Stress : PerfusionState.Rest, image.View);
                    if (!profiles.TryGetValue(key, out var list)) profiles[key] = list = [];
                    list.Add(p.PercentOfMaximum);
                }
            }
        }
        finally { Directory.Delete(root, recursive: true); }
        return profiles.ToDictionary(kv => kv.Key, kv =>
        {
            var n = kv.Value.Count;
            var mean = Enumerable.Range(0, CircumferentialProfile.Angles).Select(k => kv.Value.Average(p => p[k])).ToArray();
            var sd = Enumerable.Range(0, CircumferentialProfile.Angles).Select(k => Math.Sqrt(kv.Value.Sum(p => Math.Pow(p[k] - mean[k], 2)) / (n - 1))).ToArray();
            return (mean, sd);
        });
    }

    [Fact]
    public void The_shipped_normal_tables_are_the_ones_their_recipe_gives()
    {
        var tables = Recompute();
        var code = new StringBuilder();
        foreach (var ((state, view), (mean, sd)) in tables.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2))
        {
            var name = $"{state}{(view switch { MpiView.Anterior => "Ant", MpiView.Lao45 => "Lao", _ => "Lat" })}";
            code.AppendLine($"    private static readonly double[] {name}Mean = [{string.Join(", ", mean.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))}];");
            code.AppendLine($"    private static readonly double[] {name}Sd = [{string.Join(", ", sd.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture)))}];");
        }
        output.WriteLine(code.ToString());
        foreach (var ((state, view), (mean, sd)) in tables)
        {
            var (shippedMean, shippedSd) = PerfusionNormals.For(state, view);
            for (var k = 0; k < CircumferentialProfile.Angles; k++)
            {
                Assert.InRange(shippedMean[k], mean[k] - 0.01, mean[k] + 0.01);
                Assert.InRange(shippedSd[k], sd[k] - 0.01, sd[k] + 0.01);
            }
        }
    }
}
