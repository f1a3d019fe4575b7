namespace Photopeak.Server.Reports;

/// <summary>One version of a study's report in the review: a draft, or signed by whom, when and over which content
/// (SHA-256 of the report's canonical form); versions after the first amend the one before for <see cref="AmendmentReason"/>.</summary>
public sealed record ReportVersion(string StudyInstanceUid, int Version, bool Signed, string? Signer, DateTimeOffset? SignedUtc, string? ContentSha256,
    string? AmendmentReason);
