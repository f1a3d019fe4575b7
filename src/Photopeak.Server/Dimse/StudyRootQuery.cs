using Photopeak.Dicom;
using Photopeak.Server.Query;
using Photopeak.Server.Store;

namespace Photopeak.Server.Dimse;

/// <summary>
/// A C-FIND identifier of the Study Root information model read as a query (PS3.4 C.6.2): its level (STUDY, SERIES or
/// IMAGE), the matching keys with their values and the return keys. Matching is <see cref="StudyRootMatcher"/>'s, which
/// QIDO-RS shares.
/// </summary>
public sealed class StudyRootQuery
{
    private readonly DicomDataset identifier;
    private readonly StudyRootMatcher matcher;

    private StudyRootQuery(QueryLevel level, DicomDataset identifier)
    {
        this.identifier = identifier;
        matcher = new StudyRootMatcher(level, identifier.Where(e => !e.IsSequence).Select(e => (e.Tag, identifier.GetString(e.Tag))));
    }

    /// <summary>The level asked for.</summary>
    public QueryLevel Level => matcher.Level;

    /// <summary>The one Study Instance UID the query names, if it names exactly one (so the index is read for that study only).</summary>
    public string? SingleStudyUid => matcher.SingleStudyUid;

    /// <summary>Reads an identifier; throws <see cref="Network.Services.FindRefusedException"/> for a missing or unknown level.</summary>
    public static StudyRootQuery From(DicomDataset identifier)
    {
        var level = identifier.GetString(DicomTags.QueryRetrieveLevel)?.Trim().ToUpperInvariant() switch
        {
            "STUDY" => QueryLevel.Study,
            "SERIES" => QueryLevel.Series,
            "IMAGE" => QueryLevel.Image,
            null or "" => throw new Network.Services.FindRefusedException("Query/Retrieve Level (0008,0052) is missing"),
            var other => throw new Network.Services.FindRefusedException($"Query/Retrieve Level (0008,0052) '{other}' is not STUDY, SERIES or IMAGE at study root"),
        };
        return new StudyRootQuery(level, identifier);
    }

    /// <summary>The response identifiers for the matching studies, series or instances among <paramref name="instances"/>.</summary>
    public IEnumerable<DicomDataset> Match(IReadOnlyList<StoredInstance> instances) => matcher.Match(instances).Select(Response);

    private DicomDataset Response(StudyRootMatch match)
    {
        var response = new DicomDataset();
        response.Set(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        response.Set(DicomTags.QueryRetrieveLevel, DicomVR.CS, Level.ToString().ToUpperInvariant());
        foreach (var element in identifier)
        {
            var tag = element.Tag;
            if (tag == DicomTags.QueryRetrieveLevel || tag == DicomTags.SpecificCharacterSet) continue;
            // An attribute of a level below the one asked for has no single value here: returned empty.
            var value = StudyRootKeys.TryGet(tag, out var key) && key.Level <= Level ? match.Value(tag) : null;
            StudyRootKeys.Set(response, tag, element.VR, value);
        }
        // Unique keys of the levels above and at this one are always returned (PS3.4 C.4.1.1.3.2).
        response.Set(DicomTags.StudyInstanceUID, DicomVR.UI, match.First.StudyInstanceUid);
        if (Level >= QueryLevel.Series) response.Set(DicomTags.SeriesInstanceUID, DicomVR.UI, match.First.SeriesInstanceUid);
        if (Level >= QueryLevel.Image) response.Set(DicomTags.SOPInstanceUID, DicomVR.UI, match.First.SopInstanceUid);
        return response;
    }
}
