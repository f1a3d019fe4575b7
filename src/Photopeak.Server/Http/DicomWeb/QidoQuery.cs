using System.Globalization;
using Microsoft.AspNetCore.Http;
using Photopeak.Dicom;
using Photopeak.Server.Query;

namespace Photopeak.Server.Http.DicomWeb;

/// <summary>
/// A QIDO-RS request's query (PS3.18 8.3.4): matching keys named by keyword or tag (Study Date as a range, UID lists
/// separated by commas or backslashes, * and ? wildcards), includefield (keywords, tags or "all"), limit and offset.
/// </summary>
internal sealed class QidoQuery
{
    private QidoQuery(List<(DicomTag Tag, string? Value)> keys, List<DicomTag> included, bool includeAll, int? limit, int offset, List<string> warnings)
    {
        Keys = keys;
        Included = included;
        IncludeAll = includeAll;
        Limit = limit;
        Offset = offset;
        Warnings = warnings;
    }

    /// <summary>The matching keys (the path's UIDs among them).</summary>
    public IReadOnlyList<(DicomTag Tag, string? Value)> Keys { get; }

    /// <summary>Attributes asked for with includefield, beyond the level's default set.</summary>
    public IReadOnlyList<DicomTag> Included { get; }

    /// <summary>includefield=all: every attribute the node holds at and above the level.</summary>
    public bool IncludeAll { get; }

    /// <summary>At most this many results (none: all).</summary>
    public int? Limit { get; }

    /// <summary>Results skipped before the first returned.</summary>
    public int Offset { get; }

    /// <summary>What the node left out of the request, for the Warning header.</summary>
    public List<string> Warnings { get; }

    /// <summary>Reads the query string with the path's UIDs as fixed keys; throws <see cref="BadHttpRequestException"/> naming a malformed parameter.</summary>
    public static QidoQuery Parse(IQueryCollection query, IEnumerable<(DicomTag Tag, string Value)> pathKeys)
    {
        var keys = new List<(DicomTag, string?)>();
        var included = new List<DicomTag>();
        var includeAll = false;
        int? limit = null;
        var offset = 0;
        var warnings = new List<string>();
        foreach (var (name, values) in query)
        {
            var value = string.Join(',', values.OfType<string>());
            switch (name)
            {
                case "limit":
                    limit = NonNegative(name, value);
                    break;
                case "offset":
                    offset = NonNegative(name, value);
                    break;
                case "includefield":
                    foreach (var field in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (field == "all") includeAll = true;
                        else included.Add(Attribute(field, "includefield"));
                    }
                    break;
                case "fuzzymatching":
                    if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) warnings.Add("fuzzymatching is not supported; names are matched as PS3.4 C.2.2.2 says");
                    break;
                default:
                    if (name.Contains('.', StringComparison.Ordinal))
                    {
                        warnings.Add($"{name}: sequence matching is not supported; the key was ignored");
                        break;
                    }
                    var tag = Attribute(name, "matching key");
                    var vr = DicomDictionary.Lookup(tag)?.VR;
                    // UID lists may be comma-separated in a URL (PS3.18 8.3.4.1); CS values hold no commas, so lists of them may be too.
                    keys.Add((tag, vr == DicomVR.UI || vr == DicomVR.CS ? value.Replace(',', '\\') : value));
                    break;
            }
        }
        foreach (var (tag, value) in pathKeys)
        {
            keys.RemoveAll(k => k.Item1 == tag);
            keys.Add((tag, value));
        }
        return new QidoQuery(keys, included, includeAll, limit, offset, warnings);
    }

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new BadHttpRequestException($"{name}={value}: expected a whole number of zero or more");

    // A keyword such as PatientID or a tag as eight hex digits (PS3.18 8.3.4.1 allows both).
    private static DicomTag Attribute(string text, string role)
    {
        if (DicomDictionary.Lookup(text) is { } entry) return new DicomTag(entry.Tag);
        if (text.Length == 8 && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return new DicomTag(value);
        throw new BadHttpRequestException($"{role} '{text}' is neither a DICOM keyword nor a tag of eight hex digits");
    }

    /// <summary>The default return attributes of a level (PS3.18 Tables 10.6.3-3, -4 and -5, those the index holds).</summary>
    public static IReadOnlyList<DicomTag> DefaultAttributes(QueryLevel level) => level switch
    {
        QueryLevel.Study =>
        [
            DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.AccessionNumber, DicomTags.InstanceAvailability, DicomTags.ModalitiesInStudy,
            DicomTags.ReferringPhysicianName, DicomTags.RetrieveURL, DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate,
            DicomTags.PatientSex, DicomTags.StudyInstanceUID, DicomTags.StudyID, DicomTags.NumberOfStudyRelatedSeries, DicomTags.NumberOfStudyRelatedInstances,
        ],
        QueryLevel.Series =>
        [
            DicomTags.Modality, DicomTags.SeriesDescription, DicomTags.RetrieveURL, DicomTags.SeriesInstanceUID, DicomTags.SeriesNumber,
            DicomTags.NumberOfSeriesRelatedInstances,
        ],
        _ =>
        [
            DicomTags.SOPClassUID, DicomTags.SOPInstanceUID, DicomTags.InstanceAvailability, DicomTags.RetrieveURL, DicomTags.InstanceNumber,
            DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated, DicomTags.NumberOfFrames,
        ],
    };
}
