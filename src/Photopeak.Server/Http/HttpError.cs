using Microsoft.AspNetCore.Http;

namespace Photopeak.Server.Http;

/// <summary>Error answers as JSON, {"error": "..."}, with the status that says what went wrong.</summary>
internal static class HttpError
{
    /// <summary>Writes the error as the response (any header already set, such as a content type, is replaced);
    /// <paramref name="details"/> adds members a client acts on (a "code", the items at fault).</summary>
    public static Task WriteAsync(HttpContext context, int status, string message, Action<System.Text.Json.Utf8JsonWriter>? details = null) =>
        JsonBody.WriteAsync(context, status, "application/json; charset=utf-8", w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status"u8, status);
            w.WriteString("error"u8, message);
            details?.Invoke(w);
            w.WriteEndObject();
        });
}
