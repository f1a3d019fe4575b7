using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Photopeak.Server.Store;

namespace Photopeak.Server.Audit;

/// <summary>
/// The audit trail in the index database (table audit_events): every view, change, signature and export, with user, time and
/// object, kept in the order it happened; an admin pages through it or exports it as CSV. Entries are durable when
/// <see cref="RecordAsync"/> returns, like the index's other commits.
/// </summary>
public sealed class AuditTrail(StoreIndex index)
{
    /// <summary>Records one event now.</summary>
    public Task RecordAsync(string? userName, string action, string? @object, string outcome, string? detail, CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        // Time first, so ids sort in time; a random tail keeps events of the same tick apart.
        var id = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return index.ExecuteAsync("INSERT INTO audit_events (event_id, time_utc, user_name, action, object, outcome, detail) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)",
            [id, now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), userName, action, @object, outcome, detail], cancel);
    }

    /// <summary>One page of events, newest first (page 1 is the latest), and how many there are in all.</summary>
    public async Task<(IReadOnlyList<AuditEvent> Events, long Total)> PageAsync(int page, int pageSize, CancellationToken cancel)
    {
        var total = (await index.ReadAsync("SELECT COUNT(*) FROM audit_events", [], r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancel).ConfigureAwait(false))[0];
        var events = await index.ReadAsync("SELECT event_id, time_utc, user_name, action, object, outcome, detail FROM audit_events ORDER BY event_id DESC LIMIT @p0 OFFSET @p1",
            [pageSize, (long)(page - 1) * pageSize], Read, cancel).ConfigureAwait(false);
        return (events, total);
    }

    /// <summary>Every event, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEvent>> AllAsync(CancellationToken cancel) =>
        await index.ReadAsync("SELECT event_id, time_utc, user_name, action, object, outcome, detail FROM audit_events ORDER BY event_id", [], Read, cancel).ConfigureAwait(false);

    /// <summary>Events as CSV (RFC 4180: header line, fields quoted where they hold a comma, quote or line break).</summary>
    public static string ToCsv(IEnumerable<AuditEvent> events)
    {
        var csv = new StringBuilder("event_id,time_utc,user,action,object,outcome,detail\r\n");
        foreach (var e in events)
            csv.AppendJoin(',', new[] { e.EventId, e.TimeUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.UserName, e.Action, e.Object, e.Outcome, e.Detail }.Select(Field))
                .Append("\r\n");
        return csv.ToString();
    }

    private static string Field(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static AuditEvent Read(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), r.IsDBNull(2) ? null : r.GetString(2),
        r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6));
}
