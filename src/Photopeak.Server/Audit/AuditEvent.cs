namespace Photopeak.Server.Audit;

/// <summary>One entry of the audit trail: when, who (null where the node had no accounts yet), what (e.g. "sign-in",
/// "GET /api/studies/{study}"), on which object (a Study Instance UID, a user name; never a patient's name), how it ended
/// ("ok", "denied", "locked", an HTTP status), and a short detail.</summary>
public sealed record AuditEvent(string EventId, DateTimeOffset TimeUtc, string? UserName, string Action, string? Object, string Outcome, string? Detail);
