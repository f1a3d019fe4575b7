using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Photopeak.Server.Store;

namespace Photopeak.Server.Reports;

/// <summary>
/// One change at a time to a study's report, across every process sharing the index (a node and its workers): a lease in the
/// index's review_locks table, taken by one conditional upsert, renewed while the change runs and given back when it ends.
/// A lease left by a process that died expires after <see cref="Lease"/>. Within a process a semaphore per index and study
/// queues the waiters, so only one of them polls. A waiter gives up after its own limit with <see cref="ReviewBusyException"/>.
/// </summary>
internal sealed class ReviewLock(StoreIndex index)
{
    /// <summary>How long a lease lasts without renewal by default: what a dead process's lease blocks the study for.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>How long this lock's leases last without renewal; they are renewed every third of it, so two missed
    /// renewals still leave one held.</summary>
    public TimeSpan Length { get; init; } = Lease;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    // Per index, then per study: each node in a process (the tests run several at once) queues its own waiters. Keyed by
    // study alone, one node's change held up another node's wait on a study of the same UID (simulated studies of one seed
    // share theirs), and a test waiting 1 s for its own node's lease was told the study was busy.
    private static readonly ConditionalWeakTable<StoreIndex, ConcurrentDictionary<string, SemaphoreSlim>> Local = new();

    /// <summary>Waits up to <paramref name="wait"/> for the study's lease and holds it until the result is disposed; throws
    /// <see cref="ReviewBusyException"/> when another change still holds it then.</summary>
    public async Task<ReviewLease> TakeAsync(string studyUid, TimeSpan wait, CancellationToken cancel)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        var local = Local.GetValue(index, _ => new(StringComparer.Ordinal)).GetOrAdd(studyUid, _ => new SemaphoreSlim(1, 1));
        if (!await local.WaitAsync(wait, cancel).ConfigureAwait(false)) throw Busy(studyUid, wait);
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        try
        {
            while (!await TryTakeAsync(studyUid, owner, cancel).ConfigureAwait(false))
            {
                if (DateTimeOffset.UtcNow >= deadline) throw Busy(studyUid, wait);
                await Task.Delay(Poll, cancel).ConfigureAwait(false);
            }
        }
        catch
        {
            local.Release();
            throw;
        }
        return new ReviewLease(index, studyUid, owner, local, Length);
    }

    private static ReviewBusyException Busy(string studyUid, TimeSpan wait) =>
        new($"another change to the report of study {studyUid} is still under way after {wait.TotalSeconds:0} s; try again when it has finished");

    private async Task<bool> TryTakeAsync(string studyUid, string owner, CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        return await index.ExecuteAsync("INSERT INTO review_locks (study_instance_uid, owner, expires_utc) VALUES (@p0, @p1, @p2) " +
            "ON CONFLICT (study_instance_uid) DO UPDATE SET owner = excluded.owner, expires_utc = excluded.expires_utc WHERE review_locks.expires_utc < @p3",
            [studyUid, owner, Utc(now + Length), Utc(now)], cancel).ConfigureAwait(false) == 1;
    }

    internal static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>A held review lease: renewed in the background until disposed. A lease can still be lost (this process stalled
/// past its length and another took it), so a change confirms it (<see cref="ConfirmAsync"/>) before it commits.</summary>
internal sealed class ReviewLease : IAsyncDisposable
{
    private readonly StoreIndex index;
    private readonly string studyUid, owner;
    private readonly SemaphoreSlim local;
    private readonly TimeSpan length;
    private readonly CancellationTokenSource ending = new();
    private readonly Task renewing;
    private volatile bool lost;

    internal ReviewLease(StoreIndex index, string studyUid, string owner, SemaphoreSlim local, TimeSpan length)
    {
        (this.index, this.studyUid, this.owner, this.local, this.length) = (index, studyUid, owner, local, length);
        renewing = RenewLoopAsync();
    }

    /// <summary>True once a renewal found the lease taken by another owner: the change must not commit.</summary>
    public bool Lost => lost;

    /// <summary>Who holds the lease (machine, process, change): a commit can check in SQL that it still does.</summary>
    public string Owner => owner;

    /// <summary>Renews the lease now and throws <see cref="ReviewBusyException"/> when it was lost, so what follows (a
    /// signature's commit) runs with a full lease still held.</summary>
    public async Task ConfirmAsync(CancellationToken cancel)
    {
        if (lost || !await RenewAsync(cancel).ConfigureAwait(false))
            throw new ReviewBusyException($"this change to the report of study {studyUid} lost its lease to another process (it stalled longer than {length.TotalSeconds:0} s); nothing was committed, try again");
    }

    // True when the lease is still this owner's (and now runs a full length again).
    private async Task<bool> RenewAsync(CancellationToken cancel)
    {
        var held = await index.ExecuteAsync("UPDATE review_locks SET expires_utc = @p0 WHERE study_instance_uid = @p1 AND owner = @p2",
            [ReviewLock.Utc(DateTimeOffset.UtcNow + length), studyUid, owner], cancel).ConfigureAwait(false) == 1;
        if (!held) lost = true;
        return held;
    }

    // Keeps the lease while the change runs, however long a procedure takes; a process that dies stops renewing.
    private async Task RenewLoopAsync()
    {
        while (!lost)
        {
            try { await Task.Delay(length / 3, ending.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            try { await RenewAsync(ending.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (Exception) { /* a busy database: the next renewal tries again, well within the lease */ }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await ending.CancelAsync().ConfigureAwait(false);
        await renewing.ConfigureAwait(false);
        ending.Dispose();
        try
        {
            await index.ExecuteAsync("DELETE FROM review_locks WHERE study_instance_uid = @p0 AND owner = @p1", [studyUid, owner], CancellationToken.None).ConfigureAwait(false);
        }
        finally { local.Release(); }
    }
}

/// <summary>Another change to the study's report held it longer than this one would wait.</summary>
public sealed class ReviewBusyException(string message) : Exception(message);
