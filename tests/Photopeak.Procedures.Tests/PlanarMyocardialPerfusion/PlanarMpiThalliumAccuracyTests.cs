using System.Text.Json;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>Tl-201 stress and 4-h redistribution (one injection at peak stress), compared with the thallium limits (built on
/// seeds 640–679), on seeds 1000–1033, never used for a table or a constant: the same checks as sestamibi, and what is
/// thallium's own.</summary>
public sealed class PlanarMpiThalliumAccuracyTests(SimulatedThalliumMpiStudies studies, ITestOutputHelper output)
    : PlanarMpiAccuracyChecks(studies, output), IClassFixture<SimulatedThalliumMpiStudies>
{
    [Fact]
    public void Stress_and_redistribution_are_told_apart_and_coded_78454_with_the_thallium_limits()
    {
        var outcome = Run(Studies.Folder("normal0"));
        Assert.Equal("78454", Assert.Single(outcome.Result.Cpt));
        var images = MpiStudyRecognition.Images(StudyLoader.Load(Studies.Folder("normal0")).Studies.Single(), []);
        Assert.Equal(3, images.Count(i => i.State == PerfusionState.Stress));
        Assert.Equal(3, images.Count(i => i.State == PerfusionState.Redistribution));
        Assert.All(images, i => Assert.Equal(NormalTracer.Thallium201, PerfusionNormals.TracerFor(i.Acquisition)));
        Assert.Contains("Tl-201", outcome.Result.Methods!["normals"], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(outcome.ResultJson);
        var lhr = json.RootElement.GetProperty("measurements").GetProperty("lung_heart_ratio");
        Assert.Contains("abnormal ≥ 0.50", lhr.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_photopeak_windows_are_summed()
    {
        var study = StudyLoader.Load(Studies.Folder("normal0")).Studies.Single();
        var image = MpiStudyRecognition.Images(study, []).First(i => i.State == PerfusionState.Stress && i.View == MpiView.Anterior);
        var a = image.Acquisition;
        Assert.Equal([71.0, 167.4], a.PhotopeakWindows.Select(w => Math.Round(w.CentreKeV, 1)));
        double Total(int window) => a.Frames.Where(f => f.EnergyWindow == window).Sum(f => a.GetFrame(f.Frame).Pixels.Sum(v => (double)v));
        var summed = image.Pixels.Sum(v => (double)v);
        Assert.Equal(Total(a.PhotopeakWindows[0].Number) + Total(a.PhotopeakWindows[1].Number), summed, 0.5);
        // The 167 keV line (10 % per decay against the x-rays' 93 %, less attenuated) adds a small share.
        Assert.InRange(Total(a.PhotopeakWindows[1].Number) / summed, 0.05, 0.25);
    }
}

/// <summary>Tl-201 lung/heart ratio against truth (±0.03, CLINICAL §5) on seeds 1110–1113, never used for a constant: normal
/// lung uptake and the increased uptake of exercise-induced LV dysfunction, the published planar limit (≥ 0.50) applied.</summary>
public sealed class PlanarMpiThalliumLungHeartTests(ITestOutputHelper output)
{
    [Fact]
    public void Thallium_lung_heart_ratio_is_within_0_03_of_truth_and_called_abnormal_from_0_50()
    {
        var lines = new System.Collections.Concurrent.ConcurrentBag<(double Uptake, double Truth, double? Measured, string? Finding)>();
        var cases = new[] { (Seed: 1110L, Uptake: 0.3), (Seed: 1111L, Uptake: 0.3), (Seed: 1112L, Uptake: 0.8), (Seed: 1113L, Uptake: 1.2) };
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, c =>
        {
            var sim = Simulator.Simulate("mpi-planar",
                new SimulationOptions { Seed = c.Seed, Nuclide = "Tl-201", StressLungUptake = c.Uptake });
            var dir = Directory.CreateTempSubdirectory("photopeak-mpi-tl-lhr-").FullName;
            try
            {
                Simulator.Write(sim, dir);
                var result = new PlanarMpiProcedure().Analyse(StudyLoader.Load(dir).Studies.Single(), new ProcedureRequest()).Result;
                lines.Add((c.Uptake, sim.Truth.Quantities["stress.lungHeartRatio.silhouette.expected"], result.Value(MpiMeasurementKeys.LungHeartRatio),
                    result.Findings.GetValueOrDefault("lung_heart_ratio")));
            }
            finally { Directory.Delete(dir, recursive: true); }
        });
        var table = string.Join("\n", lines.OrderBy(l => l.Uptake).Select(l => FormattableString.Invariant($"lung {l.Uptake:0.0}: truth {l.Truth:0.000} measured {l.Measured:0.000} {l.Finding}")));
        output.WriteLine(table);
        Assert.All(lines, l => Assert.True(l.Measured is { } m && Math.Abs(m - l.Truth) <= 0.03, table));
        Assert.All(lines, l => Assert.StartsWith(l.Truth >= PlanarMpiProcedure.LhrThalliumUpperLimit + 0.03 ? "abnormal" : l.Truth < PlanarMpiProcedure.LhrThalliumUpperLimit - 0.03 ? "normal" : "", l.Finding ?? "", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Truth >= 0.6);
        Assert.Contains(lines, l => l.Truth <= 0.45);
    }
}
