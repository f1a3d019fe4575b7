using System.Buffers.Binary;

namespace Photopeak.Dicom.IO;

/// <summary>
/// Parses an encoded data set held in memory. Values are slices of the source buffer (no copy) except where
/// big-endian values must be swapped. Every declared length is checked against the bytes that remain, so a
/// corrupt length can never drive an allocation or a loop past the end.
/// </summary>
internal sealed class DicomStreamReader(ReadOnlyMemory<byte> data, bool explicitVR, bool bigEndian, List<string> warnings, long offsetBase = 0)
{
    /// <summary>Deeper nesting than this is treated as malformed (real SR trees stay well under 20 levels).</summary>
    public const int MaxDepth = 64;

    private const uint UndefinedLength = 0xFFFFFFFF;
    private ReadOnlySpan<byte> Span => data.Span;

    private DicomDataset? root;

    /// <summary>Reads a whole data set from <paramref name="start"/> to the end.</summary>
    public DicomDataset ReadDataset(int start)
    {
        var ds = new DicomDataset();
        root = ds;
        try
        {
            ReadElements(start, data.Length, ds, 0, itemOfUndefinedLength: false, null);
        }
        catch (DicomFormatException ex)
        {
            throw new DicomFormatException(ex.Reason, ex.Offset, ex.Tag) { PartialDataset = ds };
        }
        return ds;
    }

    /// <summary>Reads group 0002 (always explicit VR little endian) starting at <paramref name="start"/>; returns the end offset.</summary>
    public int ReadFileMeta(int start, DicomDataset meta)
    {
        var pos = start;
        var end = data.Length;
        // Honour the group length when it is present and sane; otherwise the group ends at the first non-0002 tag.
        while (pos + 8 <= end && Read16(pos) == 0x0002)
        {
            var next = ReadElement(pos, end, meta, 0, out _);
            pos = next;
        }
        return pos;
    }

    // Returns the position after the data set (after the item delimiter when itemOfUndefinedLength).
    private int ReadElements(int pos, int end, DicomDataset ds, int depth, bool itemOfUndefinedLength, DicomTag? sequenceTag)
    {
        while (pos < end)
        {
            // Zero padding after the last element (some writers pad to a block size): one warning, not an element per 8 bytes.
            if (Span[pos] == 0 && ZerosUntil(pos, end))
            {
                Warn($"{end - pos} trailing zero byte(s) at offset {Off(pos)} ignored");
                return end;
            }
            if (end - pos < 8) throw Error($"truncated element header: {end - pos} byte(s) left", pos, null);
            var tag = new DicomTag(Read16(pos), Read16(pos + 2));
            if (tag == DicomTag.ItemDelimitation)
            {
                if (itemOfUndefinedLength) return pos + 8;
                throw Error("item delimitation tag (FFFE,E00D) outside an item of undefined length", pos, tag);
            }
            if (tag.Group == 0xFFFE)
                throw Error($"unexpected {tag} inside a data set (an item or delimiter where an element should be)", pos, tag);
            pos = ReadElement(pos, end, ds, depth, out _);
        }
        if (itemOfUndefinedLength)
            throw Error($"item of undefined length in sequence {sequenceTag} has no item delimitation tag (FFFE,E00D) before the end of its container", end, sequenceTag);
        return pos;
    }

