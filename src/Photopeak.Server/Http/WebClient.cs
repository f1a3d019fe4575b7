using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Photopeak.Server.Http;

/// <summary>
/// The review page (web/: index.html, app.js, app.css), embedded in the assembly and served at /, so the node needs no web
/// folder and the page nothing from outside the node: its Content-Security-Policy allows only the node itself.
/// </summary>
internal static class WebClient
{
    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Files = Load();

    /// <summary>Adds the page's routes.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", context => SendAsync(context, "index.html"));
        foreach (var name in Files.Keys) routes.MapGet("/" + name, context => SendAsync(context, name));
    }

    private static Task SendAsync(HttpContext context, string name)
    {
        var (type, bytes) = Files[name];
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = type;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static Dictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(WebClient).Assembly;
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("web/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["web/".Length..];
            files[name] = (Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            }, copy.ToArray());
        }
        return files;
    }
}
