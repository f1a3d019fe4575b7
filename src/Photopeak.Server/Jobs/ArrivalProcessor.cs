using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Photopeak.Server.Store;

namespace Photopeak.Server.Jobs;

/// <summary>
/// Processes each study once it is complete (quiet for <see cref="ProcessingOptions.QuietTime"/>) through a
/// <see cref="StudyProcessor"/>, which claims the job in the index first, so a restart, a second node or a worker never
/// processes the same input twice.
/// </summary>
public sealed class ArrivalProcessor : IAsyncDisposable
{
    private readonly StudyProcessor processor;
    private readonly InstanceStore store;
    private readonly ProcessingOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> pending = new();
    private readonly CancellationTokenSource stopping = new();
    // One study processed at a time in this node, whether it arrived or a person asked for a rerun: a reconstruction
    // takes both cores.
    private readonly SemaphoreSlim running = new(1, 1);
    private readonly Task loop;

    /// <summary>Starts the loop; studies already stored but never processed for their present input are queued too.</summary>
    public ArrivalProcessor(InstanceStore store, ProcessingOptions options, ILogger logger, Forwarding.Forwarder? forwarder = null)
    {
        this.store = store;
        this.options = options;
        this.logger = logger;
        processor = new StudyProcessor(store, options, logger, forwarder);
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
        await running.WaitAsync(cancel).ConfigureAwait(false);
        try { return await processor.ProcessAsync(studyUid, cancel).ConfigureAwait(false); }
        finally { running.Release(); }
    }

    /// <summary>Processes one study again, whatever its earlier jobs gave (a technologist's rerun: after a failure, or to redo
    /// the analysis; a draft keeps the physician's edits), after the study being processed now, and stops with the node.
    /// The outcome is null when another worker is processing it at this moment. A node that does not process (its workers
    /// do) only forgets the finished jobs, so that a worker takes the study: Queued is then true, with no outcome.</summary>
    public async Task<(bool Queued, JobOutcome? Outcome)> RerunAsync(string studyUid, CancellationToken cancel)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, stopping.Token);
        await store.Index.ForgetFinishedJobsAsync(studyUid, linked.Token).ConfigureAwait(false);
        if (!options.Enabled) return (true, null);
        pending.TryRemove(studyUid, out _);
        await running.WaitAsync(linked.Token).ConfigureAwait(false);
        try { return (false, await processor.RunJobAsync(studyUid, linked.Token).ConfigureAwait(false)); }
        finally { running.Release(); }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        try { await loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        // A rerun in flight sees the cancellation; it is waited for (a little) so the store outlives it.
        if (await running.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false)) running.Release();
        stopping.Dispose();
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
}
