using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Photopeak.Server.Store;

namespace Photopeak.Server.Accounts;

/// <summary>
/// The node's accounts through ASP.NET Core Identity: its password hashing (PBKDF2), lockout and security stamps over
/// <see cref="NodeUserStore"/>. One registration serves the HTTP server and the command line (<c>photopeak users</c>).
/// </summary>
public static class NodeAccounts
{
    /// <summary>Failed sign-ins in a row that lock an account, and for how long.</summary>
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    /// <summary>The shortest password accepted. Length, not character classes: NIST SP 800-63B §5.1.1.2.</summary>
    public const int MinimumPasswordLength = 12;

    /// <summary>Registers Identity's user manager over the index's users table.</summary>
    public static IdentityBuilder AddNodeAccounts(this IServiceCollection services, StoreIndex index)
    {
        services.AddScoped<IUserStore<NodeUser>>(_ => new NodeUserStore(index));
        services.AddScoped<IUserClaimsPrincipalFactory<NodeUser>, RoleClaimsFactory>();
        return services.AddIdentityCore<NodeUser>(o =>
        {
            o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
            o.Lockout.DefaultLockoutTimeSpan = LockoutTime;
            o.Lockout.AllowedForNewUsers = true;
            o.Password.RequiredLength = MinimumPasswordLength;
            o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
            o.Password.RequiredUniqueChars = 4;
            o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
        });
    }

    /// <summary>Adds an account (the command line's <c>users add</c>); throws <see cref="ArgumentException"/> with Identity's
    /// reasons (a taken name, a short password).</summary>
    public static async Task AddAsync(StoreIndex index, string userName, NodeRole role, string password)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNodeAccounts(index);
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NodeUser>>();
        var result = await users.CreateAsync(new NodeUser { UserName = userName, Role = role }, password).ConfigureAwait(false);
        if (!result.Succeeded) throw new ArgumentException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Every account (name, role, locked until), for <c>users list</c> and the admin page.</summary>
    public static Task<List<NodeUser>> ListAsync(StoreIndex index, CancellationToken cancel) => new NodeUserStore(index).AllAsync(cancel);

    /// <summary>Whether any account exists.</summary>
    public static Task<bool> AnyAsync(StoreIndex index, CancellationToken cancel) => new NodeUserStore(index).AnyAsync(cancel);

    // The session's principal carries the role as a role claim, which the API's checks read.
    private sealed class RoleClaimsFactory(UserManager<NodeUser> users, IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<NodeUser>(users, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(NodeUser user)
        {
            var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, NodeRoles.Name(user.Role)));
            return identity;
        }
    }
}
