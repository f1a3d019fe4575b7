using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Photopeak.Server.Http;

/// <summary>Small JSON request bodies (sign-in, a new user): read whole, bounded, and answered 400 with the reason when they are
/// not a JSON object or lack a string member.</summary>
internal static class JsonRequest
{
    private const int MaxBytes = 64 << 10;

    /// <summary>The body's object, or null after answering 400.</summary>
    public static async Task<JsonDocument?> ReadObjectAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"a JSON request body is at most {MaxBytes} bytes").ConfigureAwait(false);
            return null;
        }
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    await HttpError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"a JSON request body is at most {MaxBytes} bytes").ConfigureAwait(false);
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, "the body must be a JSON object").ConfigureAwait(false);
            return null;
        }
        catch (JsonException e)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, $"the body is not JSON: {e.Message}").ConfigureAwait(false);
            return null;
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
