using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Photopeak.Procedures;
using Photopeak.Procedures.Pipeline;
using Photopeak.Server.Store;

namespace Photopeak.Server.Jobs;

/// <summary>How the node processes what it receives.</summary>
public sealed record ProcessingOptions
{
    /// <summary>A study is complete once nothing of it has arrived for this long (cameras send a study in bursts).</summary>
    public TimeSpan QuietTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before a failing job is left failed.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>A running claim older than this is taken to belong to a dead worker and is taken over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>This worker's name in the job table.</summary>
    public string Worker { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Processing runs on the node; false makes a store-only node (another machine's workers process).</summary>
    public bool Enabled { get; init; } = true;
}

/// <summary>
/// Processes each study once it is complete (quiet for <see cref="ProcessingOptions.QuietTime"/>) with the same code as
/// <c>photopeak process</c>, writing result.json, the draft reports and the measurement SR under results/STUDY, and queues
/// report.dcm and the SR for forwarding. A job is keyed by study, the
/// SHA-256 of its instances and the pipeline version, and claimed in the index before it runs, so a restart, a second node
/// or a study that arrives twice never processes the same input twice; new instances make a new input and a new job.
/// </summary>
public sealed class ArrivalProcessor : IAsyncDisposable
{
    /// <summary>The pipeline version in job keys: a new release reprocesses what an older one processed.</summary>
    public static string PipelineVersion { get; } = typeof(ProcedureRunner).Assembly.GetName().Version?.ToString() ?? "0";

    private readonly InstanceStore store;
    private readonly Forwarding.Forwarder? forwarder;
    private readonly ProcessingOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> pending = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    /// <summary>Starts the loop; studies already stored but never processed for their present input are queued too.</summary>
    public ArrivalProcessor(InstanceStore store, ProcessingOptions options, ILogger logger, Forwarding.Forwarder? forwarder = null)
    {
        this.store = store;
        this.forwarder = forwarder;
        this.options = options;
        this.logger = logger;
        loop = options.Enabled ? Task.Run(LoopAsync) : Task.CompletedTask;
    }

    /// <summary>Notes that an instance of a study arrived (restarting its quiet time).</summary>
    public void Arrived(string studyInstanceUid)
    {
        if (options.Enabled) pending[studyInstanceUid] = DateTimeOffset.UtcNow;
    }

    /// <summary>Processes one study now if its present input has no finished job; returns the job's final status.</summary>
    public async Task<JobStatus?> ProcessAsync(string studyUid, CancellationToken cancel)
    {
        var instances = await store.Index.InstancesAsync(studyUid, cancel).ConfigureAwait(false);
        if (instances.Count == 0) return null;
        var input = InputHash(instances);
        if (!await store.Index.ClaimJobAsync(studyUid, input, PipelineVersion, options.Worker, options.MaxAttempts, options.Lease, cancel).ConfigureAwait(false))
            return null;
        logger.LogInformation("processing study {StudyUid} ({Count} instances)", studyUid, instances.Count);
        var (status, procedure, message) = await Task.Run(() => Run(studyUid, instances), cancel).ConfigureAwait(false);
        await store.Index.FinishJobAsync(studyUid, input, PipelineVersion, status, procedure, message, cancel).ConfigureAwait(false);
        if (status == JobStatus.Done && forwarder is not null)
            await forwarder.QueueAsync(studyUid, ResultDocuments.Forwarded.Select(f => Path.GetRelativePath(store.Root, Path.Combine(store.ResultsFolder(studyUid), f))), cancel)
                .ConfigureAwait(false);
        if (status == JobStatus.Failed) logger.LogWarning("study {StudyUid} not processed: {Reason}", studyUid, message);
        else logger.LogInformation("study {StudyUid}: {Status}{Procedure}", studyUid, status, procedure is null ? "" : $" as {procedure}");
        return status;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        try { await loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        stopping.Dispose();
    }

    private (JobStatus, string?, string?) Run(string studyUid, IReadOnlyList<StoredInstance> instances)
    {
        try
        {
            var run = ProcedureRunner.Default.Run(store.StudyFolder(studyUid), new ProcedureRequest());
            ProcedureOutputs.Write(run.Outcome, store.ResultsFolder(studyUid));
            ResultDocuments.WriteMeasurementSr(store.ResultsFolder(studyUid), instances);
            return (JobStatus.Done, run.Procedure.Name, null);
        }
        catch (ProcedureNotRecognisedException e)
        {
            return (JobStatus.NotApplicable, null, e.Message);
        }
        catch (Exception e) when (e is ProcedureInputException or ProcedureOutputException or ProcedureOptionException or IOException
            or Imaging.StudyValidationException or Dicom.DicomFormatException or Reporting.Dicom.ReportDicomException)
        {
            return (JobStatus.Failed, null, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "processing study {StudyUid} failed unexpectedly", studyUid);
            return (JobStatus.Failed, null, e.GetType().Name + ": " + e.Message);
        }
    }

    private async Task LoopAsync()
    {
        foreach (var uid in await store.Index.StudyUidsAsync(stopping.Token).ConfigureAwait(false)) pending.TryAdd(uid, DateTimeOffset.UtcNow);
        while (!stopping.IsCancellationRequested)
        {
            try { await Task.Delay(TimeSpan.FromMilliseconds(250), stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            var now = DateTimeOffset.UtcNow;
            foreach (var (uid, last) in pending)
            {
                if (now - last < options.QuietTime || !pending.TryRemove(new KeyValuePair<string, DateTimeOffset>(uid, last))) continue;
                try
                {
                    if (await ProcessAsync(uid, stopping.Token).ConfigureAwait(false) == JobStatus.Failed) pending.TryAdd(uid, now + options.QuietTime);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
                catch (Exception e)
                {
                    logger.LogError(e, "the job of study {StudyUid} could not be run", uid);
                }
            }
        }
    }

    /// <summary>The study's input as a job key: the SHA-256 of its instances' UIDs and content hashes, in UID order.</summary>
    internal static string InputHash(IEnumerable<StoredInstance> instances)
    {
        var text = new StringBuilder();
        foreach (var i in instances.OrderBy(i => i.Attributes.SopInstanceUid, StringComparer.Ordinal)) text.Append(i.Attributes.SopInstanceUid).Append(':').Append(i.Sha256).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
