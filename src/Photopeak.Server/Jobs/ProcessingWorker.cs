using Microsoft.Extensions.Logging;
using Photopeak.Server.Store;

namespace Photopeak.Server.Jobs;

/// <summary>
/// A processing-only worker (<c>photopeak worker</c>): takes each complete study of a node's index whose present input has
/// no finished job and processes it. Several workers on one PostgreSQL index share an archive; the claim in
/// <see cref="StudyProcessor"/> makes each input run once, whoever runs it.
/// </summary>
public sealed class ProcessingWorker(InstanceStore store, ProcessingOptions options, ILogger logger)
{
    private readonly StudyProcessor processor = new(store, options, logger);

    /// <summary>One pass over the studies quiet for <see cref="ProcessingOptions.QuietTime"/>; calls
    /// <paramref name="processed"/> for each study this worker ran, and returns how many it ran.</summary>
    public async Task<int> PassAsync(Action<string, JobStatus> processed, CancellationToken cancel)
    {
        var count = 0;
        foreach (var uid in await store.Index.QuietStudyUidsAsync(DateTimeOffset.UtcNow - options.QuietTime, cancel).ConfigureAwait(false))
        {
            cancel.ThrowIfCancellationRequested();
            if (await processor.ProcessAsync(uid, cancel).ConfigureAwait(false) is not { } status) continue;
            processed(uid, status);
            count++;
        }
        return count;
    }

    /// <summary>Passes until <paramref name="cancel"/>, resting <paramref name="poll"/> after a pass that ran nothing.</summary>
    public async Task RunAsync(TimeSpan poll, Action<string, JobStatus> processed, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            if (await PassAsync(processed, cancel).ConfigureAwait(false) > 0) continue;
            await Task.Delay(poll, cancel).ConfigureAwait(false);
        }
    }
}
