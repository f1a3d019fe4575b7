using Microsoft.AspNetCore.Http;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.DicomWeb;

/// <summary>The UIDs in a DICOMweb resource path (/studies/{study}/series/{series}/instances/{instance}) and the URLs built from them.</summary>
internal static class DicomWebPath
{
    /// <summary>Where the DICOMweb services live on the node.</summary>
    public const string Root = "/dicom-web";

    /// <summary>
    /// The route value <paramref name="name"/> as a UID, or null if the route has none; throws <see cref="BadHttpRequestException"/>
    /// if it is not a UID (which also keeps any path out of the store's folders).
    /// </summary>
    public static string? Uid(HttpContext context, string name)
    {
        if (context.Request.RouteValues[name] is not string value) return null;
        return InstanceAttributes.IsValidUid(value) ? value : throw new BadHttpRequestException($"'{value}' in the path is not a UID");
    }

    /// <summary>The absolute URL of the node's DICOMweb root as the client reached it.</summary>
    public static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{Root}";

    /// <summary>The Retrieve URL of a study, series (with <paramref name="series"/>) or instance (with both).</summary>
    public static string RetrieveUrl(HttpRequest request, string study, string? series = null, string? instance = null) =>
        Base(request) + "/studies/" + study + (series is null ? "" : "/series/" + series) + (instance is null ? "" : "/instances/" + instance);
}
