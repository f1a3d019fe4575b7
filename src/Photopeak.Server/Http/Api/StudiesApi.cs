using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Photopeak.Server.Jobs;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.Api;

/// <summary>
/// The JSON API of the node's studies: GET /api/studies (the worklist), /api/studies/{study} (one study with its series),
/// /api/studies/{study}/result (its result.json) and /api/studies/{study}/reports/{name} (a file of its results folder).
/// </summary>
internal static class StudiesApi
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>Adds the API's routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, InstanceStore store, Reports.ReportReview review)
    {
        routes.MapGet("/api/studies", context => ListAsync(context, store, review));
        routes.MapGet("/api/studies/{study}", context => StudyAsync(context, store, review));
        routes.MapGet("/api/studies/{study}/result", context => ResultAsync(context, store));
        routes.MapGet("/api/studies/{study}/reports/{name}", context => ReportAsync(context, store));
    }

    private static async Task ListAsync(HttpContext context, InstanceStore store, Reports.ReportReview review)
    {
        var cancel = context.RequestAborted;
        var reports = await review.LatestVersionsAsync(cancel).ConfigureAwait(false);
        var instances = await store.Index.InstancesAsync(null, cancel).ConfigureAwait(false);
        var jobs = (await store.Index.JobsAsync(null, cancel).ConfigureAwait(false)).ToLookup(j => j.StudyInstanceUid, StringComparer.Ordinal);
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartArray();
            foreach (var study in instances.GroupBy(i => i.Attributes.StudyInstanceUid, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                WriteStudy(w, study.ToList(), jobs[study.Key].ToList(), reports.GetValueOrDefault(study.Key));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task StudyAsync(HttpContext context, InstanceStore store, Reports.ReportReview review)
    {
        if (await FindStudyAsync(context, store).ConfigureAwait(false) is not { } study) return;
        var latest = (await review.VersionsAsync(study[0].Attributes.StudyInstanceUid, context.RequestAborted).ConfigureAwait(false)).LastOrDefault();
        var jobs = await store.Index.JobsAsync(study[0].Attributes.StudyInstanceUid, context.RequestAborted).ConfigureAwait(false);
        var reports = ReportFiles.Names(store.ResultsFolder(study[0].Attributes.StudyInstanceUid));
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartObject();
            WriteStudy(w, study, jobs, latest);
            w.WriteStartArray("series"u8);
            foreach (var series in study.GroupBy(i => i.Attributes.SeriesInstanceUid, StringComparer.Ordinal))
            {
                var first = series.First().Attributes;
                w.WriteStartObject();
                w.WriteString("seriesInstanceUid"u8, first.SeriesInstanceUid);
                if (first.SeriesNumber is { } number) w.WriteNumber("seriesNumber"u8, number);
                else w.WriteNull("seriesNumber"u8);
                w.WriteString("modality"u8, first.Modality);
                w.WriteString("seriesDescription"u8, first.SeriesDescription);
                w.WriteNumber("instanceCount"u8, series.Count());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("reports"u8);
            foreach (var name in reports) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task ResultAsync(HttpContext context, InstanceStore store)
    {
        if (await FindStudyAsync(context, store).ConfigureAwait(false) is not { } study) return;
        var path = Path.Combine(store.ResultsFolder(study[0].Attributes.StudyInstanceUid), "result.json");
        if (!File.Exists(path))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"study {study[0].Attributes.StudyInstanceUid} has no result (yet): see its processing status").ConfigureAwait(false);
            return;
        }
        await SendFileAsync(context, path, Json).ConfigureAwait(false);
    }

    private static async Task ReportAsync(HttpContext context, InstanceStore store)
    {
        if (await FindStudyAsync(context, store).ConfigureAwait(false) is not { } study) return;
        var name = context.Request.RouteValues["name"] as string ?? "";
        var folder = store.ResultsFolder(study[0].Attributes.StudyInstanceUid);
        if (ReportFiles.Find(folder, name) is not { } path)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound,
                $"study {study[0].Attributes.StudyInstanceUid} has no report '{name}'; it has: {string.Join(", ", ReportFiles.Names(folder))}").ConfigureAwait(false);
            return;
        }
        await SendFileAsync(context, path, ReportFiles.ContentType(path)).ConfigureAwait(false);
    }

    // The study's rows, or null after answering 400 (not a UID) or 404 (not stored here).
    internal static async Task<IReadOnlyList<StoredInstance>?> FindStudyAsync(HttpContext context, InstanceStore store)
    {
        var uid = context.Request.RouteValues["study"] as string ?? "";
        if (!InstanceAttributes.IsValidUid(uid))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"'{uid}' is not a Study Instance UID").ConfigureAwait(false);
            return null;
        }
        var instances = await store.Index.InstancesAsync(uid, context.RequestAborted).ConfigureAwait(false);
        if (instances.Count > 0) return instances;
        await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"no study {uid} is stored here").ConfigureAwait(false);
        return null;
    }

    private static async Task SendFileAsync(HttpContext context, string path, string contentType)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        context.Response.ContentType = contentType;
        context.Response.ContentLength = file.Length;
        await file.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    // The report's latest version, or null where the review has not started (a processed study's first draft is version 1).
    private static void WriteStudy(Utf8JsonWriter w, IReadOnlyList<StoredInstance> study, IReadOnlyList<ProcessingJob> jobs, Reports.ReportVersion? report)
    {
        var first = study[0].Attributes;
        w.WriteString("studyInstanceUid"u8, first.StudyInstanceUid);
        w.WriteString("patientId"u8, first.PatientId);
        w.WriteString("patientName"u8, first.PatientName);
        w.WriteString("studyDate"u8, first.StudyDate);
        w.WriteString("studyTime"u8, first.StudyTime);
        w.WriteString("accessionNumber"u8, first.AccessionNumber);
        w.WriteString("studyDescription"u8, first.StudyDescription);
        w.WriteStartArray("modalities"u8);
        foreach (var modality in study.Select(i => i.Attributes.Modality).OfType<string>().Distinct().Order(StringComparer.Ordinal)) w.WriteStringValue(modality);
        w.WriteEndArray();
        w.WriteNumber("seriesCount"u8, study.Select(i => i.Attributes.SeriesInstanceUid).Distinct().Count());
        w.WriteNumber("instanceCount"u8, study.Count);
        WriteProcessing(w, study, jobs);
        if (report is null) w.WriteNull("report"u8);
        else
        {
            w.WriteStartObject("report"u8);
            w.WriteNumber("version"u8, report.Version);
            // A signed amendment is "amended"; an amendment being drafted is a "draft" of its version.
            w.WriteString("status"u8, !report.Signed ? "draft" : report.Version > 1 ? "amended" : "signed");
            w.WriteString("signer"u8, report.Signer);
            w.WriteEndObject();
        }
    }

    // The job for the study's present instances under this pipeline version; "pending" if there is none yet (the study is
    // still arriving or waits for its quiet time, or new instances came after the last job, named as "previous").
    private static void WriteProcessing(Utf8JsonWriter w, IReadOnlyList<StoredInstance> study, IReadOnlyList<ProcessingJob> jobs)
    {
        var input = StudyProcessor.InputHash(study);
        var current = jobs.FirstOrDefault(j => j.InputSha256 == input && j.PipelineVersion == StudyProcessor.PipelineVersion);
        w.WriteStartObject("processing"u8);
        if (current is null)
        {
            w.WriteString("status"u8, "pending");
            if (jobs.Count > 0)
            {
                w.WritePropertyName("previous"u8);
                WriteJob(w, jobs.MaxBy(j => j.UpdatedUtc)!);
            }
        }
        else
        {
            WriteJobFields(w, current);
        }
        w.WriteEndObject();
    }

    private static void WriteJob(Utf8JsonWriter w, ProcessingJob job)
    {
        w.WriteStartObject();
        WriteJobFields(w, job);
        w.WriteEndObject();
    }

    private static void WriteJobFields(Utf8JsonWriter w, ProcessingJob job)
    {
        w.WriteString("status"u8, StoreIndex.StatusName(job.Status));
        w.WriteString("procedure"u8, job.ProcedureName);
        w.WriteString("reason"u8, job.Message);
        w.WriteNumber("attempts"u8, job.Attempts);
        w.WriteString("pipelineVersion"u8, job.PipelineVersion);
        w.WriteString("updated"u8, job.UpdatedUtc.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
    }
}
