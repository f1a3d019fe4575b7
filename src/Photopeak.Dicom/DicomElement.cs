namespace Photopeak.Dicom;

/// <summary>
/// One data element. Exactly one of three shapes: a value (bytes in little-endian order, padding included),
/// a sequence of item data sets, or encapsulated pixel data fragments.
/// </summary>
public sealed class DicomElement
{
    private DicomElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value, IReadOnlyList<DicomDataset>? items, DicomFragments? fragments)
    {
        Tag = tag;
        VR = vr;
        Value = value;
        Items = items;
        Fragments = fragments;
    }

    public DicomTag Tag { get; }
    public DicomVR VR { get; }

    /// <summary>Value bytes, always little-endian, as stored (including a trailing pad byte).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Items of a sequence (VR SQ), else null.</summary>
    public IReadOnlyList<DicomDataset>? Items { get; }

    /// <summary>Encapsulated pixel data, else null.</summary>
    public DicomFragments? Fragments { get; }

    /// <summary>Byte offset of the element's tag in its source, or -1 for elements built in memory.</summary>
    public long SourceOffset { get; init; } = -1;

    public bool IsSequence => Items is not null;
    public bool IsEncapsulated => Fragments is not null;

    /// <summary>Length of the value in bytes (0 for sequences and fragments).</summary>
    public int Length => Value.Length;

    public static DicomElement FromBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> littleEndianValue) =>
        vr == DicomVR.SQ ? throw new ArgumentException("use FromItems for SQ", nameof(vr)) : new(tag, vr, littleEndianValue, null, null);

    public static DicomElement FromItems(DicomTag tag, IReadOnlyList<DicomDataset> items) => new(tag, DicomVR.SQ, default, items, null);

    public static DicomElement FromFragments(DicomTag tag, DicomVR vr, DicomFragments fragments) => new(tag, vr, default, null, fragments);

    internal DicomElement WithOffset(long offset) => new(Tag, VR, Value, Items, Fragments) { SourceOffset = offset };

    public override string ToString() => $"{Tag} {VR} {(IsSequence ? $"{Items!.Count} items" : IsEncapsulated ? $"{Fragments!.Count} fragments" : $"{Length} bytes")}";
}
