using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Photopeak.Dicom;
using Photopeak.Dicom.Json;

namespace Photopeak.Server.Http.DicomWeb;

/// <summary>
/// Writes an application/dicom+json response, an array of data sets in the DICOM JSON Model (PS3.18 F.2) through the codec's
/// <see cref="DicomJsonWriter"/>, flushed to the client after each data set so a large study's metadata is never held whole.
/// Bulk data (pixel data and other OB/OW… values) is never inline: left out, or a BulkDataURI where the caller names one.
/// </summary>
internal sealed class DicomJsonArrayWriter : IAsyncDisposable
{
    public const string MediaType = "application/dicom+json";

    private static readonly DicomJsonOptions Options = new() { IncludeBulkData = false, Indented = false };

    private readonly HttpResponse response;
    private readonly Utf8JsonWriter writer;

    /// <summary>Sets status and Content-Type and opens the array.</summary>
    public DicomJsonArrayWriter(HttpResponse response, int status = StatusCodes.Status200OK)
    {
        this.response = response;
        response.StatusCode = status;
        response.ContentType = MediaType;
        writer = new Utf8JsonWriter(response.BodyWriter, DicomJsonWriter.WriterOptions(Options));
        writer.WriteStartArray();
    }

    /// <summary>Writes one data set and sends what is written so far; <paramref name="bulkDataUri"/> gives top-level bulk elements their BulkDataURI.</summary>
    public async Task WriteAsync(DicomDataset dataset, CancellationToken cancel, Func<DicomTag, string?>? bulkDataUri = null)
    {
        DicomJsonWriter.Write(writer, dataset, bulkDataUri is null ? Options : Options with { BulkDataUri = bulkDataUri });
        await writer.FlushAsync(cancel).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Closes the array.</summary>
    public async Task CompleteAsync(CancellationToken cancel)
    {
        writer.WriteEndArray();
        await writer.FlushAsync(cancel).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(cancel).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
