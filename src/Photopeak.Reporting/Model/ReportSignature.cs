namespace Photopeak.Reporting.Model;

/// <summary>Who signed, when, and the SHA-256 of the report content at signing (hex), which later verification compares.</summary>
public sealed record ReportSignature(string Signer, DateTimeOffset SignedAt, string ContentSha256);
