using System.Collections.Frozen;
using System.Globalization;

namespace Photopeak.Dicom;

/// <summary>The DICOM data dictionary, generated from DCMTK's dicom.dic (see tools/Photopeak.DictionaryGenerator).</summary>
public static partial class DicomDictionary
{
    // Built on first use: static initialisers of partial class files run in no defined order.
    // A tag is found by binary search over the rows' tags, and only its row becomes an entry: a short command (one file's
    // `dump`) spent a quarter of its run building all 4,919 entries and a frozen dictionary of them (scripts/bench-dicom).
    private static TagIndex ByTag => field ??= new TagIndex(ExactTable);

    private static DicomDictionaryEntry[] ExactEntries => field ??= [.. Enumerable.Range(0, ByTag.Count).Select(ByTag.Entry)];

    private static FrozenDictionary<string, DicomDictionaryEntry> ByKeyword =>
        field ??= ExactEntries.Where(e => !e.Retired).GroupBy(e => e.Keyword).ToFrozenDictionary(g => g.Key, g => g.First());

    private static readonly DicomDictionaryEntry GroupLength = new(0, DicomVR.UL, "GroupLength", "1", false);
    private static readonly DicomDictionaryEntry PrivateCreator = new(0, DicomVR.LO, "PrivateCreator", "1", false);

    /// <summary>Every exact (single-tag) entry, retired ones included.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => ExactEntries;

    /// <summary>The entry for a tag, or null for private and unknown tags.</summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        if (ByTag.Find(tag.Value) is { } entry) return entry;
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

    /// <summary>The exact table's rows by tag: their tags and where each row starts (the generator sorts the rows by tag), and
    /// each row's entry once it was asked for.</summary>
    private sealed class TagIndex
    {
        private readonly string table;
        private readonly uint[] tags;
        private readonly int[] rowStarts;
        private readonly DicomDictionaryEntry?[] entries;

        public TagIndex(string table)
        {
            this.table = table;
            var rows = table.AsSpan().Count('\n');
            tags = new uint[rows];
            // One start past the last row, so that row i spans rowStarts[i] up to its newline at rowStarts[i + 1] − 1.
            rowStarts = new int[rows + 1];
            var start = 0;
            for (var i = 0; i < rows; i++)
            {
                rowStarts[i] = start;
                tags[i] = uint.Parse(table.AsSpan(start, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (i > 0 && tags[i] <= tags[i - 1])
                    throw new InvalidOperationException($"DICOM dictionary rows are not sorted by tag at {tags[i]:X8}");
                start = table.IndexOf('\n', start) + 1;
            }
            rowStarts[rows] = start;
            entries = new DicomDictionaryEntry?[rows];
        }

        public int Count => tags.Length;

        public DicomDictionaryEntry? Find(uint tag) => Array.BinarySearch(tags, tag) is var i and >= 0 ? Entry(i) : null;

        // A race builds the same record twice; either copy is right.
        public DicomDictionaryEntry Entry(int row) =>
            entries[row] ??= Parse(tags[row], table.AsSpan(rowStarts[row], rowStarts[row + 1] - 1 - rowStarts[row]));

        // The tag was read when the index was built; the row's other fields are read here.
        private static DicomDictionaryEntry Parse(uint tag, ReadOnlySpan<char> row)
        {
            Span<Range> f = stackalloc Range[5];
            row.Split(f, '\t');
            return new(tag, DicomVR.Parse(row[f[1]].ToString()), row[f[2]].ToString(), row[f[3]].ToString(), row[f[4]][0] == '1');
        }
    }
}
