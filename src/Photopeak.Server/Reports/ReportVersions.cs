using System.Globalization;
using Photopeak.Server.Store;

namespace Photopeak.Server.Reports;

/// <summary>The report versions of each study (table report_versions of the index).</summary>
internal sealed class ReportVersions(StoreIndex index)
{
    private const string Columns = "study_instance_uid, version, status, signer, signed_utc, content_sha256, amendment_reason";

    /// <summary>Every version of a study, oldest first.</summary>
    public Task<List<ReportVersion>> OfAsync(string studyUid, CancellationToken cancel) =>
        index.ReadAsync($"SELECT {Columns} FROM report_versions WHERE study_instance_uid = @p0 ORDER BY version", [studyUid], Read, cancel);

    /// <summary>The latest version of every study that has one, by Study Instance UID.</summary>
    public async Task<Dictionary<string, ReportVersion>> LatestAsync(CancellationToken cancel)
    {
        var all = await index.ReadAsync($"SELECT {Columns} FROM report_versions ORDER BY study_instance_uid, version", [], Read, cancel).ConfigureAwait(false);
        return all.GroupBy(v => v.StudyInstanceUid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }

    /// <summary>Adds a draft version; false when the study already has it.</summary>
    public async Task<bool> AddDraftAsync(string studyUid, int version, string? amendmentReason, CancellationToken cancel) =>
        await index.ExecuteAsync("INSERT INTO report_versions (study_instance_uid, version, status, amendment_reason, updated_utc) VALUES (@p0, @p1, 'draft', @p2, @p3) " +
            "ON CONFLICT (study_instance_uid, version) DO NOTHING", [studyUid, version, amendmentReason, Utc(DateTimeOffset.UtcNow)], cancel).ConfigureAwait(false) == 1;

    /// <summary>Marks a draft signed, in the same statement as it checks that <paramref name="leaseOwner"/> still holds the
    /// study's review lease; false when it was not a draft (signed meanwhile) or the lease is another's.</summary>
    public async Task<bool> SignAsync(string studyUid, int version, string signer, DateTimeOffset signedAt, string contentSha256, string leaseOwner, CancellationToken cancel) =>
        await index.ExecuteAsync("UPDATE report_versions SET status = 'signed', signer = @p2, signed_utc = @p3, content_sha256 = @p4, updated_utc = @p5 " +
            "WHERE study_instance_uid = @p0 AND version = @p1 AND status = 'draft' " +
            "AND EXISTS (SELECT 1 FROM review_locks l WHERE l.study_instance_uid = @p0 AND l.owner = @p6)",
            [studyUid, version, signer, Utc(signedAt), contentSha256, Utc(DateTimeOffset.UtcNow), leaseOwner], cancel).ConfigureAwait(false) == 1;

    private static ReportVersion Read(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture), r.GetString(2) == "signed", r.IsDBNull(3) ? null : r.GetString(3),
        r.IsDBNull(4) ? null : DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6));

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
