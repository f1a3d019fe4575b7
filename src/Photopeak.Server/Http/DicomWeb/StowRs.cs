using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Photopeak.Dicom;
using Photopeak.Dicom.Json;
using Photopeak.Network.Dimse;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.DicomWeb;

/// <summary>
/// STOW-RS (PS3.18 10.5): POST /dicom-web/studies[/{study}] with multipart/related; type="application/dicom", one Part 10
/// file a part. The body is streamed to temporary files first (a malformed body stores nothing), then each instance goes
/// through <see cref="InstanceStore.StoreAsync"/> exactly as a C-STORE's data set does: durable before it is answered, the
/// same bytes again is success, other bytes under a stored SOP Instance UID are kept apart and flagged (and reported here as
/// failure 0111, Duplicate SOP Instance, since the UID keeps serving the first copy), and processing starts the same way.
/// </summary>
internal static class StowRs
{
    // PS3.18 Table 10.5.3-3 failure reasons; 0x0111 (Duplicate SOP Instance) is the PS3.7 C.4.1.1.4 DIMSE status.
    private const ushort DuplicateSopInstance = 0x0111;
    private const ushort CannotUnderstand = 0xC000;

    /// <summary>Adds the store routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, InstanceStore store, HttpServerOptions options, Action<InstanceAttributes> arrived, ILogger logger)
    {
        routes.MapPost(DicomWebPath.Root + "/studies", context => StoreAsync(context, store, options, arrived, logger));
        routes.MapPost(DicomWebPath.Root + "/studies/{study}", context => StoreAsync(context, store, options, arrived, logger));
    }

