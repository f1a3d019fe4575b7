using Photopeak.Imaging.Studies;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>One simulated lung study on disk, loaded into the study model, with its truth (for comparison only).</summary>
public sealed record SimulatedLungStudy(int Seed, double RightPercentAsked, IReadOnlyList<LungDefect> Defects, bool Ventilation,
    Study Study, IReadOnlyDictionary<string, double> Truth, IReadOnlyList<Photopeak.Simulation.Truth.RoiTruth> TruthRois, string Directory);

/// <summary>
/// 20 reduced-size seeded lung perfusion studies (64 × 64, 100k counts per view, 8 mm phantom): right-lung splits 30–70%, 10 normal,
/// 10 with one or two segmental defects (residual 0), every fourth with DTPA ventilation. Built once for all tests of the class.
/// </summary>
public sealed class SimulatedLungStudies : IDisposable
{
    public const string Collection = "simulated lung studies";

    public static readonly string[] DefectSegments =
        ["RLL-PB", "LUL-APP", "RUL-A", "LLL-LB", "RML-L", "LLL-PB", "RUL-P", "LUL-SL", "RLL-LB", "LLL-S", "RLL-S", "LUL-A"];

    public IReadOnlyList<SimulatedLungStudy> Studies { get; }
    private readonly string root = Path.Combine(Path.GetTempPath(), "photopeak-lung-" + Guid.NewGuid().ToString("N")[..8]);

    public SimulatedLungStudies()
    {
        var specs = new List<(int Seed, double Right, LungDefect[] Defects, bool Vent)>();
        for (var i = 0; i < 20; i++)
        {
            var right = 30 + 40.0 * i / 19;
            LungDefect[] defects = i % 2 == 0 ? [] : i % 4 == 3
                ? [new(DefectSegments[i % DefectSegments.Length]), new(DefectSegments[(i + 5) % DefectSegments.Length])]
                : [new(DefectSegments[i % DefectSegments.Length])];
            specs.Add((100 + i, right, defects, i % 4 == 1 || i % 4 == 2));
        }
        var studies = new SimulatedLungStudy[specs.Count];
        Parallel.For(0, specs.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var s = specs[i];
            var result = Simulator.Simulate("lung-perfusion", new SimulationOptions
            {
                Seed = s.Seed, Reduced = true, RightLungPercent = s.Right, LungDefects = s.Defects.Length > 0 ? s.Defects : null, Ventilation = s.Vent,
            });
            var dir = Path.Combine(root, $"seed{s.Seed}");
            Simulator.Write(result, dir);
            var study = StudyLoader.Load(dir).Studies.Single();
            studies[i] = new SimulatedLungStudy(s.Seed, s.Right, s.Defects, s.Vent, study, result.Truth.Quantities, result.Truth.Rois, dir);
        });
        Studies = studies;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(root, true); } catch (IOException) { }
    }
}

/// <summary>Shares one set of simulated studies between the lung test classes.</summary>
[CollectionDefinition(SimulatedLungStudies.Collection)]
public sealed class SimulatedLungStudiesCollection : ICollectionFixture<SimulatedLungStudies>;
