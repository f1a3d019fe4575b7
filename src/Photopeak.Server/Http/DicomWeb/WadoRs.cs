using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Photopeak.Dicom;
using Photopeak.Dicom.Pixels;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.DicomWeb;

/// <summary>
/// WADO-RS (PS3.18 10.4): studies, series and instances as multipart/related application/dicom, each part the stored Part 10
/// file byte for byte in the transfer syntax it arrived in (the node does not transcode); their metadata as DICOM JSON with
/// each top-level bulk data element as a BulkDataURI (nested ones left out); that bulk data and frames as multipart/related
/// application/octet-stream, uncompressed (frames of native and RLE pixel data; bulk data of native elements).
/// </summary>
internal static class WadoRs
{
    private const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>Adds the retrieve routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, InstanceStore store)
    {
        const string study = DicomWebPath.Root + "/studies/{study}";
        const string series = study + "/series/{series}";
        const string instance = series + "/instances/{instance}";
        foreach (var path in new[] { study, series, instance })
        {
            routes.MapGet(path, context => InstancesAsync(context, store));
            routes.MapGet(path + "/metadata", context => MetadataAsync(context, store));
        }
        routes.MapGet(instance + "/frames/{frames}", context => FramesAsync(context, store));
        routes.MapGet(instance + "/bulkdata/{tag}", context => BulkDataAsync(context, store));
    }

    private static async Task InstancesAsync(HttpContext context, InstanceStore store)
    {
        if (await FindAsync(context, store).ConfigureAwait(false) is not { } instances) return;
        if (instances.FirstOrDefault(i => !MediaTypeNegotiation.AcceptsMultipart(context.Request, "application/dicom", i.TransferSyntaxUid)) is { } refused)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status406NotAcceptable,
                $"instance {refused.Attributes.SopInstanceUid} is held in transfer syntax {refused.TransferSyntaxUid} and is sent as multipart/related; " +
                "type=\"application/dicom\" in that syntax only (the node does not transcode)").ConfigureAwait(false);
            return;
        }
        var multipart = new MultipartRelatedWriter(context.Response, "application/dicom");
        foreach (var instance in instances)
        {
            await using var file = new FileStream(store.PathOf(instance), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await multipart.WritePartAsync($"application/dicom; transfer-syntax={instance.TransferSyntaxUid}", file, context.RequestAborted).ConfigureAwait(false);
        }
        await multipart.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task MetadataAsync(HttpContext context, InstanceStore store)
    {
        if (!MediaTypeNegotiation.Accepts(context.Request, DicomJsonArrayWriter.MediaType, "application/json"))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status406NotAcceptable, "metadata is answered as application/dicom+json only").ConfigureAwait(false);
            return;
        }
        if (await FindAsync(context, store).ConfigureAwait(false) is not { } instances) return;
        await using var json = new DicomJsonArrayWriter(context.Response);
        foreach (var instance in instances)
        {
            var a = instance.Attributes;
            var url = DicomWebPath.RetrieveUrl(context.Request, a.StudyInstanceUid, a.SeriesInstanceUid, a.SopInstanceUid) + "/bulkdata/";
            await json.WriteAsync(DicomFile.Open(store.PathOf(instance)).Dataset, context.RequestAborted, tag => url + tag.ToJsonKey()).ConfigureAwait(false);
        }
        await json.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task FramesAsync(HttpContext context, InstanceStore store)
    {
        if (await FindAsync(context, store).ConfigureAwait(false) is not [var instance]) return;
        if (!MediaTypeNegotiation.AcceptsMultipart(context.Request, "application/octet-stream", ExplicitVRLittleEndian))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status406NotAcceptable,
                "frames are sent uncompressed only: multipart/related; type=\"application/octet-stream\" (transfer syntax 1.2.840.10008.1.2.1)").ConfigureAwait(false);
            return;
        }
        var text = context.Request.RouteValues["frames"] as string ?? "";
        var numbers = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"frame list '{text}': frames are numbered from 1, separated by commas").ConfigureAwait(false);
                return;
            }
            numbers.Add(n);
        }

        // Every frame is decoded before the first byte is sent, so a refusal can still be an error status.
        var frames = new List<ReadOnlyMemory<byte>>();
        var file = DicomFile.Open(store.PathOf(instance));
        var (status, problem) = (0, "");
        try
        {
            var pixels = new DicomPixelData(file.Dataset, file.TransferSyntax, instance.Attributes.SopInstanceUid);
            if (numbers.FirstOrDefault(n => n > pixels.NumberOfFrames) is var missing and > 0)
                (status, problem) = (StatusCodes.Status404NotFound, $"instance {instance.Attributes.SopInstanceUid} has {pixels.NumberOfFrames} frame(s); there is no frame {missing}");
            else
                foreach (var n in numbers) frames.Add(pixels.GetFrame(n - 1));
        }
        catch (DicomValueException e)
        {
            (status, problem) = (StatusCodes.Status404NotFound, $"instance {instance.Attributes.SopInstanceUid} has no frames: {e.Message}");
        }
        catch (Exception e) when (e is UnsupportedTransferSyntaxException or UnsupportedPixelDataException)
        {
            (status, problem) = (StatusCodes.Status406NotAcceptable,
                $"instance {instance.Attributes.SopInstanceUid} is held as {file.TransferSyntax.Name}, which the node cannot decompress: {e.Message}; retrieve the instance instead");
        }
        if (status != 0)
        {
            await HttpError.WriteAsync(context, status, problem).ConfigureAwait(false);
            return;
        }
        var multipart = new MultipartRelatedWriter(context.Response, "application/octet-stream");
        foreach (var frame in frames)
            await multipart.WritePartAsync($"application/octet-stream; transfer-syntax={ExplicitVRLittleEndian}", frame, context.RequestAborted).ConfigureAwait(false);
        await multipart.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task BulkDataAsync(HttpContext context, InstanceStore store)
    {
        if (await FindAsync(context, store).ConfigureAwait(false) is not [var instance]) return;
        var text = context.Request.RouteValues["tag"] as string ?? "";
        if (text.Length != 8 || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"'{text}' is not a tag of eight hex digits").ConfigureAwait(false);
            return;
        }
        var tag = new DicomTag(value);
        var file = DicomFile.Open(store.PathOf(instance));
        if (!file.Dataset.TryGet(tag, out var element) || element.IsSequence || !(element.IsEncapsulated || element.VR.IsBulk))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"instance {instance.Attributes.SopInstanceUid} has no bulk data {tag}").ConfigureAwait(false);
            return;
        }
        if (element.IsEncapsulated || !MediaTypeNegotiation.AcceptsMultipart(context.Request, "application/octet-stream", ExplicitVRLittleEndian))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status406NotAcceptable, element.IsEncapsulated
                ? $"{tag} of instance {instance.Attributes.SopInstanceUid} is compressed ({file.TransferSyntax.Name}); fetch its frames or the instance"
                : "bulk data is sent uncompressed only: multipart/related; type=\"application/octet-stream\"").ConfigureAwait(false);
            return;
        }
        var multipart = new MultipartRelatedWriter(context.Response, "application/octet-stream");
        await multipart.WritePartAsync($"application/octet-stream; transfer-syntax={ExplicitVRLittleEndian}", element.Value, context.RequestAborted).ConfigureAwait(false);
        await multipart.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    // The instances the path names (a study's, a series', or one), in index order; null after answering 400 or 404.
    private static async Task<IReadOnlyList<StoredInstance>?> FindAsync(HttpContext context, InstanceStore store)
    {
        string study;
        string? series, sop;
        try
        {
            study = DicomWebPath.Uid(context, "study")!;
            series = DicomWebPath.Uid(context, "series");
            sop = DicomWebPath.Uid(context, "instance");
        }
        catch (BadHttpRequestException e)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return null;
        }
        List<StoredInstance> found;
        if (sop is not null)
        {
            found = await store.Index.FindAsync(sop, context.RequestAborted).ConfigureAwait(false) is { } one
                && one.Attributes.StudyInstanceUid == study && one.Attributes.SeriesInstanceUid == series ? [one] : [];
        }
        else
        {
            found = await store.Index.InstancesAsync(study, context.RequestAborted).ConfigureAwait(false);
            if (series is not null) found.RemoveAll(i => i.Attributes.SeriesInstanceUid != series);
        }
        if (found.Count > 0) return found;
        var what = sop is not null ? $"instance {sop} in series {series} of study {study}" : series is not null ? $"series {series} in study {study}" : $"study {study}";
        await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"no {what} is stored here").ConfigureAwait(false);
        return null;
    }
}
