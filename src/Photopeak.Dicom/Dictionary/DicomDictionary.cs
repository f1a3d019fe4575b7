using System.Collections.Frozen;

namespace Photopeak.Dicom;

/// <summary>The DICOM data dictionary, generated from DCMTK's dicom.dic (see tools/Photopeak.DictionaryGenerator).</summary>
public static partial class DicomDictionary
{
    // Built on first use: static initialisers of partial class files run in no defined order.
    private static FrozenDictionary<uint, DicomDictionaryEntry> ByTag =>
        field ??= ExactEntries.ToFrozenDictionary(e => e.Tag);

    private static FrozenDictionary<string, DicomDictionaryEntry> ByKeyword =>
        field ??= ExactEntries.Where(e => !e.Retired).GroupBy(e => e.Keyword).ToFrozenDictionary(g => g.Key, g => g.First());

    private static readonly DicomDictionaryEntry GroupLength = new(0, DicomVR.UL, "GroupLength", "1", false);
    private static readonly DicomDictionaryEntry PrivateCreator = new(0, DicomVR.LO, "PrivateCreator", "1", false);

    /// <summary>Every exact (single-tag) entry, retired ones included.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => ExactEntries;

    /// <summary>The entry for a tag, or null for private and unknown tags.</summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        if (ByTag.TryGetValue(tag.Value, out var entry)) return entry;
        if (tag.Element == 0) return GroupLength;
        if (tag.IsPrivateCreator) return PrivateCreator;
        foreach (var range in RangedEntries)
        {
            if (range.Contains(tag)) return range.Entry;
        }
        return null;
    }

    /// <summary>The entry for a keyword such as "PatientID", or null.</summary>
    public static DicomDictionaryEntry? Lookup(string keyword) => ByKeyword.GetValueOrDefault(keyword);

    /// <summary>The VR an implicit-VR reader assumes for a tag: the dictionary's, else UN.</summary>
    public static DicomVR ImplicitVR(DicomTag tag) => Lookup(tag)?.VR ?? DicomVR.UN;
}
