using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Photopeak.Procedures;
using Photopeak.Procedures.Pipeline;
using Photopeak.Reporting.Model;
using Photopeak.Server.Accounts;
using Photopeak.Server.Audit;
using Photopeak.Server.Http.Access;
using Photopeak.Server.Reports;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.Api;

/// <summary>
/// The physician's review of a study's report: GET /api/studies/{study}/report (version, status, text, documentation check,
/// versions), …/images and …/volumes (what the analysis measured, as float32), and for physicians PUT …/report {"indication",
/// "impression", "statements": {"thyroidBlockade": "…"}} (see PhysicianStatements), POST …/rois (edited ROIs: recompute),
/// POST …/report/sign (optionally {"acknowledgedMissing": [...]} or {"acknowledgeIncomplete": true}) and POST …/report/amend
/// {"reason"}. A signed version answers 409 to any change but an amendment; an unacknowledged incomplete documentation check
/// answers 409 with "code": "documentation-incomplete" and the "missing" elements.
/// </summary>
internal static class ReviewApi
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>Adds the routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, ReportReview review, AuditTrail audit)
    {
        routes.MapGet("/api/studies/{study}/report", context => StateAsync(context, review));
        routes.MapGet("/api/studies/{study}/images", context => IndexAsync(context, study => review.IndexJson(study, "images"), "images"));
        routes.MapGet("/api/studies/{study}/images/{name}", context => FloatsAsync(context, review.ImagePath, "review image"));
        routes.MapGet("/api/studies/{study}/volumes", context => IndexAsync(context, study => review.IndexJson(study, "volumes"), "volumes"));
        routes.MapGet("/api/studies/{study}/volumes/{name}", context => FloatsAsync(context, review.VolumePath, "volume"));
        routes.MapPut("/api/studies/{study}/report", context => ChangeAsync(context, review, audit, "report-edited", async (study, body) =>
        {
            string? Member(string name) => body!.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var statements = Statements(body!.RootElement);
            await review.EditTextAsync(study, Member("indication"), Member("impression"), context.RequestAborted, statements).ConfigureAwait(false);
            // Which elements were stated or withdrawn, never their text.
            string? Keys(bool stated) => statements?.Where(s => string.IsNullOrWhiteSpace(s.Value) != stated).Select(s => PhysicianStatements.Key(s.Key)) is { } keys && keys.Any() ? string.Join(", ", keys) : null;
            var parts = new[] { Keys(true) is { } a ? "stated: " + a : null, Keys(false) is { } w ? "withdrawn: " + w : null }.OfType<string>().ToList();
            return parts.Count == 0 ? null : string.Join("; ", parts);
        }, maxBodyBytes: JsonRequest.TextBytes));
        routes.MapPost("/api/studies/{study}/rois", context => ChangeAsync(context, review, audit, "rois-edited", async (study, body) =>
        {
            await review.RecomputeAsync(study, body!.RootElement.GetRawText(), context.RequestAborted).ConfigureAwait(false);
            return null;
        }, maxBodyBytes: JsonRequest.RoiBytes));
        routes.MapPost("/api/studies/{study}/report/sign", context => ChangeAsync(context, review, audit, "report-signed", async (study, body) =>
        {
            var all = body is not null && body.RootElement.TryGetProperty("acknowledgeIncomplete", out var a) && a.ValueKind == JsonValueKind.True;
            List<string>? each = null;
            if (body is not null && body.RootElement.TryGetProperty("acknowledgedMissing", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String))
                    throw new ArgumentException("\"acknowledgedMissing\" must be an array of the documentation check's missing elements, as strings");
                each = list.EnumerateArray().Select(m => m.GetString()!).ToList();
            }
            var signed = await review.SignAsync(study, RequestAccess.UserName(context)!, context.RequestAborted, all, each).ConfigureAwait(false);
            // The audit keeps what the signer acknowledged: the signed report's own missing elements.
            return $"version {signed.Version.Version}, SHA-256 {signed.Version.ContentSha256}"
                + (signed.AcknowledgedMissing.Count > 0 ? $"; documentation incomplete, acknowledged: {string.Join("; ", signed.AcknowledgedMissing)}" : "");
        }, needsBody: false));
        routes.MapPost("/api/studies/{study}/report/amend", context => ChangeAsync(context, review, audit, "report-amended", async (study, body) =>
        {
            var reason = body!.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException("an amendment needs a \"reason\"");
            await review.AmendAsync(study, reason, context.RequestAborted).ConfigureAwait(false);
            return reason;
        }));
    }

    // The body's "statements": {"thyroidBlockade": "text" or null, ...}, checked: every name an element a physician states,
    // every value text (at most PhysicianStatements.MaxLength characters) or null to withdraw it.
    private static Dictionary<Coding.Documentation.ReportElement, string?>? Statements(JsonElement body)
    {
        if (!body.TryGetProperty("statements", out var given)) return null;
        if (given.ValueKind != JsonValueKind.Object) throw new ArgumentException("\"statements\" must be an object of element names and texts");
        var statements = new Dictionary<Coding.Documentation.ReportElement, string?>();
        foreach (var p in given.EnumerateObject())
        {
            var element = PhysicianStatements.Parse(p.Name) ?? throw new ArgumentException(
                $"'{p.Name}' is not a report element a physician states here (one of {string.Join(", ", PhysicianStatements.Statable.Select(PhysicianStatements.Key))})");
            if (p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                throw new ArgumentException($"statement '{p.Name}' must be text, or null to withdraw it");
            var text = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
            if (text?.Length > PhysicianStatements.MaxLength) throw new ArgumentException($"statement '{p.Name}' is longer than {PhysicianStatements.MaxLength} characters");
            statements[element] = text;
        }
        return statements;
    }

    private static async Task StateAsync(HttpContext context, ReportReview review)
    {
        if (await StudyAsync(context).ConfigureAwait(false) is not { } study) return;
        if (review.StateJson(study) is not { } state)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"study {study} has no report (yet): see its processing status").ConfigureAwait(false);
            return;
        }
        var versions = await review.VersionsAsync(study, context.RequestAborted).ConfigureAwait(false);
        using var current = JsonDocument.Parse(state);
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartObject();
            foreach (var property in current.RootElement.EnumerateObject()) property.WriteTo(w);
            w.WriteStartArray("versions"u8);
            foreach (var v in versions)
            {
                w.WriteStartObject();
                w.WriteNumber("version"u8, v.Version);
                w.WriteString("status"u8, v.Signed ? "signed" : "draft");
                w.WriteString("signer"u8, v.Signer);
                w.WriteString("signedAt"u8, v.SignedUtc?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("amendmentReason"u8, v.AmendmentReason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // The index of a study's review images or volumes (their names and sizes), as the review wrote it.
    private static async Task IndexAsync(HttpContext context, Func<string, string?> index, string what)
    {
        if (await StudyAsync(context).ConfigureAwait(false) is not { } study) return;
        if (index(study) is not { } json)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"study {study} has no {what} to review (yet): see its processing status").ConfigureAwait(false);
            return;
        }
        using var document = JsonDocument.Parse(json);
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w => document.RootElement.WriteTo(w)).ConfigureAwait(false);
    }

    // The values of one ROI image or volume: float32 little endian; its size in …/images or …/volumes.
    private static async Task FloatsAsync(HttpContext context, Func<string, string, string?> find, string what)
    {
        if (await StudyAsync(context).ConfigureAwait(false) is not { } study) return;
        var name = context.Request.RouteValues["name"] as string ?? "";
        if (find(study, name) is not { } path || !File.Exists(path))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"study {study} has no {what} '{name}'").ConfigureAwait(false);
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path, context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<string?> StudyAsync(HttpContext context)
    {
        var study = context.Request.RouteValues["study"] as string ?? "";
        if (InstanceAttributes.IsValidUid(study)) return study;
        await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"'{study}' is not a Study Instance UID").ConfigureAwait(false);
        return null;
    }

    // A physician's change: checked, run, audited (with its outcome and, for a refusal, the reason), answered with the new state.
    private static async Task ChangeAsync(HttpContext context, ReportReview review, AuditTrail audit, string action,
        Func<string, JsonDocument?, Task<string?>> change, bool needsBody = true, int maxBodyBytes = JsonRequest.SmallBytes)
    {
        var study = context.Request.RouteValues["study"] as string ?? "";
        if (!await RequestAccess.RequireAsync(context, NodeRole.Physician).ConfigureAwait(false))
        {
            await audit.RecordAsync(RequestAccess.UserName(context), action, study, "denied", $"needs a physician", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (await StudyAsync(context).ConfigureAwait(false) is null) return;
        // A body is optional where none is needed (signing's acknowledgement), but one that is sent must be a JSON object.
        var reads = needsBody || context.Request.ContentLength > 0;
        using var body = reads ? await JsonRequest.ReadObjectAsync(context, maxBodyBytes).ConfigureAwait(false) : null;
        if (reads && body is null) return;
        var user = RequestAccess.UserName(context);
        var (status, message) = (StatusCodes.Status200OK, (string?)null);
        Action<System.Text.Json.Utf8JsonWriter>? details = null;
        try
        {
            var detail = await change(study, body).ConfigureAwait(false);
            // Done is done: a client that went away must not leave the change unaudited.
            await audit.RecordAsync(user, action, study, "ok", detail, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ReportSignedException e) { (status, message) = (StatusCodes.Status409Conflict, e.Message); }
        catch (DocumentationIncompleteException e)
        {
            // Machine-readable, so a page can show what is missing now and sign with exactly that acknowledged.
            (status, message) = (StatusCodes.Status409Conflict, e.Message);
            details = w =>
            {
                w.WriteString("code"u8, "documentation-incomplete");
                w.WriteStartArray("missing"u8);
                foreach (var m in e.Missing) w.WriteStringValue(m);
                w.WriteEndArray();
            };
        }
        catch (ProcedureInputException e) { (status, message) = (StatusCodes.Status400BadRequest, e.Message); }
        catch (ArgumentException e) { (status, message) = (StatusCodes.Status400BadRequest, e.Message); }
        catch (StudyNotFoundException e) { (status, message) = (StatusCodes.Status404NotFound, e.Message); }
        catch (Exception e) when (e is ProcedureNotRecognisedException or ProcedureOutputException or ProcedureOptionException
            or Imaging.StudyValidationException or Dicom.DicomFormatException or Reporting.Dicom.ReportDicomException)
        {
            (status, message) = (StatusCodes.Status422UnprocessableEntity, e.Message);
        }
        catch (ReviewBusyException e)
        {
            (status, message) = (StatusCodes.Status423Locked, e.Message);
            context.Response.Headers.RetryAfter = "5";
        }
        catch (System.Data.Common.DbException e)
        {
            // A busy or unreachable index: nothing was committed, the change may be tried again.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("review").LogError(e, "{Action} on study {StudyUid}: the index failed", action, study);
            (status, message) = (StatusCodes.Status503ServiceUnavailable, "the node's index could not be reached; nothing was changed, try again");
            context.Response.Headers.RetryAfter = "5";
        }
        catch (IOException e)
        {
            // The reason names server paths: it goes to the node's log, not to the browser.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("review").LogError(e, "{Action} on study {StudyUid} failed", action, study);
            (status, message) = (StatusCodes.Status500InternalServerError, "the study's files could not be read or written; the node's log has the reason");
        }
        if (message is not null)
        {
            await audit.RecordAsync(user, action, study, "refused", message, context.RequestAborted).ConfigureAwait(false);
            await HttpError.WriteAsync(context, status, message, details).ConfigureAwait(false);
            return;
        }
        await StateAsync(context, review).ConfigureAwait(false);
    }
}
