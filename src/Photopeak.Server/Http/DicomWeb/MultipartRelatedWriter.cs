using System.Text;
using Microsoft.AspNetCore.Http;

namespace Photopeak.Server.Http.DicomWeb;

/// <summary>
/// Writes a multipart/related response body (RFC 2387, as PS3.18 8.6.1.2 uses it): each part with its Content-Type, between
/// boundary lines, streamed to the client one part at a time.
/// </summary>
internal sealed class MultipartRelatedWriter
{
    private readonly HttpResponse response;
    private readonly string boundary = "photopeak-" + Guid.NewGuid().ToString("N");

    /// <summary>Sets the response's status and Content-Type (multipart/related with <paramref name="partType"/> as its type).</summary>
    public MultipartRelatedWriter(HttpResponse response, string partType)
    {
        this.response = response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"multipart/related; type=\"{partType}\"; boundary={boundary}";
    }

    /// <summary>Writes one part from a stream.</summary>
    public async Task WritePartAsync(string contentType, Stream content, CancellationToken cancel)
    {
        await response.Body.WriteAsync(Header(contentType), cancel).ConfigureAwait(false);
        await content.CopyToAsync(response.Body, cancel).ConfigureAwait(false);
        await response.Body.WriteAsync("\r\n"u8.ToArray(), cancel).ConfigureAwait(false);
    }

    /// <summary>Writes one part from bytes in memory.</summary>
    public async Task WritePartAsync(string contentType, ReadOnlyMemory<byte> content, CancellationToken cancel)
    {
        await response.Body.WriteAsync(Header(contentType), cancel).ConfigureAwait(false);
        await response.Body.WriteAsync(content, cancel).ConfigureAwait(false);
        await response.Body.WriteAsync("\r\n"u8.ToArray(), cancel).ConfigureAwait(false);
    }

    /// <summary>Writes the closing boundary.</summary>
    public async Task CompleteAsync(CancellationToken cancel) =>
        await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), cancel).ConfigureAwait(false);

    private byte[] Header(string contentType) => Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: {contentType}\r\n\r\n");
}
