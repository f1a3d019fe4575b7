using System.Text.Json.Nodes;
using Photopeak.Network.Dimse;
using Photopeak.Procedures.Pipeline;
using Photopeak.Server.Jobs;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Server.Tests;

/// <summary>A complete study is processed on arrival by the same code as `photopeak process`, once per input (issue 15.3).</summary>
public class ProcessingOnArrivalTests
{
    [Theory]
    [InlineData("mibg-planar", "hm_late", 0.05)]
    [InlineData("lung-perfusion", "lung_right_percent", 2.5)]
    public async Task A_simulated_study_sent_by_C_STORE_is_processed_once_complete_as_process_would(string kind, string key, double truthTolerance)
    {
        var source = Directory.CreateTempSubdirectory("photopeak-sim-");
        try
        {
            var result = Simulator.Simulate(kind, new SimulationOptions { Seed = 11 });
            var files = Simulator.Write(result, source.FullName).Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
            await using var node = await TestNode.StartAsync(quietSeconds: 0.5);
            Assert.All(await node.Client("CAMERA").StoreFilesAsync(files, CancellationToken.None), s => Assert.Equal(DimseStatus.Success, s.Status));

            var studyUid = (await node.Node.Store.Index.StudyUidsAsync(CancellationToken.None)).Single();
            var fromNode = await node.WaitForResultAsync(studyUid, TimeSpan.FromSeconds(60));
            var direct = JsonNode.Parse(ProcedureRunner.Default.Run(source.FullName, new ProcedureRequest()).Outcome.ResultJson)!;
            var value = fromNode["measurements"]![key]!["value"]!.GetValue<double>();
            Assert.Equal(direct["measurements"]![key]!["value"]!.GetValue<double>(), value, 6);
            var truth = JsonNode.Parse(File.ReadAllText(Path.Combine(source.FullName, "truth.json")))!;
            var expected = TruthValue(truth, key);
            Assert.True(Math.Abs(value - expected) <= truthTolerance, $"{key} {value} against truth {expected}");
            foreach (var name in ProcedureOutputs.FileNames) Assert.True(File.Exists(Path.Combine(node.Node.Store.ResultsFolder(studyUid), name)), name);

            // The same input again (a camera resending) makes no second job.
            await node.Client("CAMERA").StoreFilesAsync(files, CancellationToken.None);
            await Task.Delay(1500);
            Assert.Single(await node.Node.Store.Index.JobsAsync(studyUid, CancellationToken.None));
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_study_no_procedure_fits_is_marked_not_applicable_with_the_reason()
    {
        await using var node = await TestNode.StartAsync(quietSeconds: 0.2);
        await node.Client().StoreFilesAsync([SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm")], CancellationToken.None);
        var studyUid = (await node.Node.Store.Index.StudyUidsAsync(CancellationToken.None)).Single();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ProcessingJob? job = null;
        while (DateTime.UtcNow < deadline && (job = (await node.Node.Store.Index.JobsAsync(studyUid, CancellationToken.None)).FirstOrDefault()) is not { Status: not JobStatus.Running })
            await Task.Delay(100);
        Assert.NotNull(job);
        Assert.Equal(JobStatus.NotApplicable, job.Status);
        Assert.False(string.IsNullOrWhiteSpace(job.Message));
        Assert.False(Directory.Exists(node.Node.Store.ResultsFolder(studyUid)));
    }

    [Fact]
    public async Task Two_claims_of_one_job_cannot_both_win()
    {
        await using var node = await TestNode.StartAsync(processing: false);
        var index = node.Node.Store.Index;
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            index.ClaimJobAsync("1.2.3", "abc", "v1", $"worker{i}", 3, TimeSpan.FromMinutes(5), CancellationToken.None)));
        Assert.Equal(1, claims.Count(c => c));
        await index.FinishJobAsync("1.2.3", "abc", "v1", JobStatus.Failed, null, "disk full", CancellationToken.None);
        Assert.True(await index.ClaimJobAsync("1.2.3", "abc", "v1", "retry", 3, TimeSpan.FromMinutes(5), CancellationToken.None));
        await index.FinishJobAsync("1.2.3", "abc", "v1", JobStatus.Done, "mibg", null, CancellationToken.None);
        Assert.False(await index.ClaimJobAsync("1.2.3", "abc", "v1", "late", 3, TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    // The simulator's truth from truth.json (H/M over the heart's true silhouette; the lung split an ideal analysis of its images gives); only tests read it.
    private static double TruthValue(JsonNode truth, string key) => key switch
    {
        "hm_late" => truth["quantities"]!["hm.late.silhouette"]!.GetValue<double>(),
        "lung_right_percent" => truth["quantities"]!["perf.lung.right.expectedPercent"]!.GetValue<double>(),
        _ => throw new ArgumentException(key),
    };
}
