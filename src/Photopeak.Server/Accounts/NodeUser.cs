namespace Photopeak.Server.Accounts;

/// <summary>A web-review account as ASP.NET Core Identity manages it: name (also its id), one role, the password's hash
/// (PBKDF2, Identity's format), the security stamp that invalidates sessions when the account changes, and lockout state.
/// Mutable because Identity's stores work on the object in place.</summary>
public sealed class NodeUser
{
    public required string UserName { get; set; }
    public string NormalizedUserName { get; set; } = "";
    public NodeRole Role { get; set; }
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public int AccessFailedCount { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }
    public DateTimeOffset CreatedUtc { get; set; } = DateTimeOffset.UtcNow;
}
