using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Photopeak.Server.Accounts;
using Photopeak.Server.Audit;
using Photopeak.Server.Http.Access;

namespace Photopeak.Server.Http.Api;

/// <summary>
/// Sessions of the web review: POST /api/session {"userName", "password"} signs in (a cookie, HttpOnly and SameSite=Strict),
/// GET /api/session says who is signed in (signedIn false when nobody is) and gives the anti-forgery token for unsafe requests, DELETE /api/session signs out.
/// </summary>
internal static class SessionApi
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>Adds the routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, AuditTrail audit)
    {
        routes.MapPost("/api/session", context => SignInAsync(context, audit));
        routes.MapGet("/api/session", WhoAsync);
        routes.MapDelete("/api/session", context => SignOutAsync(context, audit));
    }

    private static async Task SignInAsync(HttpContext context, AuditTrail audit)
    {
        using var body = await JsonRequest.ReadObjectAsync(context).ConfigureAwait(false);
        if (body is null) return;
        if (await JsonRequest.StringAsync(context, body, "userName").ConfigureAwait(false) is not { } userName) return;
        if (await JsonRequest.StringAsync(context, body, "password").ConfigureAwait(false) is not { } password) return;
        var (principal, _, error) = await SessionSignIn.CheckAsync(context, userName, password, audit, "sign-in", recordSuccess: true).ConfigureAwait(false);
        if (principal is null)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status401Unauthorized, error!).ConfigureAwait(false);
            return;
        }
        await context.SignInAsync(IdentityConstants.ApplicationScheme, principal).ConfigureAwait(false);
        // The anti-forgery token is bound to the user, so it is made for the new principal.
        context.User = principal;
        await WriteSessionAsync(context).ConfigureAwait(false);
    }

    private static async Task WhoAsync(HttpContext context)
    {
        // Not an error for the page asking whether to show its sign-in form.
        if (RequestAccess.Role(context) is null)
        {
            await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("signedIn"u8, false);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }
        await WriteSessionAsync(context).ConfigureAwait(false);
    }

    private static async Task SignOutAsync(HttpContext context, AuditTrail audit)
    {
        if (RequestAccess.UserName(context) is { } user)
            await audit.RecordAsync(user, "sign-out", user, "ok", null, context.RequestAborted).ConfigureAwait(false);
        await context.SignOutAsync(IdentityConstants.ApplicationScheme).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static Task WriteSessionAsync(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("signedIn"u8, true);
            w.WriteString("userName"u8, RequestAccess.UserName(context));
            w.WriteString("role"u8, NodeRoles.Name(RequestAccess.Role(context)!.Value));
            w.WriteString("csrfToken"u8, tokens.RequestToken);
            w.WriteString("csrfHeader"u8, RequestAccess.CsrfHeader);
            w.WriteEndObject();
        });
    }
}
