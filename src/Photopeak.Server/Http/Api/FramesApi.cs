using System.Buffers.Binary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Photopeak.Imaging;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Studies;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.Api;

/// <summary>
/// The frames of a study's images for the viewer, as the study model reads them: GET /api/studies/{study}/frames lists each
/// image instance with its size, pixel spacing and every frame's vector values (energy window, detector, phase, rotation,
/// R-R interval, time slot, slice, angular view, time slice); GET /api/studies/{study}/instances/{instance}/frames is all
/// its frames as float32 little endian (rescale applied), frame after frame, row by row.
/// </summary>
internal static class FramesApi
{
    private const string Json = "application/json; charset=utf-8";
    private static readonly FrameVector[] Vectors = Enum.GetValues<FrameVector>();

    /// <summary>Adds the routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, InstanceStore store)
    {
        routes.MapGet("/api/studies/{study}/frames", context => ListAsync(context, store));
        routes.MapGet("/api/studies/{study}/instances/{instance}/frames", context => PixelsAsync(context, store));
    }

    private static async Task ListAsync(HttpContext context, InstanceStore store)
    {
        if (await StudiesApi.FindStudyAsync(context, store).ConfigureAwait(false) is not { } instances) return;
        var images = new List<(StoredInstance Stored, NmAcquisition? Acquisition, string? Problem)>();
        foreach (var instance in instances.Where(i => i.Attributes.Rows is > 0 && i.Attributes.Columns is > 0))
        {
            try { images.Add((instance, NmAcquisition.Open(store.PathOf(instance)), null)); }
            catch (Exception e) when (e is StudyValidationException or Dicom.DicomFormatException or IOException) { images.Add((instance, null, e.Message)); }
        }
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, Json, w =>
        {
            w.WriteStartArray();
            foreach (var (stored, acquisition, unreadable) in images.OrderBy(i => i.Stored.Attributes.SeriesNumber ?? int.MaxValue).ThenBy(i => i.Stored.Attributes.InstanceNumber ?? 0))
            {
                var a = stored.Attributes;
                w.WriteStartObject();
                w.WriteString("sopInstanceUid"u8, a.SopInstanceUid);
                w.WriteString("seriesInstanceUid"u8, a.SeriesInstanceUid);
                if (a.SeriesNumber is { } number) w.WriteNumber("seriesNumber"u8, number); else w.WriteNull("seriesNumber"u8);
                w.WriteString("seriesDescription"u8, a.SeriesDescription);
                w.WriteString("modality"u8, a.Modality);
                w.WriteNumber("rows"u8, a.Rows!.Value);
                w.WriteNumber("columns"u8, a.Columns!.Value);
                var problem = acquisition?.FrameProblem?.Message ?? unreadable;
                if (problem is not null || acquisition is null)
                {
                    w.WriteString("problem"u8, problem);
                    w.WriteEndObject();
                    continue;
                }
                if (acquisition.PixelSpacingMm is { } spacing) w.WriteNumber("pixelSpacingMm"u8, spacing.RowMm);
                w.WriteString("imageType"u8, acquisition.ImageType.ToString());
                w.WriteStartArray("frames"u8);
                foreach (var frame in acquisition.Frames)
                {
                    w.WriteStartObject();
                    foreach (var vector in Vectors)
                        if (frame[vector] is { } value) w.WriteNumber(JsonName(vector), value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private static async Task PixelsAsync(HttpContext context, InstanceStore store)
    {
        if (await StudiesApi.FindStudyAsync(context, store).ConfigureAwait(false) is not { } instances) return;
        var uid = context.Request.RouteValues["instance"] as string ?? "";
        if (instances.FirstOrDefault(i => i.Attributes.SopInstanceUid == uid) is not { } instance)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"study {instances[0].Attributes.StudyInstanceUid} has no instance {uid}").ConfigureAwait(false);
            return;
        }
        byte[] bytes;
        try
        {
            var acquisition = NmAcquisition.Open(store.PathOf(instance));
            long frames = acquisition.NumberOfFrames, pixelCount = (long)acquisition.Rows!.Value * acquisition.Columns!.Value;
            if (frames * pixelCount * 4 > Array.MaxLength) throw new InvalidDataException($"{frames} frames of {acquisition.Rows} × {acquisition.Columns} are too many to send at once");
            var size = (int)pixelCount;
            var pixels = new float[size];
            bytes = new byte[frames * size * 4];
            for (var f = 0; f < frames; f++)
            {
                acquisition.GetFrame(f, pixels);
                var span = bytes.AsSpan(f * size * 4, size * 4);
                for (var i = 0; i < size; i++) BinaryPrimitives.WriteSingleLittleEndian(span[(i * 4)..], pixels[i]);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"instance {uid} is indexed but its file is gone from the store").ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is IOException and not EndOfStreamException)
        {
            // The reason names server paths: it goes to the node's log, not to the browser.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("frames").LogError(e, "reading instance {InstanceUid} failed", uid);
            await HttpError.WriteAsync(context, StatusCodes.Status500InternalServerError, $"instance {uid} could not be read; the node's log has the reason").ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is StudyValidationException or Dicom.DicomFormatException or Dicom.UnsupportedPixelDataException or Dicom.UnsupportedTransferSyntaxException or InvalidDataException
            or EndOfStreamException)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, $"instance {uid}: {e.Message}").ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static string JsonName(FrameVector vector) => vector switch
    {
        FrameVector.EnergyWindow => "energyWindow",
        FrameVector.Detector => "detector",
        FrameVector.Phase => "phase",
        FrameVector.Rotation => "rotation",
        FrameVector.RRInterval => "rrInterval",
        FrameVector.TimeSlot => "timeSlot",
        FrameVector.Slice => "slice",
        FrameVector.AngularView => "angularView",
        _ => "timeSlice",
    };
}
