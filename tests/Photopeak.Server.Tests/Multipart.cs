using System.Net.Http.Headers;
using System.Text;

namespace Photopeak.Server.Tests;

/// <summary>multipart/related bodies for the DICOMweb tests: split a response into its parts, build a STOW-RS request.</summary>
internal static class Multipart
{
    /// <summary>The parts of a multipart response (each part's Content-Type and bytes), read with the boundary its Content-Type names.</summary>
    public static async Task<List<(string ContentType, byte[] Body)>> PartsAsync(HttpResponseMessage response)
    {
        var media = response.Content.Headers.ContentType!;
        Assert.Equal("multipart/related", media.MediaType);
        var boundary = media.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var body = await response.Content.ReadAsByteArrayAsync();
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<(string, byte[])>();
        var position = IndexOf(body, delimiter, 0);
        Assert.True(position >= 0, "no boundary in the body");
        while (true)
        {
            position += delimiter.Length;
            if (body[position] == '-' && body[position + 1] == '-') break;
            position += 2; // CRLF after the boundary
            var headersEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), position);
            var headers = Encoding.ASCII.GetString(body, position, headersEnd - position);
            var contentType = headers.Split("\r\n").Single(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))["Content-Type:".Length..].Trim();
            var start = headersEnd + 4;
            var next = IndexOf(body, Encoding.ASCII.GetBytes("\r\n--" + boundary), start);
            parts.Add((contentType, body[start..next]));
            position = next + 2;
        }
        return parts;
    }

    /// <summary>A STOW-RS request body: multipart/related; type="application/dicom" with one part per file.</summary>
    public static HttpContent Stow(params byte[][] files)
    {
        var boundary = "test-" + Guid.NewGuid().ToString("N");
        var body = new MemoryStream();
        foreach (var file in files)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n"));
            body.Write(file);
            body.Write("\r\n"u8);
        }
        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        return Raw(body.ToArray(), $"multipart/related; type=\"application/dicom\"; boundary={boundary}");
    }

    /// <summary>A body with exactly the given bytes and Content-Type (for malformed requests).</summary>
    public static HttpContent Raw(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        var found = haystack.AsSpan(from).IndexOf(needle);
        return found < 0 ? -1 : from + found;
    }
}