    private int ReadElement(int pos, int end, DicomDataset ds, int depth, out DicomElement element)
    {
        var start = pos;
        var tag = new DicomTag(Read16(pos), Read16(pos + 2));
        DicomVR vr;
        uint length;
        var explicitHere = explicitVR || tag.Group == 0x0002 && !bigEndian && LooksExplicit(pos);
        if (explicitHere)
        {
            var b0 = Span[pos + 4];
            var b1 = Span[pos + 5];
            if (DicomVR.TryParse(b0, b1, out vr))
            {
                if (vr.HasLongLength)
                {
                    if (end - pos < 12) throw Error("truncated element header", pos, tag);
                    length = Read32(pos + 8);
                    pos += 12;
                }
                else
                {
                    length = Read16(pos + 6);
                    pos += 8;
                }
            }
            else if (IsUpper(b0) && IsUpper(b1))
            {
                throw Error($"unknown VR '{(char)b0}{(char)b1}'", pos + 4, tag);
            }
            else
            {
                // Non-standard VR bytes (spaces, NULs): DCMTK and fo-dicom recover through the dictionary.
                vr = DicomDictionary.ImplicitVR(tag);
                Warn($"{tag}: non-standard VR bytes 0x{b0:X2}{b1:X2} at offset {Off(pos + 4)}; using the dictionary VR {vr}");
                length = Read16(pos + 6);
                pos += 8;
            }
        }
        else
        {
            vr = DicomDictionary.ImplicitVR(tag);
            length = Read32(pos + 4);
            pos += 8;
        }

        if (length == UndefinedLength)
        {
            if (vr == DicomVR.SQ || vr == DicomVR.UN && !(tag == PixelDataTag))
            {
                // CP-246: a UN of undefined length is a sequence encoded in implicit VR little endian.
                var reader = vr == DicomVR.UN && (explicitVR || bigEndian) ? new DicomStreamReader(data, false, false, warnings, offsetBase) { root = root } : this;
                if (vr == DicomVR.UN) Warn($"{tag}: VR UN with undefined length read as an implicit VR little endian sequence (CP-246)");
                var items = new List<DicomDataset>();
                pos = reader.ReadItems(pos, end, tag, depth, undefinedLength: true, items);
                element = DicomElement.FromItems(tag, items).WithOffset(Off(start));
            }
            else if (tag == PixelDataTag || vr == DicomVR.OB || vr == DicomVR.OW)
            {
                pos = ReadFragments(pos, end, tag, vr, out element);
                element = element.WithOffset(Off(start));
            }
            else
            {
                throw Error($"undefined length is not allowed for VR {vr}", start, tag);
            }
            ds.Add(element);
            return pos;
        }

        if (length > (uint)(end - pos))
            throw Error($"declared value length {length} exceeds the {end - pos} byte(s) remaining", start, tag);
        var len = (int)length;
        if ((len & 1) == 1 && vr != DicomVR.SQ)
            Warn($"{tag}: odd value length {len} at offset {Off(start)}");

        if (vr == DicomVR.SQ)
        {
            if (!explicitHere && len >= 4 && !(Read16(pos) == 0xFFFE && Read16(pos + 2) == 0xE000))
            {
                // The dictionary says SQ, but the bytes are not items (e.g. an older meaning of the tag): keep them as UN.
                Warn($"{tag}: dictionary VR is SQ but the value does not start with an item; kept as UN");
                element = DicomElement.FromBytes(tag, DicomVR.UN, data.Slice(pos, len)).WithOffset(Off(start));
            }
            else
            {
                var items = new List<DicomDataset>();
                ReadItems(pos, pos + len, tag, depth, undefinedLength: false, items);
                element = DicomElement.FromItems(tag, items).WithOffset(Off(start));
            }
        }
        else
        {
            element = DicomElement.FromBytes(tag, vr, ValueBytes(pos, len, vr)).WithOffset(Off(start));
        }
        ds.Add(element);
        return pos + len;
    }

    private int ReadItems(int pos, int end, DicomTag sequenceTag, int depth, bool undefinedLength, List<DicomDataset> items)
    {
        if (depth + 1 > MaxDepth) throw Error($"sequences nested more than {MaxDepth} deep", pos, sequenceTag);
        while (pos < end)
        {
            if (end - pos < 8) throw Error($"truncated item header in sequence {sequenceTag}", pos, sequenceTag);
            var tag = new DicomTag(Read16(pos), Read16(pos + 2));
            var length = Read32(pos + 4);
            pos += 8;
            if (tag == DicomTag.SequenceDelimitation)
            {
                if (undefinedLength) return pos;
                Warn($"{sequenceTag}: sequence delimiter inside a sequence of defined length");
                continue;
            }
            if (tag != DicomTag.Item)
                throw Error($"expected an item tag (FFFE,E000) in sequence {sequenceTag}, found {tag}", pos - 8, sequenceTag);
            var item = new DicomDataset();
            try
            {
                if (length == UndefinedLength)
                {
                    pos = ReadElements(pos, end, item, depth + 1, itemOfUndefinedLength: true, sequenceTag);
                }
                else
                {
                    if (length > (uint)(end - pos))
                        throw Error($"item length {length} exceeds the {end - pos} byte(s) remaining in sequence {sequenceTag}", pos - 8, sequenceTag);
                    ReadElements(pos, pos + (int)length, item, depth + 1, itemOfUndefinedLength: false, sequenceTag);
                    pos += (int)length;
                }
            }
            catch (DicomFormatException ex) when (ex.Tag is null)
            {
                // Name the innermost sequence when the problem is between elements of its item.
                throw new DicomFormatException($"{ex.Reason} (in an item of {sequenceTag})", ex.Offset, sequenceTag);
            }
            items.Add(item);
        }
        if (undefinedLength)
            throw Error($"sequence {sequenceTag} of undefined length has no sequence delimitation tag (FFFE,E0DD)", end, sequenceTag);
        return pos;
    }

