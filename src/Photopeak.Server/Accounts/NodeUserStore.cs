using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Photopeak.Server.Store;

namespace Photopeak.Server.Accounts;

/// <summary>
/// ASP.NET Core Identity's user store over the node's index database (table users, SQLite or PostgreSQL like the rest of the
/// index), so accounts live beside the studies they give access to and need no second database or schema tool.
/// </summary>
internal sealed class NodeUserStore(StoreIndex index) :
    IUserPasswordStore<NodeUser>, IUserLockoutStore<NodeUser>, IUserSecurityStampStore<NodeUser>, IUserRoleStore<NodeUser>
{
    private const string Columns = "user_name, normalized_name, role, password_hash, security_stamp, access_failed_count, lockout_end_utc, created_utc";

    /// <summary>Every account, by name.</summary>
    public Task<List<NodeUser>> AllAsync(CancellationToken cancel) => index.ReadAsync($"SELECT {Columns} FROM users ORDER BY user_name", [], Read, cancel);

    /// <summary>Whether the node has any account: until it has, its HTTP API is open (as before accounts existed).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancel) =>
        (await index.ReadAsync("SELECT COUNT(*) FROM users", [], r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancel).ConfigureAwait(false))[0] > 0;

    public async Task<IdentityResult> CreateAsync(NodeUser user, CancellationToken cancel)
    {
        var rows = await index.ExecuteAsync($"INSERT INTO users ({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7) ON CONFLICT DO NOTHING", Values(user), cancel)
            .ConfigureAwait(false);
        return rows == 1 ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "DuplicateUserName", Description = $"a user named '{user.UserName}' exists already" });
    }

    public async Task<IdentityResult> UpdateAsync(NodeUser user, CancellationToken cancel)
    {
        // The failure count and lockout are written where they change (below), so parallel sign-ins never write back a stale count.
        var rows = await index.ExecuteAsync("UPDATE users SET normalized_name = @p1, role = @p2, password_hash = @p3, security_stamp = @p4 WHERE user_name = @p0",
            Values(user)[..5], cancel).ConfigureAwait(false);
        return rows == 1 ? IdentityResult.Success : IdentityResult.Failed(new IdentityError { Code = "UnknownUser", Description = $"no user named '{user.UserName}'" });
    }

    public async Task<IdentityResult> DeleteAsync(NodeUser user, CancellationToken cancel)
    {
        await index.ExecuteAsync("DELETE FROM users WHERE user_name = @p0", [user.UserName], cancel).ConfigureAwait(false);
        return IdentityResult.Success;
    }

    public async Task<NodeUser?> FindByIdAsync(string userId, CancellationToken cancel) =>
        (await index.ReadAsync($"SELECT {Columns} FROM users WHERE user_name = @p0", [userId], Read, cancel).ConfigureAwait(false)).FirstOrDefault();

    public async Task<NodeUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancel) =>
        (await index.ReadAsync($"SELECT {Columns} FROM users WHERE normalized_name = @p0", [normalizedUserName], Read, cancel).ConfigureAwait(false)).FirstOrDefault();

    public Task<string> GetUserIdAsync(NodeUser user, CancellationToken cancel) => Task.FromResult(user.UserName);
    public Task<string?> GetUserNameAsync(NodeUser user, CancellationToken cancel) => Task.FromResult<string?>(user.UserName);
    public Task SetUserNameAsync(NodeUser user, string? userName, CancellationToken cancel) { user.UserName = userName ?? user.UserName; return Task.CompletedTask; }
    public Task<string?> GetNormalizedUserNameAsync(NodeUser user, CancellationToken cancel) => Task.FromResult<string?>(user.NormalizedUserName);
    public Task SetNormalizedUserNameAsync(NodeUser user, string? normalizedName, CancellationToken cancel) { user.NormalizedUserName = normalizedName ?? ""; return Task.CompletedTask; }

    public Task SetPasswordHashAsync(NodeUser user, string? passwordHash, CancellationToken cancel) { user.PasswordHash = passwordHash; return Task.CompletedTask; }
    public Task<string?> GetPasswordHashAsync(NodeUser user, CancellationToken cancel) => Task.FromResult(user.PasswordHash);
    public Task<bool> HasPasswordAsync(NodeUser user, CancellationToken cancel) => Task.FromResult(user.PasswordHash is not null);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(NodeUser user, CancellationToken cancel) => Task.FromResult(user.LockoutEnd);

    // Lockout fields go to the database at once, and the count is incremented there: a burst of parallel wrong passwords costs
    // one strike each (a read-modify-write of the whole user would let them all write the same count).
    public async Task SetLockoutEndDateAsync(NodeUser user, DateTimeOffset? lockoutEnd, CancellationToken cancel)
    {
        user.LockoutEnd = lockoutEnd;
        await index.ExecuteAsync("UPDATE users SET lockout_end_utc = @p1 WHERE user_name = @p0",
            [user.UserName, lockoutEnd?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)], cancel).ConfigureAwait(false);
    }

    public async Task<int> IncrementAccessFailedCountAsync(NodeUser user, CancellationToken cancel)
    {
        var counts = await index.ReadAsync("UPDATE users SET access_failed_count = access_failed_count + 1 WHERE user_name = @p0 RETURNING access_failed_count",
            [user.UserName], r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), cancel).ConfigureAwait(false);
        return user.AccessFailedCount = counts.Count == 1 ? counts[0] : user.AccessFailedCount + 1;
    }

    public async Task ResetAccessFailedCountAsync(NodeUser user, CancellationToken cancel)
    {
        user.AccessFailedCount = 0;
        await index.ExecuteAsync("UPDATE users SET access_failed_count = 0 WHERE user_name = @p0", [user.UserName], cancel).ConfigureAwait(false);
    }

    public Task<int> GetAccessFailedCountAsync(NodeUser user, CancellationToken cancel) => Task.FromResult(user.AccessFailedCount);
    // Every account can be locked out: a clinical system has no exempt users.
    public Task<bool> GetLockoutEnabledAsync(NodeUser user, CancellationToken cancel) => Task.FromResult(true);
    public Task SetLockoutEnabledAsync(NodeUser user, bool enabled, CancellationToken cancel) => Task.CompletedTask;

    public Task SetSecurityStampAsync(NodeUser user, string stamp, CancellationToken cancel) { user.SecurityStamp = stamp; return Task.CompletedTask; }
    public Task<string?> GetSecurityStampAsync(NodeUser user, CancellationToken cancel) => Task.FromResult<string?>(user.SecurityStamp);

    // One role per account.
    public Task AddToRoleAsync(NodeUser user, string roleName, CancellationToken cancel) { user.Role = NodeRoles.Parse(roleName); return Task.CompletedTask; }
    public Task RemoveFromRoleAsync(NodeUser user, string roleName, CancellationToken cancel) => Task.CompletedTask;
    public Task<IList<string>> GetRolesAsync(NodeUser user, CancellationToken cancel) => Task.FromResult<IList<string>>([NodeRoles.Name(user.Role)]);
    public Task<bool> IsInRoleAsync(NodeUser user, string roleName, CancellationToken cancel) =>
        Task.FromResult(string.Equals(NodeRoles.Name(user.Role), roleName, StringComparison.OrdinalIgnoreCase));
    public async Task<IList<NodeUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancel) =>
        await index.ReadAsync($"SELECT {Columns} FROM users WHERE role = @p0 ORDER BY user_name", [NodeRoles.Name(NodeRoles.Parse(roleName))], Read, cancel).ConfigureAwait(false);

    public void Dispose() { }

    private static object?[] Values(NodeUser u) =>
    [
        u.UserName, u.NormalizedUserName, NodeRoles.Name(u.Role), u.PasswordHash, u.SecurityStamp, u.AccessFailedCount,
        u.LockoutEnd?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), u.CreatedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
    ];

    private static NodeUser Read(DbDataReader r) => new()
    {
        UserName = r.GetString(0),
        NormalizedUserName = r.GetString(1),
        Role = NodeRoles.Parse(r.GetString(2)),
        PasswordHash = r.IsDBNull(3) ? null : r.GetString(3),
        SecurityStamp = r.GetString(4),
        AccessFailedCount = Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture),
        LockoutEnd = r.IsDBNull(6) ? null : DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        CreatedUtc = DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };
}
