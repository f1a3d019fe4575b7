using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Photopeak.Server.Accounts;
using Photopeak.Server.Audit;
using Photopeak.Server.Http.Access;

namespace Photopeak.Server.Http.Api;

/// <summary>The audit trail, for admins: GET /api/audit?page=1&amp;pageSize=50 (newest first) and GET /api/audit/export (every
/// event as CSV, itself audited as an export).</summary>
internal static class AuditApi
{
    private const string Json = "application/json; charset=utf-8";
    private const int MaxPageSize = 500;

    /// <summary>Adds the routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, AuditTrail audit)
    {
        routes.MapGet("/api/audit", context => PageAsync(context, audit));
        routes.MapGet("/api/audit/export", context => ExportAsync(context, audit));
    }

    private static async Task PageAsync(HttpContext context, AuditTrail audit)
    {
        if (!await RequestAccess.RequireAsync(context, NodeRole.Admin).ConfigureAwait(false)) return;
        if (await PositiveAsync(context, "page", 1).ConfigureAwait(false) is not { } page) return;
        if (await PositiveAsync(context, "pageSize", 50).ConfigureAwait(false) is not { } size) return;
        if (size > MaxPageSize)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"pageSize is at most {MaxPageSize}").ConfigureAwait(false);
            return;
        }
        var (events, total) = await audit.PageAsync(page, size, context.RequestAborted).ConfigureAwait(false);
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total"u8, total);
            w.WriteNumber("page"u8, page);
            w.WriteNumber("pageSize"u8, size);
            w.WriteStartArray("events"u8);
            foreach (var e in events)
            {
                w.WriteStartObject();
                w.WriteString("eventId"u8, e.EventId);
                w.WriteString("time"u8, e.TimeUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("user"u8, e.UserName);
                w.WriteString("action"u8, e.Action);
                w.WriteString("object"u8, e.Object);
                w.WriteString("outcome"u8, e.Outcome);
                w.WriteString("detail"u8, e.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task ExportAsync(HttpContext context, AuditTrail audit)
    {
        if (!await RequestAccess.RequireAsync(context, NodeRole.Admin).ConfigureAwait(false)) return;
        var events = await audit.AllAsync(context.RequestAborted).ConfigureAwait(false);
        var bytes = System.Text.Encoding.UTF8.GetBytes(AuditTrail.ToCsv(events));
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"photopeak-audit.csv\"";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<int?> PositiveAsync(HttpContext context, string name, int fallback)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1) return value;
        await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"{name} must be a whole number from 1, not '{text}'").ConfigureAwait(false);
        return null;
    }
}
