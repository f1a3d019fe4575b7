using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Photopeak.Server.Accounts;
using Photopeak.Server.Audit;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.Access;

/// <summary>
/// Who may use the node's HTTP API and DICOMweb, and the audit of what they did. A node without accounts is open, as it was
/// before accounts existed (a PACS-side node whose HTTP port only the department reaches); once it has one, every request
/// under /api and /dicom-web needs a session (cookie, from POST /api/session) or HTTP Basic credentials (scripts), both
/// counting towards lockout; unsafe requests on a session carry its anti-forgery token (header X-CSRF-TOKEN). Every
/// request there is recorded in the audit trail with its user, route, study and status.
/// </summary>
internal static class RequestAccess
{
    /// <summary>The header carrying the session's anti-forgery token on POST, PUT, PATCH and DELETE.</summary>
    public const string CsrfHeader = "X-CSRF-TOKEN";

    /// <summary>Adds the check and the audit in front of the endpoints.</summary>
    public static void Use(WebApplication app, StoreIndex index, AuditTrail audit)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/dicom-web"))
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            // Sign-in and sign-out check and audit themselves.
            if (path.StartsWithSegments("/api/session"))
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            // The audit row is written whatever the endpoint does: a request that failed is recorded as a 500.
            var failed = true;
            try
            {
                if (await CheckAsync(context, index, audit).ConfigureAwait(false))
                    await next(context).ConfigureAwait(false);
                failed = false;
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? path.Value ?? "";
                var values = context.Request.RouteValues;
                var @object = values["instance"] ?? values["series"] ?? values["study"];
                var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                await audit.RecordAsync(UserName(context), $"{context.Request.Method} {route}", @object as string,
                    status.ToString(System.Globalization.CultureInfo.InvariantCulture), null, CancellationToken.None).ConfigureAwait(false);
            }
        });
    }

    /// <summary>The signed-in user's name, or null.</summary>
    public static string? UserName(HttpContext context) => context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;

    /// <summary>The signed-in user's role, or null.</summary>
    public static NodeRole? Role(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(ClaimTypes.Role)?.Value is { } role ? NodeRoles.Parse(role) : null;

    /// <summary>True when the signed-in user has one of <paramref name="roles"/>; otherwise answers 401 (no user) or 403 and
    /// returns false. On an open node (no accounts) nobody is signed in and role-bound actions are refused.</summary>
    public static async Task<bool> RequireAsync(HttpContext context, params NodeRole[] roles)
    {
        if (Role(context) is not { } role)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status401Unauthorized, "sign in first (POST /api/session): this needs a " +
                string.Join(" or ", roles.Select(NodeRoles.Name))).ConfigureAwait(false);
            return false;
        }
        if (roles.Contains(role)) return true;
        await HttpError.WriteAsync(context, StatusCodes.Status403Forbidden,
            $"a {NodeRoles.Name(role)} may not do this: it needs a {string.Join(" or ", roles.Select(NodeRoles.Name))}").ConfigureAwait(false);
        return false;
    }

    // True when the request may go on; otherwise the answer is written.
    private static async Task<bool> CheckAsync(HttpContext context, StoreIndex index, AuditTrail audit)
    {
        if (!IsSafe(context.Request.Method) && CrossSiteOrigin(context.Request) is { } origin)
        {
            // A browser that cached Basic credentials would send them with another site's form: no change comes from elsewhere.
            await HttpError.WriteAsync(context, StatusCodes.Status403Forbidden, $"a {context.Request.Method} from another site ({origin}) is refused").ConfigureAwait(false);
            return false;
        }
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } header && AuthenticationHeaderValue.TryParse(header, out var parsed)
            && string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            return await BasicAsync(context, parsed.Parameter ?? "", audit).ConfigureAwait(false);
        if (context.User.Identity?.IsAuthenticated == true)
        {
            if (IsSafe(context.Request.Method)) return true;
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
                return true;
            }
            catch (AntiforgeryValidationException)
            {
                await HttpError.WriteAsync(context, StatusCodes.Status403Forbidden,
                    $"the request lacks this session's anti-forgery token (header {CsrfHeader}, from GET /api/session)").ConfigureAwait(false);
                return false;
            }
        }
        if (!await NodeAccounts.AnyAsync(index, context.RequestAborted).ConfigureAwait(false)) return true;
        if (context.Request.Path.StartsWithSegments("/dicom-web")) context.Response.Headers.WWWAuthenticate = "Basic realm=\"Photopeak\", charset=\"UTF-8\"";
        await HttpError.WriteAsync(context, StatusCodes.Status401Unauthorized, "sign in first: POST /api/session, or send HTTP Basic credentials").ConfigureAwait(false);
        return false;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    // The other site a browser says the request comes from, or null; scripts send neither header. Fetch Metadata
    // (Sec-Fetch-Site) is the browser's own verdict and wins where present, so a node behind a reverse proxy that rewrites
    // Host still accepts its own page; only browsers without it are judged by Origin against Host.
    private static string? CrossSiteOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        if (site is "cross-site" or "same-site") return origin.Length > 0 ? origin : site;
        if (site is "same-origin" or "none") return null;
        if (origin.Length == 0) return null;
        if (origin == "null") return origin;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) ? null : origin;
    }

    // HTTP Basic (RFC 7617) for scripts: checked by Identity like a sign-in, so wrong passwords count towards lockout.
    private static async Task<bool> BasicAsync(HttpContext context, string parameter, AuditTrail audit)
    {
        string userName = "", password = "";
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter)).Split(':', 2);
            if (pair.Length == 2) (userName, password) = (pair[0], pair[1]);
        }
        catch (FormatException) { }
        var outcome = await SessionSignIn.CheckAsync(context, userName, password, audit, "sign-in (basic)", recordSuccess: false).ConfigureAwait(false);
        if (outcome.Principal is { } principal)
        {
            context.User = principal;
            return true;
        }
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Photopeak\", charset=\"UTF-8\"";
        await HttpError.WriteAsync(context, StatusCodes.Status401Unauthorized, outcome.Error!).ConfigureAwait(false);
        return false;
    }
}
