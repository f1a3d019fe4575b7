using System.Globalization;
using Photopeak.Dicom;
using Photopeak.Server.Store;

namespace Photopeak.Server.Query;

/// <summary>
/// A Study Root query over the index's rows: matching keys (tag and key value) applied at one level, the matching studies,
/// series or instances, and the value of any known attribute for each match. Keys of a level below the one asked for, and
/// keys the node does not hold, take no part in matching (PS3.4 C.6.2.1 leaves them unsupported); <see cref="Ignored"/> names
/// them so a caller can say so. C-FIND (Dimse/StudyRootQuery) and QIDO-RS both match through this class.
/// </summary>
public sealed class StudyRootMatcher
{
    private readonly List<(StudyRootKeys.Key Key, string Value)> conditions = [];

    /// <summary>A query at <paramref name="level"/> with the given matching keys (universal ones are ignored).</summary>
    public StudyRootMatcher(QueryLevel level, IEnumerable<(DicomTag Tag, string? Value)> keys)
    {
        Level = level;
        var ignored = new List<DicomTag>();
        foreach (var (tag, value) in keys)
        {
            if (AttributeMatching.IsUniversal(value)) continue;
            if (!StudyRootKeys.TryGet(tag, out var key) || key.Level > Level || (key.Value is null && tag != DicomTags.ModalitiesInStudy))
            {
                ignored.Add(tag);
                continue;
            }
            conditions.Add((key, value!.Trim()));
        }
        Ignored = ignored;
    }

    /// <summary>The level asked for.</summary>
    public QueryLevel Level { get; }

    /// <summary>Matching keys given a value that the node cannot match on at this level (left out of matching).</summary>
    public IReadOnlyList<DicomTag> Ignored { get; }

    /// <summary>The one Study Instance UID the keys name, if they name exactly one (so the index is read for that study only).</summary>
    public string? SingleStudyUid => conditions.FirstOrDefault(c => c.Key.Tag == DicomTags.StudyInstanceUID).Value is { Length: > 0 } uid && !uid.Contains('\\') ? uid : null;

    /// <summary>The matching studies, series or instances among <paramref name="instances"/> (all rows of the studies concerned), in index order.</summary>
    public IReadOnlyList<StudyRootMatch> Match(IReadOnlyList<StoredInstance> instances)
    {
        Dictionary<string, List<string>>? modalities = null;
        if (conditions.Any(c => c.Key.Tag == DicomTags.ModalitiesInStudy))
            modalities = instances.GroupBy(i => i.Attributes.StudyInstanceUid)
                .ToDictionary(g => g.Key, g => g.Select(i => i.Attributes.Modality).OfType<string>().Distinct().ToList());
        var matching = instances.Where(i => conditions.All(c => c.Key.Value is { } value
            ? AttributeMatching.Matches(c.Key.VR, c.Value, value(i.Attributes))
            : AttributeMatching.MatchesAny(c.Key.VR, c.Value, modalities![i.Attributes.StudyInstanceUid])));
        IEnumerable<IGrouping<string, StoredInstance>> groups = Level switch
        {
            QueryLevel.Study => matching.GroupBy(i => i.Attributes.StudyInstanceUid),
            QueryLevel.Series => matching.GroupBy(i => i.Attributes.SeriesInstanceUid),
            _ => matching.GroupBy(i => i.Attributes.SopInstanceUid),
        };
        return groups.Select(g => new StudyRootMatch(g.ToList(), instances)).ToList();
    }
}

/// <summary>One matching study, series or instance: its rows and the values of the attributes the node holds or derives for it.</summary>
public sealed class StudyRootMatch(IReadOnlyList<StoredInstance> group, IReadOnlyList<StoredInstance> all)
{
    /// <summary>The rows of the match (one for an instance); the first stands for the study and series attributes.</summary>
    public IReadOnlyList<StoredInstance> Instances { get; } = group;

    /// <summary>The attributes of the first row.</summary>
    public InstanceAttributes First => Instances[0].Attributes;

    /// <summary>The value of a known attribute (multiple values joined by '\'), or null if absent or unknown.</summary>
    public string? Value(DicomTag tag)
    {
        if (!StudyRootKeys.TryGet(tag, out var key)) return null;
        if (key.Value is { } read) return read(First);
        // Derived over the whole study or series, not only its matching rows (PS3.4 C.6.2.1.2, C.6.2.1.3).
        var study = First.StudyInstanceUid;
        if (tag == DicomTags.ModalitiesInStudy)
            return string.Join('\\', all.Where(i => i.Attributes.StudyInstanceUid == study).Select(i => i.Attributes.Modality).OfType<string>().Distinct().Order(StringComparer.Ordinal));
        if (tag == DicomTags.NumberOfStudyRelatedSeries)
            return all.Where(i => i.Attributes.StudyInstanceUid == study).Select(i => i.Attributes.SeriesInstanceUid).Distinct().Count().ToString(CultureInfo.InvariantCulture);
        if (tag == DicomTags.NumberOfStudyRelatedInstances)
            return all.Count(i => i.Attributes.StudyInstanceUid == study).ToString(CultureInfo.InvariantCulture);
        if (tag == DicomTags.NumberOfSeriesRelatedInstances)
            return all.Count(i => i.Attributes.SeriesInstanceUid == First.SeriesInstanceUid).ToString(CultureInfo.InvariantCulture);
        return null;
    }
}
