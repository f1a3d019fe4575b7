namespace Photopeak.Dicom;

/// <summary>Encapsulated pixel data (PS3.5 A.4): a Basic Offset Table item followed by fragment items.</summary>
public sealed class DicomFragments(ReadOnlyMemory<byte> basicOffsetTable, IReadOnlyList<ReadOnlyMemory<byte>> fragments)
{
    /// <summary>The raw Basic Offset Table (may be empty): 32-bit little-endian offsets of each frame's first fragment.</summary>
    public ReadOnlyMemory<byte> BasicOffsetTable { get; } = basicOffsetTable;

    /// <summary>Fragments after the offset table, in order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Items { get; } = fragments;

    public int Count => Items.Count;

    /// <summary>Offsets of the Basic Offset Table, relative to the first byte of the first fragment item's tag.</summary>
    public uint[] BasicOffsets()
    {
        var span = BasicOffsetTable.Span;
        var offsets = new uint[span.Length / 4];
        for (var i = 0; i < offsets.Length; i++) offsets[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[(4 * i)..]);
        return offsets;
    }
}
