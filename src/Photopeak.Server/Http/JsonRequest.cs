using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Photopeak.Server.Http;

/// <summary>Small JSON request bodies (sign-in, a new user, report text, ROIs): read whole, bounded, sent as application/json
/// (which a form of another site cannot send without the browser asking first), and answered 400 with the reason when they
/// are not a JSON object, hold a string that is not text, or lack a string member.</summary>
internal static class JsonRequest
{
    /// <summary>What a small body (sign-in, a user, a signature's acknowledgement) may take.</summary>
    public const int SmallBytes = 64 << 10;

    /// <summary>What report text may take: indication, impression and every statement at their longest, in UTF-8.</summary>
    public const int TextBytes = 256 << 10;

    /// <summary>What edited ROIs may take: lung outlines are row spans of two masks, and a 256² image brushed into fragments
    /// takes a few hundred kilobytes.</summary>
    public const int RoiBytes = 1 << 20;

    /// <summary>The body's object, or null after answering 400 (413 when longer than <paramref name="maxBytes"/>).</summary>
    public static async Task<JsonDocument?> ReadObjectAsync(HttpContext context, int maxBytes = SmallBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || !string.Equals(type.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"the body must be sent as application/json, not {(string.IsNullOrEmpty(context.Request.ContentType) ? "without a Content-Type" : context.Request.ContentType)}").ConfigureAwait(false);
            return null;
        }
        if (context.Request.ContentLength > maxBytes)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"a JSON request body is at most {maxBytes} bytes").ConfigureAwait(false);
            return null;
        }
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    await HttpError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"a JSON request body is at most {maxBytes} bytes").ConfigureAwait(false);
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            var document = JsonDocument.Parse(buffer.ToArray());
            var problem = document.RootElement.ValueKind != JsonValueKind.Object ? "the body must be a JSON object" : UnreadableString(document.RootElement);
            if (problem is null) return document;
            document.Dispose();
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
            return null;
        }
        catch (JsonException e)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"the body is not JSON: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    // JSON may escape half of a surrogate pair ("\ud800"), which is no text: refused here so no reader of the body meets it.
    private static string? UnreadableString(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    element.GetString();
                    return null;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                        if (UnreadableString(item) is { } p) return p;
                    return null;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (UnreadableString(property.Value) is { } p) return p;
                    }
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return "the body holds a string that is not valid text (a lone UTF-16 surrogate)";
        }
    }

    /// <summary>A string member, or null after answering 400 naming it.</summary>
    public static async Task<string?> StringAsync(HttpContext context, JsonDocument body, string name)
    {
        if (body.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString();
        await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"the body lacks the string \"{name}\"").ConfigureAwait(false);
        return null;
    }
}
