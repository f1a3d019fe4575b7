using System.Diagnostics;
using System.Text.Json.Nodes;
using Photopeak.Dicom;
using Photopeak.Network.Dimse;
using Photopeak.Server.Jobs;
using Photopeak.Server.Store;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Server.Tests;

/// <summary>
/// The index on PostgreSQL (issue 15.2) and processing-only workers sharing it (issue 15.3), against a PostgreSQL cluster the
/// test starts on loopback.
/// </summary>
public class PostgresWorkerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_on_postgres_indexes_what_it_receives_exactly_as_a_node_on_sqlite()
    {
        using var pg = PostgresCluster.Start();
        if (pg is null) return;
        var files = Directory.GetFiles(SharedData.PathOf("nm"), "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(6).ToList();
        Assert.NotEmpty(files);
        await using var onSqlite = await TestNode.StartAsync(processing: false);
        await using var onPostgres = await TestNode.StartAsync(processing: false, database: pg.Database);
        foreach (var node in new[] { onSqlite, onPostgres })
            Assert.All(await node.Client("CAMERA").StoreFilesAsync(files, CancellationToken.None), s => Assert.Equal(DimseStatus.Success, s.Status));

        var expected = await onSqlite.Node.Store.Index.InstancesAsync(null, CancellationToken.None);
        var actual = await onPostgres.Node.Store.Index.InstancesAsync(null, CancellationToken.None);
        Assert.Equal(files.Count, actual.Count);
        Assert.Equal(expected.Select(i => i with { ReceivedUtc = default }), actual.Select(i => i with { ReceivedUtc = default }));
        Assert.Equal(IndexMigrations.All.Max(m => m.Version), onPostgres.Node.Store.Index.SchemaVersion);
        // A second process opening the same database finds it migrated and sees the same rows.
        using var reopened = StoreIndex.Open(pg.Database, onPostgres.Folder.FullName);
        Assert.Equal(IndexMigrations.All.Max(m => m.Version), reopened.SchemaVersion);
        Assert.Equal(actual.Count, (await reopened.InstancesAsync(null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Two_workers_and_a_store_only_node_on_one_postgres_process_fifty_studies_each_exactly_once()
    {
        using var pg = PostgresCluster.Start();
        if (pg is null) return;
        var source = Directory.CreateTempSubdirectory("photopeak-worker-src-");
        try
        {
            // 48 one-instance studies no procedure fits (their jobs end not-applicable) and two mIBG studies (done, with results).
            var files = Enumerable.Range(0, 48).Select(i => WriteSmallStudy(source.FullName, i)).ToList();
            var mibg = new List<string>();
            foreach (var seed in new[] { 21, 22 })
            {
                var result = Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = seed });
                var written = Simulator.Write(result, Path.Combine(source.FullName, $"mibg{seed}")).Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
                files.AddRange(written);
                mibg.Add(DicomFile.Open(written[0]).Dataset.GetString(DicomTags.StudyInstanceUID)!);
            }
            await using var node = await TestNode.StartAsync(processing: false, database: pg.Database);
            Assert.All(await node.Client("CAMERA").StoreFilesAsync(files, CancellationToken.None), s => Assert.Equal(DimseStatus.Success, s.Status));
            var studies = await node.Node.Store.Index.StudyUidsAsync(CancellationToken.None);
            Assert.Equal(50, studies.Count);

            var workers = new[] { StartWorker(node.Folder.FullName, pg.Url, "worker-a"), StartWorker(node.Folder.FullName, pg.Url, "worker-b") };
            var ran = new List<(string Worker, string Study, string Status)>();
            foreach (var (name, process, lines) in workers)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(300));
                await process.WaitForExitAsync(limit.Token);
                Assert.True(process.ExitCode == 0, $"{name} exited {process.ExitCode}: {process.StandardError.ReadToEnd()}");
                ran.AddRange(lines.Select(l => JsonNode.Parse(l)!).Select(j => (name, j["study"]!.GetValue<string>(), j["status"]!.GetValue<string>())));
            }
            output.WriteLine(string.Join(", ", ran.GroupBy(r => r.Worker).Select(g => $"{g.Key} ran {g.Count()}")));

            // Every study ran once, by one of the two; the job table agrees: one job per study, one attempt each.
            Assert.Equal(studies.Order(StringComparer.Ordinal), ran.Select(r => r.Study).Order(StringComparer.Ordinal));
            var jobs = await node.Node.Store.Index.JobsAsync(null, CancellationToken.None);
            Assert.Equal(50, jobs.Count);
            Assert.All(jobs, j => Assert.Equal(1, j.Attempts));
            Assert.All(jobs, j => Assert.Equal(StudyProcessor.PipelineVersion, j.PipelineVersion));
            foreach (var job in jobs)
            {
                var run = ran.Single(r => r.Study == job.StudyInstanceUid);
                Assert.Equal(run.Worker, job.Worker);
                Assert.Equal(mibg.Contains(job.StudyInstanceUid) ? JobStatus.Done : JobStatus.NotApplicable, job.Status);
            }
            foreach (var uid in mibg)
            {
                var result = JsonNode.Parse(File.ReadAllText(Path.Combine(node.Node.Store.ResultsFolder(uid), "result.json")))!;
                Assert.InRange(result["measurements"]!["hm_late"]!["value"]!.GetValue<double>(), 1.0, 4.0);
            }

            // A third pass finds nothing left to run.
            var again = StartWorker(node.Folder.FullName, pg.Url, "worker-c");
            await again.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
            Assert.Equal(0, again.Process.ExitCode);
            Assert.Empty(again.Lines);
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_worker_refuses_a_bad_db_url_and_a_folder_that_is_no_node_s()
    {
        var bad = StartWorker(Path.GetTempPath(), "mysql://x@127.0.0.1/db", "w");
        await bad.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(2, bad.Process.ExitCode);
        Assert.Contains("--db", bad.Process.StandardError.ReadToEnd(), StringComparison.Ordinal);

        var empty = Directory.CreateTempSubdirectory("photopeak-notanode-");
        try
        {
            var notNode = StartWorker(empty.FullName, "sqlite", "w");
            await notNode.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            Assert.Equal(1, notNode.Process.ExitCode);
            Assert.Contains("has no studies/ folder", notNode.Process.StandardError.ReadToEnd(), StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private sealed record Worker(string Name, Process Process, List<string> Lines);

    private static Worker StartWorker(string data, string db, string name)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [Repository.PhotopeakDll, "worker", "--data", data, "--db", db, "--quiet-seconds", "0", "--once", "--name", name])
            { RedirectStandardOutput = true, RedirectStandardError = true },
        };
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) lock (lines) lines.Add(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        return new Worker(name, process, lines);
    }

    // A one-instance NM study (32 × 32, 16 bit) with its own UIDs.
    private static string WriteSmallStudy(string folder, int index)
    {
        var path = Path.Combine(folder, $"small{index:D2}.dcm");
        TestInstances.WriteSmallNm(path, DicomUid.Generate(), DicomUid.Generate(), $"WORKER{index:D2}", 1, 32, index);
        return path;
    }
}
