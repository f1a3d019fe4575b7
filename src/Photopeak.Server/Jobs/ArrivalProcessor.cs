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
    public Task<JobStatus?> ProcessAsync(string studyUid, CancellationToken cancel) => processor.ProcessAsync(studyUid, cancel);

    /// <summary>Processes one study again now, whatever its earlier jobs gave (a technologist's rerun: after a failure, or to
    /// redo the analysis; a draft keeps the physician's edits); null when another worker is processing it at this moment.</summary>
    public async Task<JobStatus?> RerunAsync(string studyUid, CancellationToken cancel)
    {
        await store.Index.ForgetFinishedJobsAsync(studyUid, cancel).ConfigureAwait(false);
        pending.TryRemove(studyUid, out _);
        return await processor.ProcessAsync(studyUid, cancel).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        try { await loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
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
