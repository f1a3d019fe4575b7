using Photopeak.Imaging.Studies;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>One simulated MAA study with a whole-body scan: the shunt and free pertechnetate asked for, the loaded study and its truth.</summary>
public sealed record SimulatedShuntStudy(int Seed, double ShuntPercent, double FreePertechnetatePercent, Study Study,
    IReadOnlyDictionary<string, double> Truth, string Directory);

/// <summary>
/// Reduced-size MAA studies with a WHOLE BODY ANT/POST scan (256 × 64, 9 mm pixels, ~1 M ANT counts): shunts 0, 5, 10, 20 and 40% over three
/// seeds each (3% free pertechnetate), and two studies without a shunt but with 15% free pertechnetate. Built once for the shunt tests.
/// </summary>
public sealed class SimulatedShuntStudies : IDisposable
{
    public static readonly double[] Shunts = [0, 5, 10, 20, 40];
    public static readonly int[] Seeds = [300, 301, 302];

    public IReadOnlyList<SimulatedShuntStudy> Studies { get; }
    private readonly string root = Path.Combine(Path.GetTempPath(), "photopeak-shunt-" + Guid.NewGuid().ToString("N")[..8]);

    public SimulatedShuntStudies()
    {
        var specs = new List<(int Seed, double Shunt, double Free)>();
        foreach (var shunt in Shunts) foreach (var seed in Seeds) specs.Add((seed + (int)shunt * 10, shunt, 3));
        specs.Add((600, 0, 15)); specs.Add((601, 0, 15));
        var studies = new SimulatedShuntStudy[specs.Count];
        Parallel.For(0, specs.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var s = specs[i];
            var result = Simulator.Simulate("lung-perfusion", new SimulationOptions
            {
                Seed = s.Seed, Reduced = true, ShuntPercent = s.Shunt, FreePertechnetatePercent = s.Free,
            });
            var dir = Path.Combine(root, $"seed{s.Seed}");
            Simulator.Write(result, dir);
            studies[i] = new SimulatedShuntStudy(s.Seed, s.Shunt, s.Free, StudyLoader.Load(dir).Studies.Single(), result.Truth.Quantities, dir);
        });
        Studies = studies;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(root, true); } catch (IOException) { }
    }
}
