using System.Text.RegularExpressions;
using Photopeak.Dicom;
using Photopeak.Server.Store;

namespace Photopeak.Server.Dimse;

/// <summary>
/// A C-FIND identifier of the Study Root information model read as a query (PS3.4 C.6.2): its level (STUDY, SERIES or
/// IMAGE), the matching keys with their values and the return keys. Matching follows PS3.4 C.2.2.2: universal (empty),
/// single value, wildcard (* and ?), UID list, and date/time range.
/// </summary>
public sealed class StudyRootQuery
{
    private static readonly Dictionary<uint, (QueryLevel Level, Func<InstanceAttributes, string?> Value)> Keys = new()
    {
        [DicomTags.PatientName.Value] = (QueryLevel.Study, a => a.PatientName),
        [DicomTags.PatientID.Value] = (QueryLevel.Study, a => a.PatientId),
        [DicomTags.PatientBirthDate.Value] = (QueryLevel.Study, a => a.PatientBirthDate),
        [DicomTags.PatientSex.Value] = (QueryLevel.Study, a => a.PatientSex),
        [DicomTags.StudyDate.Value] = (QueryLevel.Study, a => a.StudyDate),
        [DicomTags.StudyTime.Value] = (QueryLevel.Study, a => a.StudyTime),
        [DicomTags.AccessionNumber.Value] = (QueryLevel.Study, a => a.AccessionNumber),
        [DicomTags.StudyID.Value] = (QueryLevel.Study, a => a.StudyId),
        [DicomTags.StudyInstanceUID.Value] = (QueryLevel.Study, a => a.StudyInstanceUid),
        [DicomTags.StudyDescription.Value] = (QueryLevel.Study, a => a.StudyDescription),
        [DicomTags.ReferringPhysicianName.Value] = (QueryLevel.Study, a => a.ReferringPhysicianName),
        [DicomTags.Modality.Value] = (QueryLevel.Series, a => a.Modality),
        [DicomTags.SeriesInstanceUID.Value] = (QueryLevel.Series, a => a.SeriesInstanceUid),
        [DicomTags.SeriesNumber.Value] = (QueryLevel.Series, a => a.SeriesNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        [DicomTags.SeriesDescription.Value] = (QueryLevel.Series, a => a.SeriesDescription),
        [DicomTags.SOPInstanceUID.Value] = (QueryLevel.Image, a => a.SopInstanceUid),
        [DicomTags.SOPClassUID.Value] = (QueryLevel.Image, a => a.SopClassUid),
        [DicomTags.InstanceNumber.Value] = (QueryLevel.Image, a => a.InstanceNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    private readonly DicomDataset identifier;

    private StudyRootQuery(QueryLevel level, DicomDataset identifier)
    {
        Level = level;
        this.identifier = identifier;
    }

    /// <summary>The level asked for.</summary>
    public QueryLevel Level { get; }

    /// <summary>The one Study Instance UID the query names, if it names exactly one (so the index is read for that study only).</summary>
    public string? SingleStudyUid => identifier.GetString(DicomTags.StudyInstanceUID)?.Trim() is { Length: > 0 } uid && !uid.Contains('\\') && !uid.Contains('*') ? uid : null;

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
    public IEnumerable<DicomDataset> Match(IReadOnlyList<StoredInstance> instances)
    {
        var matching = instances.Where(i => Matches(i.Attributes));
        IEnumerable<IGrouping<string, StoredInstance>> groups = Level switch
        {
            QueryLevel.Study => matching.GroupBy(i => i.Attributes.StudyInstanceUid),
            QueryLevel.Series => matching.GroupBy(i => i.Attributes.SeriesInstanceUid),
            _ => matching.GroupBy(i => i.Attributes.SopInstanceUid),
        };
        foreach (var group in groups) yield return Response(group.ToList(), instances);
    }

    private bool Matches(InstanceAttributes attributes)
    {
        foreach (var element in identifier)
        {
            if (!Keys.TryGetValue(element.Tag.Value, out var key) || key.Level > Level) continue;
            var wanted = identifier.GetString(element.Tag)?.Trim();
            if (string.IsNullOrEmpty(wanted) || wanted == "*") continue;
            if (!ValueMatches(element.VR, wanted, key.Value(attributes))) return false;
        }
        return true;
    }

    private static bool ValueMatches(DicomVR vr, string wanted, string? actual)
    {
        if (actual is null) return false;
        if (vr == DicomVR.UI) return wanted.Split('\\').Any(u => u.Trim() == actual);
        if ((vr == DicomVR.DA || vr == DicomVR.TM) && wanted.Contains('-'))
        {
            var parts = wanted.Split('-', 2);
            return (parts[0].Length == 0 || string.CompareOrdinal(actual, parts[0]) >= 0)
                && (parts[1].Length == 0 || string.CompareOrdinal(actual[..Math.Min(actual.Length, parts[1].Length)], parts[1]) <= 0);
        }
        if (wanted.Contains('*') || wanted.Contains('?'))
        {
            var pattern = "^" + Regex.Escape(wanted).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(actual, pattern, vr == DicomVR.PN ? RegexOptions.IgnoreCase : RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        return vr == DicomVR.PN ? string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase) : wanted == actual;
    }

    private DicomDataset Response(IReadOnlyList<StoredInstance> group, IReadOnlyList<StoredInstance> all)
    {
        var first = group[0].Attributes;
        var response = new DicomDataset();
        response.Set(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        response.Set(DicomTags.QueryRetrieveLevel, DicomVR.CS, Level.ToString().ToUpperInvariant());
        foreach (var element in identifier)
        {
            var tag = element.Tag;
            if (tag == DicomTags.QueryRetrieveLevel || tag == DicomTags.SpecificCharacterSet) continue;
            var value = Keys.TryGetValue(tag.Value, out var key) && key.Level <= Level ? key.Value(first) : Derived(tag, group, all);
            response.Set(tag, element.VR, value is null ? [] : [value]);
        }
        // Unique keys of the levels above and at this one are always returned (PS3.4 C.4.1.1.3.2).
        response.Set(DicomTags.StudyInstanceUID, DicomVR.UI, first.StudyInstanceUid);
        if (Level >= QueryLevel.Series) response.Set(DicomTags.SeriesInstanceUID, DicomVR.UI, first.SeriesInstanceUid);
        if (Level >= QueryLevel.Image) response.Set(DicomTags.SOPInstanceUID, DicomVR.UI, first.SopInstanceUid);
        return response;
    }

    // Attributes computed over the matching group (PS3.4 C.6.2.1.2: number of related series and instances, modalities in study).
    private static string? Derived(DicomTag tag, IReadOnlyList<StoredInstance> group, IReadOnlyList<StoredInstance> all)
    {
        var study = group[0].Attributes.StudyInstanceUid;
        var inStudy = all.Where(i => i.Attributes.StudyInstanceUid == study).ToList();
        if (tag == DicomTags.ModalitiesInStudy)
            return string.Join('\\', inStudy.Select(i => i.Attributes.Modality).Where(m => m is not null).Distinct().Order(StringComparer.Ordinal));
        if (tag == DicomTags.NumberOfStudyRelatedSeries)
            return inStudy.Select(i => i.Attributes.SeriesInstanceUid).Distinct().Count().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (tag == DicomTags.NumberOfStudyRelatedInstances) return inStudy.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (tag == DicomTags.NumberOfSeriesRelatedInstances)
        {
            var series = group[0].Attributes.SeriesInstanceUid;
            return all.Count(i => i.Attributes.SeriesInstanceUid == series).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }
}

/// <summary>The levels of the Study Root information model, top down.</summary>
public enum QueryLevel
{
    /// <summary>STUDY (patient attributes are study attributes at study root).</summary>
    Study,
    /// <summary>SERIES.</summary>
    Series,
    /// <summary>IMAGE (composite object instance).</summary>
    Image,
}
