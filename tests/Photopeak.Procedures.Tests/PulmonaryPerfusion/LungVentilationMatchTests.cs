using System.Text;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PulmonaryPerfusion;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>Simulated V/Q studies: perfusion defects with normal ventilation (mismatched, the PE pattern), with ventilation defects in the
/// same segments (matched) and one of each, three seeds each; segments not used to fit the defect detector.</summary>
public sealed class SimulatedVqStudies : IDisposable
{
    public sealed record Case(string Pattern, int Seed, LungDefect[] Perfusion, LungDefect[] Ventilation, Study Study);

    public static readonly (string Pattern, string[] Perfusion, string[] Ventilation)[] Patterns =
    [
        ("mismatched", ["RLL-AB", "LUL-APP"], []),
        ("matched", ["RLL-AB", "LUL-APP"], ["RLL-AB", "LUL-APP"]),
        ("mixed", ["RLL-LB", "LLL-PB"], ["LLL-PB"]),
    ];

    public IReadOnlyList<Case> Cases { get; }
    private readonly string root = Path.Combine(Path.GetTempPath(), "photopeak-vq-" + Guid.NewGuid().ToString("N")[..8]);

    public SimulatedVqStudies()
    {
        var specs = new List<(string Pattern, int Seed, LungDefect[] P, LungDefect[] V)>();
        for (var p = 0; p < Patterns.Length; p++)
            for (var k = 0; k < 3; k++)
                specs.Add((Patterns[p].Pattern, 800 + 10 * p + k, Patterns[p].Perfusion.Select(c => new LungDefect(c)).ToArray(),
                    Patterns[p].Ventilation.Select(c => new LungDefect(c)).ToArray()));
        var cases = new Case[specs.Count];
        Parallel.For(0, specs.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var s = specs[i];
            var result = Simulator.Simulate("lung-perfusion", new SimulationOptions
            {
                Seed = s.Seed, Reduced = true, Ventilation = true, LungDefects = s.P, VentilationDefects = s.V.Length > 0 ? s.V : null,
            });
            var dir = Path.Combine(root, $"seed{s.Seed}");
            Simulator.Write(result, dir);
            cases[i] = new Case(s.Pattern, s.Seed, s.P, s.V, StudyLoader.Load(dir).Studies.Single());
        });
        Cases = cases;
    }

    public void Dispose()
    {
        try { Directory.Delete(root, true); } catch (IOException) { }
    }
}

/// <summary>Matched and mismatched calls with ventilation, the PE draft category that follows, and the V/Q codes.</summary>
public class LungVentilationMatchTests(SimulatedVqStudies fixture, ITestOutputHelper output) : IClassFixture<SimulatedVqStudies>
{
    private static string Lobe(string code) => code.Split('-')[0];

    [Fact]
    public void Mismatched_defects_are_called_mismatched_and_matched_ones_matched()
    {
        var table = new StringBuilder("pattern     seed | truth (M = matched)            -> found\n");
        int calls = 0, right = 0, missed = 0, extra = 0, worstExtra = 0;
        foreach (var c in fixture.Cases)
        {
            var r = PulmonaryPerfusionProcedure.Analyse(c.Study, new PulmonaryPerfusionOptions());
            var used = new HashSet<LungDefectFinding>();
            foreach (var d in c.Perfusion)
            {
                var hit = r.Defects.FirstOrDefault(f => !used.Contains(f) && Lobe(f.SegmentCode) == Lobe(d.SegmentCode));
                if (hit is null) { missed++; continue; }
                used.Add(hit); calls++;
                var matched = c.Ventilation.Any(v => v.SegmentCode == d.SegmentCode);
                if (hit.Matched == matched) right++;
            }
            var extraHere = r.Defects.Count(f => !used.Contains(f));
            extra += extraHere; worstExtra = Math.Max(worstExtra, extraHere);
            table.AppendLine($"{c.Pattern,-11} {c.Seed} | {string.Join(",", c.Perfusion.Select(d => d.SegmentCode + (c.Ventilation.Any(v => v.SegmentCode == d.SegmentCode) ? "(M)" : "")))} -> " +
                string.Join(",", r.Defects.Select(d => $"{d.SegmentCode}({d.Size.ToString()[0]}{d.DeficitSegmentFraction:0.00},{(d.Matched == true ? "M" : "MM")})")) + $" | PIOPED II: {r.EmbolismAssessment.ModifiedPiopedII}");
        }
        table.AppendLine($"match/mismatch calls right {right}/{calls}; true defects missed {missed}; extra defects {extra} (at most {worstExtra} in one study)");
        output.WriteLine(table.ToString());
        Assert.True(missed == 0 && right == calls, table.ToString());
        Assert.True(worstExtra <= 1, table.ToString());
    }

    [Fact]
    public void Pe_category_follows_the_match_pattern_and_codes_are_78598_or_78582()
    {
        foreach (var c in fixture.Cases)
        {
            var r = PulmonaryPerfusionProcedure.Analyse(c.Study, new PulmonaryPerfusionOptions());
            var pe = r.EmbolismAssessment;
            switch (c.Pattern)
            {
                case "mismatched":
                    // Two large mismatched segmental defects: PE present (modified PIOPED II), compatible with PE (PISAPED).
                    Assert.StartsWith("PE present", pe.ModifiedPiopedII);
                    Assert.StartsWith("abnormal, compatible with PE", pe.Pisaped);
                    break;
                case "matched":
                    Assert.StartsWith("very low probability (≥2 matched defects", pe.ModifiedPiopedII);
                    Assert.StartsWith("abnormal, not compatible with PE", pe.Pisaped);
                    break;
                default:
                    // One large mismatched segment: below the two-segment threshold, not very low probability either.
                    Assert.Equal("nondiagnostic", pe.ModifiedPiopedII);
                    Assert.StartsWith("abnormal, compatible with PE", pe.Pisaped);
                    break;
            }
            Assert.Equal(["78598"], r.Coding.Codes.Select(x => x.Code));
            var imagingOnly = PulmonaryPerfusionProcedure.Analyse(c.Study, new PulmonaryPerfusionOptions { QuantitativeDifferentialRequested = false });
            Assert.Equal(["78582"], imagingOnly.Coding.Codes.Select(x => x.Code));
        }
    }
}