    private int ReadFragments(int pos, int end, DicomTag tag, DicomVR vr, out DicomElement element)
    {
        ReadOnlyMemory<byte>? offsetTable = null;
        var fragments = new List<ReadOnlyMemory<byte>>();
        while (true)
        {
            if (end - pos < 8) throw Error("encapsulated pixel data end without a sequence delimitation tag (FFFE,E0DD)", pos, tag);
            var itemTag = new DicomTag(Read16(pos), Read16(pos + 2));
            var length = Read32(pos + 4);
            pos += 8;
            if (itemTag == DicomTag.SequenceDelimitation) break;
            if (itemTag != DicomTag.Item) throw Error($"expected a fragment item (FFFE,E000) in encapsulated pixel data, found {itemTag}", pos - 8, tag);
            if (length > (uint)(end - pos)) throw Error($"fragment length {length} exceeds the {end - pos} byte(s) remaining", pos - 8, tag);
            var fragment = data.Slice(pos, (int)length);
            if (offsetTable is null) offsetTable = fragment;
            else fragments.Add(fragment);
            pos += (int)length;
        }
        element = DicomElement.FromFragments(tag, vr, new DicomFragments(offsetTable ?? default, fragments));
        return pos;
    }

    private ReadOnlyMemory<byte> ValueBytes(int pos, int len, DicomVR vr)
    {
        var slice = data.Slice(pos, len);
        var unit = vr.SwapUnit;
        if (!bigEndian || unit == 1) return slice;
        var copy = slice.ToArray();
        var whole = len - len % unit;
        for (var i = 0; i < whole; i += unit) copy.AsSpan(i, unit).Reverse();
        return copy;
    }

    private static readonly DicomTag PixelDataTag = new(0x7FE0, 0x0010);

    private bool LooksExplicit(int pos) => IsUpper(Span[pos + 4]) && IsUpper(Span[pos + 5]);
    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    // The first non-zero byte at or after the last position scanned: each byte is scanned once however many elements start in
    // a run of zeros, so a long run of zero bytes costs linear time.
    private int zeroRunStart = -1, zeroRunEnd = -1;

    private bool ZerosUntil(int pos, int end)
    {
        if (!(pos >= zeroRunStart && pos <= zeroRunEnd))
        {
            var next = Span[pos..].IndexOfAnyExcept((byte)0);
            zeroRunStart = pos;
            zeroRunEnd = next < 0 ? data.Length : pos + next;
        }
        return zeroRunEnd >= end;
    }

    /// <summary>At most this many warnings are kept per file; a corrupt file must not grow memory through them.</summary>
    public const int MaxWarnings = 200;

    private void Warn(string message)
    {
        if (warnings.Count < MaxWarnings) warnings.Add(message);
        else if (warnings.Count == MaxWarnings) warnings.Add("further warnings left out");
    }

    private ushort Read16(int pos) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(Span[pos..]) : BinaryPrimitives.ReadUInt16LittleEndian(Span[pos..]);
    private uint Read32(int pos) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Span[pos..]) : BinaryPrimitives.ReadUInt32LittleEndian(Span[pos..]);

    private long Off(int pos) => offsetBase + pos;

    private DicomFormatException Error(string message, int pos, DicomTag? tag) => new(message, Off(pos), tag);
}
