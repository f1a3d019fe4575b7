using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Photopeak.Network.Services;
using Photopeak.Server.Jobs;
using Photopeak.Server.Node;

namespace Photopeak.Server.Tests;

/// <summary>A node on a free loopback port over a temporary data folder, for one test.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    private TestNode(PhotopeakNode node, DirectoryInfo folder)
    {
        Node = node;
        Folder = folder;
    }

    public PhotopeakNode Node { get; }

    public DirectoryInfo Folder { get; }

    public int Port => Node.Server.Port;

    public DicomClient Client(string calling = "TESTSCU") => new("127.0.0.1", Port, calling, "PHOTOPEAK");

    /// <summary>A client of the node's HTTP server (started with http: true), on its loopback port.</summary>
    public HttpClient Http() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Node.Http!.Port}/"), Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<TestNode> StartAsync(bool processing = true, double quietSeconds = 0.5, DirectoryInfo? folder = null, IReadOnlyList<Forwarding.ForwardDestination>? forward = null, bool http = false,
        Microsoft.Extensions.Logging.ILoggerFactory? logging = null, long maxInstanceBytes = 1L << 30, Store.IndexDatabase? database = null)
    {
        folder ??= Directory.CreateTempSubdirectory("photopeak-node-");
        var node = await PhotopeakNode.StartAsync(new NodeOptions
        {
            DataFolder = folder.FullName,
            Database = database ?? Store.IndexDatabase.Sqlite,
            Dicom = new DicomServerOptions { Port = 0 },
            Forward = forward ?? [],
            Processing = new ProcessingOptions { Enabled = processing, QuietTime = TimeSpan.FromSeconds(quietSeconds) },
            // Port 0: Kestrel binds a port the system chooses. A port asked for free and bound later was taken in between once, by
            // another test's server on the 2-core CI machine ("address already in use").
            Http = http ? new Http.HttpServerOptions { Address = IPAddress.Loopback, Port = 0, MaxInstanceBytes = maxInstanceBytes } : null,
        }, logging ?? NullLoggerFactory.Instance, CancellationToken.None);
        return new TestNode(node, folder);
    }

    /// <summary>Waits (bounded) until the job of the study as it is stored now has finished and returns its result.json, or
    /// fails naming the job's state. A job that ran on part of the study (its files still arriving, the quiet time passed
    /// under load) does not count.</summary>
    public async Task<JsonNode> WaitForResultAsync(string studyUid, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var jobs = await Node.Store.Index.JobsAsync(studyUid, CancellationToken.None);
            var input = StudyProcessor.InputHash(await Node.Store.Index.InstancesAsync(studyUid, CancellationToken.None));
            if (jobs.FirstOrDefault(j => j.Status != JobStatus.Running && j.InputSha256 == input) is { } done)
            {
                Assert.True(done.Status == JobStatus.Done, $"study {studyUid}: job {done.Status}: {done.Message}");
                return JsonNode.Parse(File.ReadAllText(Path.Combine(Node.Store.ResultsFolder(studyUid), "result.json")))!;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"study {studyUid} was not processed within {limit.TotalSeconds} s");
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        Folder.Delete(recursive: true);
    }
}
