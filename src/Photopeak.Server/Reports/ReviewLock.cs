using System.Collections.Concurrent;
using System.Globalization;
using Photopeak.Server.Store;

namespace Photopeak.Server.Reports;

/// <summary>
/// One change at a time to a study's report, across every process sharing the index (a node and its workers): a lease in the
/// index's review_locks table, taken by one conditional upsert and given back when the change ends. A lease left by a process
/// that died expires after <see cref="Lease"/>. Within a process a semaphore queues the waiters, so only one of them polls.
/// </summary>
internal sealed class ReviewLock(StoreIndex index)
{
    /// <summary>How long a lease lasts: longer than any procedure run (a two-bed SPECT takes about a minute on two cores).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Local = new(StringComparer.Ordinal);

    /// <summary>Waits for the study's lease and holds it until the result is disposed.</summary>
    public async Task<IAsyncDisposable> TakeAsync(string studyUid, CancellationToken cancel)
    {
        var local = Local.GetOrAdd(studyUid, _ => new SemaphoreSlim(1, 1));
        await local.WaitAsync(cancel).ConfigureAwait(false);
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        try
        {
            while (!await TryTakeAsync(studyUid, owner, cancel).ConfigureAwait(false)) await Task.Delay(Poll, cancel).ConfigureAwait(false);
        }
        catch
        {
            local.Release();
            throw;
        }
        return new Held(index, studyUid, owner, local);
    }

    private async Task<bool> TryTakeAsync(string studyUid, string owner, CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        return await index.ExecuteAsync("INSERT INTO review_locks (study_instance_uid, owner, expires_utc) VALUES (@p0, @p1, @p2) " +
            "ON CONFLICT (study_instance_uid) DO UPDATE SET owner = excluded.owner, expires_utc = excluded.expires_utc WHERE review_locks.expires_utc < @p3",
            [studyUid, owner, Utc(now + Lease), Utc(now)], cancel).ConfigureAwait(false) == 1;
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private sealed class Held(StoreIndex index, string studyUid, string owner, SemaphoreSlim local) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await index.ExecuteAsync("DELETE FROM review_locks WHERE study_instance_uid = @p0 AND owner = @p1", [studyUid, owner], CancellationToken.None).ConfigureAwait(false);
            }
            finally { local.Release(); }
        }
    }
}
