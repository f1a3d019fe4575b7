using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Photopeak.Server.Accounts;
using Photopeak.Server.Audit;

namespace Photopeak.Server.Http.Access;

/// <summary>Checks a user name and password through Identity's sign-in manager (lockout after
/// <see cref="NodeAccounts.MaxFailedAttempts"/> failures) and records the attempt in the audit trail.</summary>
internal static class SessionSignIn
{
    private static readonly NodeUser Nobody = new() { UserName = "" };
    private static readonly Lazy<string> NobodyHash = new(() => new PasswordHasher<NodeUser>().HashPassword(Nobody, Guid.NewGuid().ToString()));

    /// <summary>The principal of a good password, or the error to answer: the same for an unknown user as for a wrong
    /// password, so names cannot be probed; a locked account says until when.</summary>
    public static async Task<(ClaimsPrincipal? Principal, NodeUser? User, string? Error)> CheckAsync(HttpContext context, string userName, string password,
        AuditTrail audit, string action, bool recordSuccess)
    {
        var users = context.RequestServices.GetRequiredService<UserManager<NodeUser>>();
        var signIn = context.RequestServices.GetRequiredService<SignInManager<NodeUser>>();
        var user = userName.Length == 0 ? null : await users.FindByNameAsync(userName).ConfigureAwait(false);
        const string wrong = "wrong user name or password";
        if (user is null)
        {
            // The same PBKDF2 work as for a known account, so the answer's time does not tell which names exist.
            users.PasswordHasher.VerifyHashedPassword(Nobody, NobodyHash.Value, password);
            await audit.RecordAsync(null, action, null, "denied", "unknown user name", context.RequestAborted).ConfigureAwait(false);
            return (null, null, wrong);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true).ConfigureAwait(false);
        // The account was loaded before the hash was checked: a burst of parallel guesses may have locked it meanwhile, and
        // the lock must hold for the guess that happened to be right too.
        if (result.Succeeded && await users.FindByNameAsync(user.UserName).ConfigureAwait(false) is { } fresh && await users.IsLockedOutAsync(fresh).ConfigureAwait(false))
            (user, result) = (fresh, Microsoft.AspNetCore.Identity.SignInResult.LockedOut);
        if (result.Succeeded)
        {
            // A session's start is recorded; a script's Basic credentials on each request are not (the request itself is).
            if (recordSuccess) await audit.RecordAsync(user.UserName, action, user.UserName, "ok", null, context.RequestAborted).ConfigureAwait(false);
            return (await signIn.CreateUserPrincipalAsync(user).ConfigureAwait(false), user, null);
        }
        if (result.IsLockedOut)
        {
            var until = (await users.GetLockoutEndDateAsync(user).ConfigureAwait(false))?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
            await audit.RecordAsync(user.UserName, action, user.UserName, "locked", $"locked until {until}", context.RequestAborted).ConfigureAwait(false);
            return (null, user, $"the account is locked until {until} after {NodeAccounts.MaxFailedAttempts} failed sign-ins; an admin can unlock it sooner");
        }
        await audit.RecordAsync(user.UserName, action, user.UserName, "denied", "wrong password", context.RequestAborted).ConfigureAwait(false);
        return (null, user, wrong);
    }
}
