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
/// processed at this moment elsewhere is answered 409. The answer is the job's outcome: status, procedure and message.
/// </summary>
internal static class ProcessingApi
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>Adds the route; <paramref name="rerun"/> runs the study's processing again and returns its status, or null
    /// when it is already running.</summary>
    public static void Map(IEndpointRouteBuilder routes, InstanceStore store, Reports.ReportReview review, AuditTrail audit,
        Func<string, CancellationToken, Task<JobStatus?>> rerun) =>
        routes.MapPost("/api/studies/{study}/process", context => RerunAsync(context, store, review, audit, rerun));

    private static async Task RerunAsync(HttpContext context, InstanceStore store, Reports.ReportReview review, AuditTrail audit,
        Func<string, CancellationToken, Task<JobStatus?>> rerun)
    {
        const string action = "processing-rerun";
        var study = context.Request.RouteValues["study"] as string ?? "";
        var user = RequestAccess.UserName(context);
        if (!await RequestAccess.RequireAsync(context, NodeRole.Technologist, NodeRole.Physician).ConfigureAwait(false))
        {
            await audit.RecordAsync(user, action, study, "denied", "needs a technologist or physician", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (!InstanceAttributes.IsValidUid(study))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"'{study}' is not a Study Instance UID").ConfigureAwait(false);
            return;
        }
        if ((await store.Index.InstancesAsync(study, context.RequestAborted).ConfigureAwait(false)).Count == 0)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"the node holds no study {study}").ConfigureAwait(false);
            return;
        }
        string? refusal = null;
        if ((await review.VersionsAsync(study, context.RequestAborted).ConfigureAwait(false)).LastOrDefault() is { Signed: true } signed)
            refusal = $"the report is signed (version {signed.Version}): a rerun would not replace it; amend the report to change it";
        // Once started, the run is finished and recorded even if the client goes away.
        else if (await rerun(study, CancellationToken.None).ConfigureAwait(false) is null)
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
        var job = (await store.Index.JobsAsync(study, CancellationToken.None).ConfigureAwait(false))[0];
        await audit.RecordAsync(user, action, study, "ok", StoreIndex.StatusName(job.Status) + (job.ProcedureName is { } p ? $" as {p}" : ""), CancellationToken.None).ConfigureAwait(false);
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, StoreIndex.StatusName(job.Status));
            w.WriteString("procedure"u8, job.ProcedureName);
            w.WriteString("message"u8, job.Message);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