    private static async Task StoreAsync(HttpContext context, InstanceStore store, HttpServerOptions options, Action<InstanceAttributes> arrived, ILogger logger)
    {
        var cancel = context.RequestAborted;
        string? targetStudy;
        try { targetStudy = DicomWebPath.Uid(context, "study"); }
        catch (BadHttpRequestException e)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }
        if (!MediaTypeNegotiation.Accepts(context.Request, DicomJsonArrayWriter.MediaType, "application/json"))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status406NotAcceptable, "the store response is application/dicom+json only").ConfigureAwait(false);
            return;
        }
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{context.Request.ContentType}': STOW-RS takes multipart/related; type=\"application/dicom\"").ConfigureAwait(false);
            return;
        }
        var type = MediaTypeNegotiation.Parameter(contentType, "type");
        if (type is not null && !type.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"multipart/related of type '{type}': the node takes Part 10 files (type=\"application/dicom\"), not metadata and bulk data").ConfigureAwait(false);
            return;
        }
        if (MediaTypeNegotiation.Parameter(contentType, "boundary") is not { Length: > 0 } boundary)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, "the multipart/related Content-Type names no boundary").ConfigureAwait(false);
            return;
        }

        var parts = new List<(string Path, string? ContentType)>();
        try
        {
            var (status, problem) = await ReceiveAsync(context.Request.Body, boundary, store, options, parts, cancel).ConfigureAwait(false);
            if (status != 0)
            {
                logger.LogWarning("STOW-RS from {Remote} refused ({Status}): {Problem}", context.Connection.RemoteIpAddress, status, problem);
                await HttpError.WriteAsync(context, status, problem).ConfigureAwait(false);
                return;
            }
            var referenced = new List<DicomDataset>();
            var failed = new List<DicomDataset>();
            foreach (var (path, partType) in parts)
            {
                var (item, failure) = await StorePartAsync(context, path, partType, targetStudy, store, arrived, logger).ConfigureAwait(false);
                if (failure is { } reason)
                {
                    item.SetNumbers(DicomTags.FailureReason, DicomVR.US, reason);
                    failed.Add(item);
                }
                else
                {
                    referenced.Add(item);
                }
            }
            await RespondAsync(context, targetStudy, referenced, failed).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (path, _) in parts) File.Delete(path);
        }
    }

    // Streams each part of the body into tmp/ (dropped at the next start if the node dies meanwhile). Returns a status and
    // problem for a body the node refuses, or (0, "") with every part written.
    private static async Task<(int Status, string Problem)> ReceiveAsync(Stream body, string boundary, InstanceStore store, HttpServerOptions options,
        List<(string Path, string? ContentType)> parts, CancellationToken cancel)
    {
        var reader = new MultipartReader(boundary, body);
        try
        {
            while (await reader.ReadNextSectionAsync(cancel).ConfigureAwait(false) is { } section)
            {
                var path = Path.Combine(store.Root, "tmp", "stow-" + Guid.NewGuid().ToString("N") + ".part");
                parts.Add((path, section.ContentType));
                await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                if (!await CopyBoundedAsync(section.Body, file, options.MaxInstanceBytes, cancel).ConfigureAwait(false))
                    return (StatusCodes.Status413PayloadTooLarge, $"part {parts.Count} is larger than {options.MaxInstanceBytes} bytes, the largest instance the node takes");
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals: the whole body over the limit (413), or a broken request.
            return (e.StatusCode, $"the request body was refused: {e.Message}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return (StatusCodes.Status400BadRequest, $"malformed multipart/related body: {e.Message}");
        }
        return parts.Count == 0 ? (StatusCodes.Status400BadRequest, "the multipart/related body holds no part") : (0, "");
    }

    private static async Task<bool> CopyBoundedAsync(Stream from, Stream to, long limit, CancellationToken cancel)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > limit) return false;
            await to.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
        }
        return true;
    }

    // One part stored: its Referenced SOP Sequence item, with the failure reason if it failed.
    private static async Task<(DicomDataset Item, ushort? Failure)> StorePartAsync(HttpContext context, string path, string? partType, string? targetStudy,
        InstanceStore store, Action<InstanceAttributes> arrived, ILogger logger)
    {
        var item = new DicomDataset();
        var remote = context.Connection.RemoteIpAddress;
        if (partType is not null && (!MediaTypeHeaderValue.TryParse(partType, out var media) || !media.MediaType.Equals("application/dicom", StringComparison.OrdinalIgnoreCase)))
        {
            logger.LogWarning("STOW-RS part from {Remote} refused: Content-Type {Type} is not application/dicom", remote, partType);
            return (Reference(item, "", ""), CannotUnderstand);
        }
        var bytes = await File.ReadAllBytesAsync(path, context.RequestAborted).ConfigureAwait(false);
        DicomFile file;
        try { file = DicomFile.Read(bytes); }
        catch (DicomFormatException e)
        {
            logger.LogWarning("STOW-RS part from {Remote} refused: not readable DICOM: {Problem}", remote, e.Reason);
            return (Reference(item, "", ""), CannotUnderstand);
        }
        var sopClass = Text(file.Dataset, DicomTags.SOPClassUID);
        var sopInstance = Text(file.Dataset, DicomTags.SOPInstanceUID);
        Reference(item, sopClass, sopInstance);
        var study = Text(file.Dataset, DicomTags.StudyInstanceUID);
        if (targetStudy is not null && study != targetStudy)
        {
            logger.LogWarning("STOW-RS {SopInstanceUid} from {Remote} refused: study {Study} is not the {Target} the request names", sopInstance, remote, study, targetStudy);
            return (item, DimseStatus.DataSetDoesNotMatchSopClass);
        }
        try
        {
            var result = await store.StoreAsync(bytes.AsMemory(file.DatasetOffset), file.TransferSyntax, sopInstance, null, context.RequestAborted).ConfigureAwait(false);
            logger.LogInformation("STOW-RS {SopInstanceUid} from {Remote}: {Outcome}", sopInstance, remote, result.Outcome);
            if (result.Outcome == StoreOutcome.Stored) arrived(result.Attributes);
            if (result.Outcome == StoreOutcome.ConflictKept) return (item, DuplicateSopInstance);
            item.Set(DicomTags.RetrieveURL, DicomVR.UR, DicomWebPath.RetrieveUrl(context.Request, result.Attributes.StudyInstanceUid,
                result.Attributes.SeriesInstanceUid, result.Attributes.SopInstanceUid));
            return (item, null);
        }
        catch (InvalidInstanceException e)
        {
            logger.LogWarning("STOW-RS {SopInstanceUid} from {Remote} refused: {Problem}", sopInstance, remote, e.Message);
            return (item, DimseStatus.DataSetDoesNotMatchSopClass);
        }
        catch (IOException e)
        {
            logger.LogError("STOW-RS {SopInstanceUid} from {Remote} could not be written: {Problem}", sopInstance, remote, e.Message);
            return (item, DimseStatus.OutOfResources);
        }
    }

    // PS3.18 10.5.3: 200 when every instance was stored, 409 when none was, 202 when some were.
    private static Task RespondAsync(HttpContext context, string? targetStudy, List<DicomDataset> referenced, List<DicomDataset> failed)
    {
        var response = new DicomDataset();
        var studies = referenced.Select(r => r.GetString(DicomTags.RetrieveURL)).OfType<string>()
            .Select(url => url[..url.IndexOf("/series/", StringComparison.Ordinal)]).Distinct().ToList();
        if (targetStudy is not null) response.Set(DicomTags.RetrieveURL, DicomVR.UR, DicomWebPath.RetrieveUrl(context.Request, targetStudy));
        else if (studies.Count == 1) response.Set(DicomTags.RetrieveURL, DicomVR.UR, studies[0]);
        if (failed.Count > 0) response.SetSequence(DicomTags.FailedSOPSequence, [.. failed]);
        if (referenced.Count > 0) response.SetSequence(DicomTags.ReferencedSOPSequence, [.. referenced]);
        var status = failed.Count == 0 ? StatusCodes.Status200OK : referenced.Count == 0 ? StatusCodes.Status409Conflict : StatusCodes.Status202Accepted;
        return JsonBody.WriteAsync(context, status, DicomJsonArrayWriter.MediaType,
            w => DicomJsonWriter.Write(w, response, new DicomJsonOptions { Indented = false }));
    }

    private static DicomDataset Reference(DicomDataset item, string sopClass, string sopInstance)
    {
        item.Set(DicomTags.ReferencedSOPClassUID, DicomVR.UI, sopClass);
        item.Set(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, sopInstance);
        return item;
    }

    private static string Text(DicomDataset dataset, DicomTag tag)
    {
        try { return dataset.GetString(tag)?.Trim() ?? ""; }
        catch (DicomValueException) { return ""; }
    }
}
