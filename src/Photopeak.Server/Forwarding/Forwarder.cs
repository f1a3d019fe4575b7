using Microsoft.Extensions.Logging;
using Photopeak.Network;
using Photopeak.Network.Dimse;
using Photopeak.Network.Services;
using Photopeak.Server.Store;

namespace Photopeak.Server.Forwarding;

/// <summary>
/// Sends each study's result documents (report.dcm and the measurement SR) to every destination by C-STORE, from a queue kept
/// in the index, until each is acknowledged: a refused or failed send is retried with a growing delay (2 s doubling to 5 min),
/// across restarts.
/// </summary>
public sealed class Forwarder : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private readonly InstanceStore store;
    private readonly IReadOnlyList<ForwardDestination> destinations;
    private readonly string callingAETitle;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    /// <summary>Starts sending what is queued for <paramref name="destinations"/> as <paramref name="callingAETitle"/>.</summary>
    public Forwarder(InstanceStore store, IReadOnlyList<ForwardDestination> destinations, string callingAETitle, ILogger logger)
    {
        this.store = store;
        this.destinations = destinations;
        this.callingAETitle = callingAETitle;
        this.logger = logger;
        loop = destinations.Count == 0 ? Task.CompletedTask : Task.Run(LoopAsync);
    }

    /// <summary>Queues files of the data folder (relative paths) for every destination.</summary>
    public Task QueueAsync(string studyUid, IEnumerable<string> relativePaths, CancellationToken cancel) =>
        QueueAsync(studyUid, relativePaths, onlyUnqueued: false, cancel);

    /// <summary>Queues files (relative paths) for every destination unless any of them was ever queued: what a crash may
    /// have left unqueued is queued, and a destination added since is not sent older documents.</summary>
    public Task QueueUnqueuedAsync(string studyUid, IEnumerable<string> relativePaths, CancellationToken cancel) =>
        QueueAsync(studyUid, relativePaths, onlyUnqueued: true, cancel);

    private Task QueueAsync(string studyUid, IEnumerable<string> relativePaths, bool onlyUnqueued, CancellationToken cancel) =>
        destinations.Count == 0 ? Task.CompletedTask
            : store.Index.QueueForwardsAsync(destinations.Select(d => d.ToString()).ToList(), relativePaths.ToList(), studyUid, onlyUnqueued, cancel);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        try { await loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        stopping.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            foreach (var destination in destinations)
            {
                try { await SendDueAsync(destination).ConfigureAwait(false); }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
                catch (Exception e) { logger.LogError(e, "forwarding to {Destination} failed", destination); }
            }
            try { await Task.Delay(Poll, stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task SendDueAsync(ForwardDestination destination)
    {
        var key = destination.ToString();
        var due = await store.Index.DueForwardsAsync(key, 50, stopping.Token).ConfigureAwait(false);
        if (due.Count == 0) return;
        var attempts = due.ToDictionary(d => d.Path, d => d.Attempts);
        var client = new DicomClient(destination.Host, destination.Port, callingAETitle, destination.AETitle,
            new AssociationTimeouts { Connect = TimeSpan.FromSeconds(10), Response = TimeSpan.FromSeconds(60) });
        IReadOnlyList<(string Path, ushort Status)> results;
        try
        {
            results = await client.StoreFilesAsync(due.Select(d => Path.Combine(store.Root, d.Path)).ToList(), stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AssociationAbortedException or AssociationRejectedException or IOException or Dicom.DicomFormatException)
        {
            foreach (var (path, made) in due) await RecordAsync(key, path, made, null, e.Message).ConfigureAwait(false);
            logger.LogWarning("forwarding {Count} file(s) to {Destination} failed, will retry: {Problem}", due.Count, key, e.Message);
            return;
        }
        foreach (var (full, status) in results)
        {
            var path = Path.GetRelativePath(store.Root, full);
            await RecordAsync(key, path, attempts[path], status, DimseStatus.IsSuccessOrWarning(status) ? null : $"status 0x{status:X4}").ConfigureAwait(false);
        }
        logger.LogInformation("forwarded {Count} file(s) to {Destination}", results.Count(r => DimseStatus.IsSuccessOrWarning(r.Status)), key);
    }

    // The next attempt waits 2 s doubling with each failed one, at most 5 min.
    private Task RecordAsync(string destination, string path, int attemptsBefore, ushort? status, string? problem)
    {
        var acknowledged = status is { } s && DimseStatus.IsSuccessOrWarning(s);
        var delay = TimeSpan.FromSeconds(Math.Min(300, 2 * Math.Pow(2, Math.Min(attemptsBefore, 8))));
        return store.Index.RecordForwardAsync(destination, path, acknowledged, problem, DateTimeOffset.UtcNow + delay, stopping.Token);
    }
}
