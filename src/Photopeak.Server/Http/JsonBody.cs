using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Photopeak.Server.Http;

/// <summary>Responses whose body is JSON written by hand with <see cref="Utf8JsonWriter"/> (no reflection, so NativeAOT keeps it).</summary>
internal static class JsonBody
{
    /// <summary>Compact output; non-ASCII text is written as UTF-8, not escaped (names in any character set stay readable).</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a small JSON document, built in memory, as the whole response.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string contentType, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) write(writer);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
