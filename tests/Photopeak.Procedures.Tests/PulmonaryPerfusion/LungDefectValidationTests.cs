using System.Text;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PulmonaryPerfusion;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>A set of simulated lung perfusion studies for validating the defect detector: seed, right-lung share and defects per study.</summary>
public abstract class LungDefectStudySet : IDisposable
{
    public sealed record Case(int Seed, double RightPercent, LungDefect[] Defects, Study Study);

    public IReadOnlyList<Case> Cases { get; }
    private readonly string root = Path.Combine(Path.GetTempPath(), "photopeak-lung-val-" + Guid.NewGuid().ToString("N")[..8]);

    protected LungDefectStudySet(IReadOnlyList<(int Seed, double Right, LungDefect[] Defects)> specs)
    {
        var cases = new Case[specs.Count];
        Parallel.For(0, specs.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var s = specs[i];
            var result = Simulator.Simulate("lung-perfusion", new SimulationOptions
            {
                Seed = s.Seed, Reduced = true, RightLungPercent = s.Right, LungDefects = s.Defects.Length > 0 ? s.Defects : null,
            });
            var dir = Path.Combine(root, $"seed{s.Seed}");
            Simulator.Write(result, dir);
            cases[i] = new Case(s.Seed, s.Right, s.Defects, StudyLoader.Load(dir).Studies.Single());
        });
        Cases = cases;
    }

    public void Dispose()
    {
        try { Directory.Delete(root, true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Out-of-sample studies for the defect detector: seeds 1000–1039 (the template and thresholds were fitted on seeds 100–119), 20 normal
/// studies and 20 with defects placed in the six segments never used in fitting (RUL-AP, RML-M, RLL-MB, RLL-AB, LUL-IL, LLL-AMB), singly and
/// in pairs, with residual uptake 0 or 0.3; right-lung splits 35–65%. The detector was reworked while looking at this set (see
/// <see cref="HeldOutLungStudies"/> for a set it never saw).
/// </summary>
public sealed class OutOfSampleLungStudies() : LungDefectStudySet(Specs())
{
    public static readonly string[] UnseenSegments = ["RUL-AP", "RML-M", "RLL-MB", "RLL-AB", "LUL-IL", "LLL-AMB"];

    private static List<(int, double, LungDefect[])> Specs()
    {
        var specs = new List<(int, double, LungDefect[])>();
        for (var i = 0; i < 40; i++)
        {
            var right = 35 + 30.0 * ((i * 7) % 40) / 39;
            var residual = i % 8 == 5 ? 0.3 : 0;
            LungDefect[] defects = i % 2 == 0 ? [] : i % 4 == 3
                ? [new(UnseenSegments[i / 4 % 6], residual), new(UnseenSegments[(i / 4 + 3) % 6], residual)]
                : [new(UnseenSegments[i / 4 % 6], residual)];
            specs.Add((1000 + i, right, defects));
        }
        return specs;
    }
}

/// <summary>
/// Randomly drawn studies: 20 normal, 20 with one or two defects drawn from all 18 segments (residual 0 or 0.3, never two in one segment),
/// right-lung splits 32–68%, seeds first + 0…39.
/// </summary>
public abstract class RandomLungStudies(int firstSeed, int drawSeed) : LungDefectStudySet(Specs(firstSeed, drawSeed))
{
    private static List<(int, double, LungDefect[])> Specs(int firstSeed, int drawSeed)
    {
        var random = new Random(drawSeed);
        var all = LungSegment.All;
        var specs = new List<(int, double, LungDefect[])>();
        for (var i = 0; i < 40; i++)
        {
            var right = 32 + 36 * random.NextDouble();
            var count = i % 2 == 0 ? 0 : random.Next(1, 3);
            var chosen = all.OrderBy(_ => random.Next()).Take(count).Select(seg => new LungDefect(seg.Code, random.Next(3) == 0 ? 0.3 : 0)).ToArray();
            specs.Add((firstSeed + i, right, chosen));
        }
        return specs;
    }
}

/// <summary>Seeds 2000–2039: held out while the sector geometry was reworked, then used to add the two-segment split and the fitted
/// scale (its failures were looked at), so no longer unseen.</summary>
public sealed class HeldOutLungStudies() : RandomLungStudies(2000, 2026);

/// <summary>Seeds 4000–4039: built after the two-segment split, run once, not used to change it; seen again (93% → 97%) when the
/// fitted scale was developed, so no longer unseen either.</summary>
public sealed class FinalCheckLungStudies() : RandomLungStudies(4000, 4040);

/// <summary>Seeds 5000–5039 (draw seed 5050): built after the fitted scale was final, run once, not used to change anything.</summary>
public sealed class FreshCheckLungStudies() : RandomLungStudies(5000, 5050);

/// <summary>Defect sensitivity and false defects per normal study on studies the detector was not fitted on (issue 7 targets: ≥90%, ≤1).</summary>
public class LungDefectValidationTests(OutOfSampleLungStudies outOfSample, HeldOutLungStudies heldOut, FinalCheckLungStudies finalCheck,
    FreshCheckLungStudies freshCheck, ITestOutputHelper output)
    : IClassFixture<OutOfSampleLungStudies>, IClassFixture<HeldOutLungStudies>, IClassFixture<FinalCheckLungStudies>, IClassFixture<FreshCheckLungStudies>
{
    private static string Lobe(string code) => code.Split('-')[0];

    /// <summary>The truth size of a phantom defect: the share of its lung's uptake it removes, in segments (1/10 right, 1/8 left).</summary>
    private static double TruthSegments(LungDefect d)
    {
        var seg = LungSegment.Parse(d.SegmentCode);
        var organ = seg.Right ? Organ.RightLung : Organ.LeftLung;
        var normal = new TorsoPhantom(new TorsoParameters(VoxelMm: 8)).Static;
        var with = new TorsoPhantom(new TorsoParameters(VoxelMm: 8, LungDefects: [d])).Static;
        var f = 1 - with[organ].WeightedVolumeMl(with.Grid) / normal[organ].WeightedVolumeMl(normal.Grid);
        return f / (seg.Right ? 0.10 : 0.125);
    }

    [Fact]
    public void Unseen_segments_and_seeds_are_found_with_90_percent_sensitivity_and_at_most_one_false_defect_per_normal_study() => Validate(outOfSample, 0.90);

    // 22/27 = 81% while the scale came from the second highest sector ratio (four misses were two defects in one lung leaving at most
    // one sector normal); 26/27 with the fitted scale (left: RML medial beside RUL anterior, read as one RUL-A defect); one false small
    // defect in one of its 20 normal studies.
    [Fact]
    public void Held_out_studies_are_found_with_90_percent_sensitivity_and_at_most_one_false_defect_per_normal_study() => Validate(heldOut, 0.90);

    [Fact]
    public void Final_check_studies_are_found_with_90_percent_sensitivity_and_at_most_one_false_defect_per_normal_study() => Validate(finalCheck, 0.90);

    [Fact]
    public void Fresh_check_studies_are_found_with_90_percent_sensitivity_and_at_most_one_false_defect_per_normal_study() => Validate(freshCheck, 0.90);

    private void Validate(LungDefectStudySet fixture, double minimumSensitivity)
    {
        var truthSize = fixture.Cases.SelectMany(c => c.Defects).DistinctBy(d => (d.SegmentCode, d.ResidualUptake)).ToDictionary(d => (d.SegmentCode, d.ResidualUptake), TruthSegments);
        var table = new StringBuilder($"{fixture.GetType().Name}\nseed  right | truth (segments)                 -> found (segments)\n");
        int truthCount = 0, found = 0, normals = 0, worstFalseNormal = 0, falseNormalTotal = 0, falseInDefect = 0, sizeAgree = 0;
        foreach (var c in fixture.Cases)
        {
            var r = PulmonaryPerfusionProcedure.Analyse(c.Study, new PulmonaryPerfusionOptions());
            var used = new HashSet<LungDefectFinding>();
            foreach (var d in c.Defects)
            {
                truthCount++;
                var hit = r.Defects.FirstOrDefault(f => !used.Contains(f) && Lobe(f.SegmentCode) == Lobe(d.SegmentCode));
                if (hit is null) continue;
                found++; used.Add(hit);
                var t = truthSize[(d.SegmentCode, d.ResidualUptake)];
                var truthClass = t > 0.75 ? DefectSize.Large : t >= 0.25 ? DefectSize.Moderate : DefectSize.Small;
                if (truthClass == hit.Size) sizeAgree++;
            }
            var falseCount = r.Defects.Count(f => !used.Contains(f));
            if (c.Defects.Length == 0) { normals++; worstFalseNormal = Math.Max(worstFalseNormal, falseCount); falseNormalTotal += falseCount; }
            else falseInDefect += falseCount;
            table.AppendLine($"{c.Seed} {c.RightPercent,5:0.0} | {string.Join(",", c.Defects.Select(d => $"{d.SegmentCode}:{d.ResidualUptake:0.#}({truthSize[(d.SegmentCode, d.ResidualUptake)]:0.00})")),-32} -> " +
                string.Join(",", r.Defects.Select(d => $"{d.SegmentCode}({d.DeficitSegmentFraction:0.00})")));
        }
        var sensitivity = (double)found / truthCount;
        table.AppendLine($"sensitivity (same lobe) {found}/{truthCount} = {sensitivity:P0}; false defects in {normals} normal studies: {falseNormalTotal} in total, at most {worstFalseNormal} in one; " +
            $"{falseInDefect} extra in defect studies; size class agrees with the phantom for {sizeAgree}/{found}");
        output.WriteLine(table.ToString());
        Assert.True(sensitivity >= minimumSensitivity, table.ToString());
        Assert.True(worstFalseNormal <= 1, table.ToString());
    }
}
