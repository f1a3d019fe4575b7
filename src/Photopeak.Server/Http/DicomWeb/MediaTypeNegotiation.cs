using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Photopeak.Server.Http.DicomWeb;

/// <summary>
/// Whether a request's Accept header allows what a DICOMweb resource can answer with (PS3.18 8.7): a missing header or
/// */* allows anything; multipart/related is matched on its "type" and "transfer-syntax" parameters.
/// </summary>
internal static class MediaTypeNegotiation
{
    /// <summary>True if the client accepts one of <paramref name="mediaTypes"/> (single-part media types such as application/dicom+json).</summary>
    public static bool Accepts(HttpRequest request, params string[] mediaTypes)
    {
        var accepted = Parse(request);
        return accepted is null || accepted.Any(a => IsAnything(a) || mediaTypes.Any(m => a.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// True if the client accepts multipart/related with parts of <paramref name="partType"/> in <paramref name="transferSyntaxUid"/>
    /// (a transfer-syntax parameter of "*" or none accepts the syntax the node holds).
    /// </summary>
    public static bool AcceptsMultipart(HttpRequest request, string partType, string transferSyntaxUid)
    {
        var accepted = Parse(request);
        if (accepted is null) return true;
        foreach (var a in accepted)
        {
            if (IsAnything(a)) return true;
            if (!a.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase)) continue;
            var type = Parameter(a, "type");
            if (type is not null && !type.Equals(partType, StringComparison.OrdinalIgnoreCase) && type != "*/*") continue;
            var syntax = Parameter(a, "transfer-syntax");
            if (syntax is null || syntax == "*" || syntax == transferSyntaxUid) return true;
        }
        return false;
    }

    private static IList<MediaTypeHeaderValue>? Parse(HttpRequest request)
    {
        var header = request.Headers.Accept;
        if (header.Count == 0) return null;
        return MediaTypeHeaderValue.TryParseList(header, out var list) && list.Count > 0 ? list : null;
    }

    private static bool IsAnything(MediaTypeHeaderValue a) => a.MediaType.Equals("*/*", StringComparison.Ordinal);

    /// <summary>A media type's parameter, unquoted, or null.</summary>
    public static string? Parameter(MediaTypeHeaderValue a, string name) =>
        a.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } p ? HeaderUtilities.RemoveQuotes(p.Value).ToString() : null;
}
