using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Photopeak.Server.Accounts;
using Photopeak.Server.Audit;
using Photopeak.Server.Http.Access;
using Photopeak.Server.Jobs;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.Api;

/// <summary>
/// POST /api/studies/{study}/process: a technologist (or physician) reruns a study's processing now: after a failure, or to
/// redo the analysis of a draft (its ROI and text edits kept). A signed report is not reprocessed (amend it); a study
/// processed at this moment elsewhere is answered 409. The answer is the job's outcome: status, procedure and message (202
/// "queued" on a node whose workers process).
/// </summary>
internal static class ProcessingApi
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>Adds the route; <paramref name="rerun"/> runs the study's processing again and returns its outcome (null when
    /// it is running elsewhere), or says it was left queued for the node's workers.</summary>
    public static void Map(IEndpointRouteBuilder routes, InstanceStore store, Reports.ReportReview review, AuditTrail audit,
        Func<string, CancellationToken, Task<(bool Queued, JobOutcome? Outcome)>> rerun) =>
        routes.MapPost("/api/studies/{study}/process", context => RerunAsync(context, store, review, audit, rerun));

    private static async Task RerunAsync(HttpContext context, InstanceStore store, Reports.ReportReview review, AuditTrail audit,
        Func<string, CancellationToken, Task<(bool Queued, JobOutcome? Outcome)>> rerun)
    {
        const string action = "processing-rerun";
        var study = context.Request.RouteValues["study"] as string ?? "";
        var user = RequestAccess.UserName(context);
        if (!await RequestAccess.RequireAsync(context, NodeRole.Technologist, NodeRole.Physician).ConfigureAwait(false))
        {
            await audit.RecordAsync(user, action, study, "denied", "needs a technologist or physician", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (await StudiesApi.FindStudyAsync(context, store).ConfigureAwait(false) is null) return;
        string? refusal = null;
        (bool Queued, JobOutcome? Outcome) run = default;
        if ((await review.VersionsAsync(study, context.RequestAborted).ConfigureAwait(false)).LastOrDefault() is { Signed: true } signed)
            refusal = $"the report is signed (version {signed.Version}): a rerun would not replace it; amend the report to change it";
        // Once started, the run is finished and recorded even if the client goes away (it stops with the node).
        else if ((run = await rerun(study, CancellationToken.None).ConfigureAwait(false)) is { Queued: false, Outcome: null })
        {
            refusal = "the study is being processed at this moment; try again when it is done";
            context.Response.Headers.RetryAfter = "10";
        }
        if (refusal is not null)
        {
            await audit.RecordAsync(user, action, study, "refused", refusal, CancellationToken.None).ConfigureAwait(false);
            await HttpError.WriteAsync(context, StatusCodes.Status409Conflict, refusal).ConfigureAwait(false);
            return;
        }
        var (status, procedure, message) = run.Outcome is { } o
            ? (StoreIndex.StatusName(o.Status), o.ProcedureName, o.Message)
            : ("queued", null, "this node leaves processing to its workers: one will take the study");
        await audit.RecordAsync(user, action, study, "ok", status + (procedure is { } p ? $" as {p}" : ""), CancellationToken.None).ConfigureAwait(false);
        await JsonBody.WriteAsync(context, run.Queued ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, status);
            w.WriteString("procedure"u8, procedure);
            w.WriteString("message"u8, message);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
