using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Photopeak.Dicom;
using Photopeak.Server.Query;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http.DicomWeb;

/// <summary>
/// QIDO-RS (PS3.18 10.6): searches for studies, series and instances, answered as application/dicom+json with each level's
/// return attributes. Matching is the C-FIND matching (<see cref="StudyRootMatcher"/>), over the same index.
/// </summary>
internal static class QidoRs
{
    /// <summary>Adds the search routes.</summary>
    public static void Map(IEndpointRouteBuilder routes, InstanceStore store)
    {
        const string root = DicomWebPath.Root;
        routes.MapGet(root + "/studies", context => SearchAsync(context, store, QueryLevel.Study));
        routes.MapGet(root + "/series", context => SearchAsync(context, store, QueryLevel.Series));
        routes.MapGet(root + "/instances", context => SearchAsync(context, store, QueryLevel.Image));
        routes.MapGet(root + "/studies/{study}/series", context => SearchAsync(context, store, QueryLevel.Series));
        routes.MapGet(root + "/studies/{study}/instances", context => SearchAsync(context, store, QueryLevel.Image));
        routes.MapGet(root + "/studies/{study}/series/{series}/instances", context => SearchAsync(context, store, QueryLevel.Image));
    }

    private static async Task SearchAsync(HttpContext context, InstanceStore store, QueryLevel level)
    {
        if (!MediaTypeNegotiation.Accepts(context.Request, DicomJsonArrayWriter.MediaType, "application/json"))
        {
            await HttpError.WriteAsync(context, StatusCodes.Status406NotAcceptable, "QIDO-RS answers application/dicom+json only").ConfigureAwait(false);
            return;
        }
        QidoQuery query;
        string? study, series;
        try
        {
            study = DicomWebPath.Uid(context, "study");
            series = DicomWebPath.Uid(context, "series");
            var pathKeys = new List<(DicomTag, string)>();
            if (study is not null) pathKeys.Add((DicomTags.StudyInstanceUID, study));
            if (series is not null) pathKeys.Add((DicomTags.SeriesInstanceUID, series));
            query = QidoQuery.Parse(context.Request.Query, pathKeys);
        }
        catch (BadHttpRequestException e)
        {
            await HttpError.WriteAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }

        var matcher = new StudyRootMatcher(level, query.Keys);
        var instances = await store.Index.InstancesAsync(matcher.SingleStudyUid, context.RequestAborted).ConfigureAwait(false);
        var matches = matcher.Match(instances);
        var page = matches.Skip(query.Offset).Take(query.Limit ?? int.MaxValue).ToList();

        var warnings = query.Warnings.ToList();
        if (matcher.Ignored.Count > 0)
            warnings.Add($"not supported for matching at this level, ignored: {string.Join(", ", matcher.Ignored.Select(t => t.Keyword ?? t.ToJsonKey()))}");
        if (query.Offset + page.Count < matches.Count) warnings.Add("There are additional results that can be requested");
        // PS3.18 8.3.4: warnings travel in Warning headers with code 299.
        foreach (var warning in warnings) context.Response.Headers.Append("Warning", $"299 photopeak \"{warning.Replace('"', '\'')}\"");

        var returned = ReturnAttributes(level, query, study is not null, series is not null);
        await using var json = new DicomJsonArrayWriter(context.Response);
        foreach (var match in page) await json.WriteAsync(Response(context.Request, match, level, returned), context.RequestAborted).ConfigureAwait(false);
        await json.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    // The level's attributes; a search not under a study also returns the study's, one not under a series the series'
    // (PS3.18 10.6.3.3); then what includefield and the matching keys add.
    private static SortedSet<uint> ReturnAttributes(QueryLevel level, QidoQuery query, bool underStudy, bool underSeries)
    {
        var tags = new SortedSet<uint>(QidoQuery.DefaultAttributes(level).Select(t => t.Value));
        if (level > QueryLevel.Study && !underStudy) tags.UnionWith(QidoQuery.DefaultAttributes(QueryLevel.Study).Select(t => t.Value));
        if (level > QueryLevel.Series && !underSeries) tags.UnionWith(QidoQuery.DefaultAttributes(QueryLevel.Series).Select(t => t.Value));
        if (query.IncludeAll) tags.UnionWith(StudyRootKeys.All.Where(k => k.Level <= level).Select(k => k.Tag.Value));
        tags.UnionWith(query.Included.Select(t => t.Value));
        tags.UnionWith(query.Keys.Select(k => k.Tag.Value));
        return tags;
    }

    private static DicomDataset Response(HttpRequest request, StudyRootMatch match, QueryLevel level, SortedSet<uint> returned)
    {
        var first = match.First;
        var response = new DicomDataset();
        // UTF-8, so any name reads back as stored.
        response.Set(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        foreach (var value in returned)
        {
            var tag = new DicomTag(value);
            if (tag == DicomTags.RetrieveURL)
            {
                response.Set(tag, DicomVR.UR, level switch
                {
                    QueryLevel.Study => DicomWebPath.RetrieveUrl(request, first.StudyInstanceUid),
                    QueryLevel.Series => DicomWebPath.RetrieveUrl(request, first.StudyInstanceUid, first.SeriesInstanceUid),
                    _ => DicomWebPath.RetrieveUrl(request, first.StudyInstanceUid, first.SeriesInstanceUid, first.SopInstanceUid),
                });
            }
            else if (tag == DicomTags.InstanceAvailability)
            {
                response.Set(tag, DicomVR.CS, "ONLINE");
            }
            else if (StudyRootKeys.TryGet(tag, out var key))
            {
                // An attribute of a level below the one searched has no single value: returned empty, as C-FIND does.
                StudyRootKeys.Set(response, tag, key.VR, key.Level <= level ? match.Value(tag) : null);
            }
            else if (DicomDictionary.Lookup(tag)?.VR is { IsString: true } vr)
            {
                // Asked for but not in the index: present and empty, so the client sees it was considered.
                response.Set(tag, vr, []);
            }
        }
        return response;
    }
}
