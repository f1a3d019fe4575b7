using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Photopeak.Server.Accounts;
using Photopeak.Server.Audit;
using Photopeak.Server.Http.Access;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.Api;

/// <summary>Accounts, for admins: GET /api/users (name, role, locked until), POST /api/users {"userName", "role", "password"},
/// POST /api/users/{user}/unlock.</summary>
internal static class UsersApi
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>Adds the routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, StoreIndex index, AuditTrail audit)
    {
        routes.MapGet("/api/users", context => ListAsync(context, index));
        routes.MapPost("/api/users", context => AddAsync(context, audit));
        routes.MapPost("/api/users/{user}/unlock", context => UnlockAsync(context, audit));
    }

    private static async Task ListAsync(HttpContext context, StoreIndex index)
    {
        if (!await RequestAccess.RequireAsync(context, NodeRole.Admin).ConfigureAwait(false)) return;
        var users = await NodeAccounts.ListAsync(index, context.RequestAborted).ConfigureAwait(false);
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartArray();
            foreach (var u in users)
            {
                w.WriteStartObject();
                w.WriteString("userName"u8, u.UserName);
                w.WriteString("role"u8, NodeRoles.Name(u.Role));
                if (u.LockoutEnd is { } end && end > DateTimeOffset.UtcNow) w.WriteString("lockedUntil"u8, end.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                else w.WriteNull("lockedUntil"u8);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task AddAsync(HttpContext context, AuditTrail audit)
    {
        if (!await RequestAccess.RequireAsync(context, NodeRole.Admin).ConfigureAwait(false)) return;
        using var body = await JsonRequest.ReadObjectAsync(context).ConfigureAwait(false);
        if (body is null) return;
        if (await JsonRequest.StringAsync(context, body, "userName").ConfigureAwait(false) is not { } userName) return;
        if (await JsonRequest.StringAsync(context, body, "role").ConfigureAwait(false) is not { } roleName) return;
        if (await JsonRequest.StringAsync(context, body, "password").ConfigureAwait(false) is not { } password) return;
        NodeRole role;
        try { role = NodeRoles.Parse(roleName); }
        catch (FormatException e)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }
        var users = context.RequestServices.GetRequiredService<UserManager<NodeUser>>();
        var result = await users.CreateAsync(new NodeUser { UserName = userName, Role = role }, password).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var status = result.Errors.Any(e => e.Code == "DuplicateUserName") ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            await HttpError.WriteAsync(context, status, string.Join("; ", result.Errors.Select(e => e.Description))).ConfigureAwait(false);
            return;
        }
        await audit.RecordAsync(RequestAccess.UserName(context), "user-added", userName, "ok", NodeRoles.Name(role), context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    private static async Task UnlockAsync(HttpContext context, AuditTrail audit)
    {
        if (!await RequestAccess.RequireAsync(context, NodeRole.Admin).ConfigureAwait(false)) return;
        var users = context.RequestServices.GetRequiredService<UserManager<NodeUser>>();
        var name = context.Request.RouteValues["user"] as string ?? "";
        if (await users.FindByNameAsync(name).ConfigureAwait(false) is not { } user)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"no user named '{name}'").ConfigureAwait(false);
            return;
        }
        await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false);
        await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
        await audit.RecordAsync(RequestAccess.UserName(context), "user-unlocked", user.UserName, "ok", null, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
