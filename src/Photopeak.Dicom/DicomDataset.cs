using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;
using Photopeak.Dicom.Text;

namespace Photopeak.Dicom;

/// <summary>A DICOM data set: elements ordered by tag, with typed accessors that decode values under the data set's character set.</summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly SortedList<uint, DicomElement> elements = [];
    private DicomCharacterSet? characterSet;

    public DicomDataset() { }

    public DicomDataset(IEnumerable<DicomElement> source)
    {
        foreach (var e in source) Add(e);
    }

    /// <summary>The data set containing the sequence this item belongs to; items inherit its character set.</summary>
    public DicomDataset? Parent { get; internal set; }

    public int Count => elements.Count;

    /// <summary>The Specific Character Set in force: this data set's (0008,0005), else the parent's, else the default repertoire.</summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (characterSet is not null) return characterSet;
            if (elements.TryGetValue(DicomTags.SpecificCharacterSet.Value, out var e))
            {
                var terms = Encoding.ASCII.GetString(e.Value.Span).TrimEnd(' ', '\0').Split('\\');
                return characterSet = DicomCharacterSet.FromTerms(terms);
            }
            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    /// <summary>When this data set's Specific Character Set is not supported, decodes its text with the default repertoire
    /// instead (bytes above 0x7F as Latin-1, as <c>dump</c> shows them) and returns the problem; null when the set is supported.</summary>
    public string? FallBackIfCharacterSetUnsupported()
    {
        try
        {
            _ = CharacterSet;
            return null;
        }
        catch (UnsupportedCharacterSetException ex)
        {
            characterSet = DicomCharacterSet.Default;
            return ex.Message;
        }
    }

    public bool Contains(DicomTag tag) => elements.ContainsKey(tag.Value);

    public bool TryGet(DicomTag tag, out DicomElement element) => elements.TryGetValue(tag.Value, out element!);

    /// <summary>The element, or null.</summary>
    public DicomElement? this[DicomTag tag] => elements.GetValueOrDefault(tag.Value);

    /// <summary>Adds or replaces an element; sequence items are re-parented to this data set.</summary>
    public DicomDataset Add(DicomElement element)
    {
        elements[element.Tag.Value] = element;
        if (element.Items is { } items)
        {
            foreach (var item in items) item.Parent = this;
        }
        if (element.Tag == DicomTags.SpecificCharacterSet) characterSet = null;
        return this;
    }

    public bool Remove(DicomTag tag)
    {
        if (tag == DicomTags.SpecificCharacterSet) characterSet = null;
        return elements.Remove(tag.Value);
    }

    public IEnumerator<DicomElement> GetEnumerator() => elements.Values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // ---- reading values ----

    /// <summary>The whole value as text (all values joined by '\'), padding trimmed; null if absent or empty.</summary>
    public string? GetString(DicomTag tag)
    {
        if (!TryGet(tag, out var e) || e.IsSequence || e.IsEncapsulated) return null;
        var text = DecodeText(e);
        return text.Length == 0 ? null : text;
    }

    /// <summary>The values as text, each trimmed of padding (LT, ST, UT and UR are never split).</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (!TryGet(tag, out var e) || e.IsSequence || e.IsEncapsulated || e.Length == 0) return [];
        if (!e.VR.IsString) return FormatBinaryValues(e);
        var text = CharacterSet.Decode(e.Value.Span, e.VR);
        if (e.VR.IsSingleValuedText) return [TrimValue(text, e.VR)];
        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++) parts[i] = TrimValue(parts[i], e.VR);
        return parts;
    }

    /// <summary>Value number <paramref name="index"/> as text, or null.</summary>
    public string? GetString(DicomTag tag, int index)
    {
        var values = GetStrings(tag);
        return index < values.Length && values[index].Length > 0 ? values[index] : null;
    }

    private string DecodeText(DicomElement e)
    {
        if (!e.VR.IsString) return string.Join('\\', FormatBinaryValues(e));
        return TrimValue(CharacterSet.Decode(e.Value.Span, e.VR), e.VR, whole: true);
    }

    private static string TrimValue(string value, DicomVR vr, bool whole = false)
    {
        // Leading spaces are significant in LT, ST, UT (PS3.5 6.2); trailing padding never is.
        if (vr.IsSingleValuedText || (whole && vr.UsesCharacterSet)) return value.TrimEnd(' ', '\0');
        return vr == DicomVR.UI ? value.Trim('\0', ' ') : value.Trim(' ', '\0');
    }

    /// <summary>Number of values in the element (VM), counting backslash-separated strings or binary units.</summary>
    public int ValueCount(DicomTag tag)
    {
        if (!TryGet(tag, out var e)) return 0;
        if (e.IsSequence) return e.Items!.Count;
        if (e.Length == 0) return 0;
        if (e.VR.IsString) return e.VR.IsSingleValuedText ? 1 : GetStrings(tag).Length;
        var unit = e.VR.SwapUnit;
        return e.VR == DicomVR.AT ? e.Length / 4 : e.Length / unit;
    }

    /// <summary>An integer value (IS, US, SS, UL, SL, SV, UV); null if absent; <see cref="DicomValueException"/> if not an integer.</summary>
    public long? GetInt64(DicomTag tag, int index = 0)
    {
        if (!TryGet(tag, out var e) || e.Length == 0) return null;
        var span = e.Value.Span;
        if (e.VR == DicomVR.US) return index * 2 + 2 <= span.Length ? BinaryPrimitives.ReadUInt16LittleEndian(span[(index * 2)..]) : null;
        if (e.VR == DicomVR.SS) return index * 2 + 2 <= span.Length ? BinaryPrimitives.ReadInt16LittleEndian(span[(index * 2)..]) : null;
        if (e.VR == DicomVR.UL) return index * 4 + 4 <= span.Length ? BinaryPrimitives.ReadUInt32LittleEndian(span[(index * 4)..]) : null;
        if (e.VR == DicomVR.SL) return index * 4 + 4 <= span.Length ? BinaryPrimitives.ReadInt32LittleEndian(span[(index * 4)..]) : null;
        if (e.VR == DicomVR.SV) return index * 8 + 8 <= span.Length ? BinaryPrimitives.ReadInt64LittleEndian(span[(index * 8)..]) : null;
        if (e.VR == DicomVR.UV) return index * 8 + 8 <= span.Length ? (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(index * 8)..]) : null;
        var text = GetString(tag, index);
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        if (e.VR == DicomVR.DS && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d)) return (long)d;
        throw new DicomValueException(tag, $"value '{text}' (VR {e.VR}) is not an integer");
    }

    /// <summary>An integer value that must fit in 32 bits.</summary>
    public int? GetInt32(DicomTag tag, int index = 0)
    {
        var v = GetInt64(tag, index);
        if (v is null) return null;
        if (v < int.MinValue || v > int.MaxValue) throw new DicomValueException(tag, $"value {v} is out of range");
        return (int)v;
    }

    /// <summary>A numeric value (DS, IS, FL, FD or an integer VR); null if absent; <see cref="DicomValueException"/> if not a number.</summary>
    public double? GetDouble(DicomTag tag, int index = 0)
    {
        if (!TryGet(tag, out var e) || e.Length == 0) return null;
        var span = e.Value.Span;
        if (e.VR == DicomVR.FL || e.VR == DicomVR.OF) return index * 4 + 4 <= span.Length ? BinaryPrimitives.ReadSingleLittleEndian(span[(index * 4)..]) : null;
        if (e.VR == DicomVR.FD || e.VR == DicomVR.OD) return index * 8 + 8 <= span.Length ? BinaryPrimitives.ReadDoubleLittleEndian(span[(index * 8)..]) : null;
        if (e.VR == DicomVR.DS || e.VR == DicomVR.IS)
        {
            var text = GetString(tag, index);
            if (text is null) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            throw new DicomValueException(tag, $"value '{text}' (VR {e.VR}) is not a number");
        }
        return GetInt64(tag, index);
    }

    /// <summary>All numeric values of the element.</summary>
    public double[] GetDoubles(DicomTag tag)
    {
        var n = ValueCount(tag);
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = GetDouble(tag, i) ?? double.NaN;
        return values;
    }

    /// <summary>Attribute tags held in an AT element.</summary>
    public DicomTag[] GetTags(DicomTag tag)
    {
        if (!TryGet(tag, out var e) || e.VR != DicomVR.AT) return [];
        var span = e.Value.Span;
        var tags = new DicomTag[span.Length / 4];
        for (var i = 0; i < tags.Length; i++)
            tags[i] = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[(4 * i)..]), BinaryPrimitives.ReadUInt16LittleEndian(span[(4 * i + 2)..]));
        return tags;
    }

    /// <summary>The items of a sequence; empty if absent.</summary>
    public IReadOnlyList<DicomDataset> GetSequence(DicomTag tag) => TryGet(tag, out var e) && e.Items is { } items ? items : [];

    /// <summary>The first item of a sequence, or null.</summary>
    public DicomDataset? GetItem(DicomTag tag) => GetSequence(tag) is { Count: > 0 } items ? items[0] : null;

    private static string[] FormatBinaryValues(DicomElement e)
    {
        var span = e.Value.Span;
        var unit = e.VR == DicomVR.AT ? 4 : e.VR.SwapUnit;
        if (e.VR.IsBulk || unit == 1) return [$"<{span.Length} bytes>"];
        var n = span.Length / unit;
        var result = new string[n];
        for (var i = 0; i < n; i++)
        {
            var s = span.Slice(i * unit, unit);
            result[i] = e.VR.Code switch
            {
                _ when e.VR == DicomVR.US => BinaryPrimitives.ReadUInt16LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                _ when e.VR == DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                _ when e.VR == DicomVR.UL => BinaryPrimitives.ReadUInt32LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                _ when e.VR == DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                _ when e.VR == DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                _ when e.VR == DicomVR.UV => BinaryPrimitives.ReadUInt64LittleEndian(s).ToString(CultureInfo.InvariantCulture),
                _ when e.VR == DicomVR.FL => BinaryPrimitives.ReadSingleLittleEndian(s).ToString("R", CultureInfo.InvariantCulture),
                _ when e.VR == DicomVR.FD => BinaryPrimitives.ReadDoubleLittleEndian(s).ToString("R", CultureInfo.InvariantCulture),
                _ when e.VR == DicomVR.AT => new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..])).ToString(),
                _ => "?",
            };
        }
        return result;
    }

    // ---- writing values ----

    /// <summary>Sets a string element with the dictionary VR; several values are joined with '\'.</summary>
    public DicomDataset Set(DicomTag tag, params string[] values) =>
        Set(tag, DicomDictionary.Lookup(tag)?.VR ?? throw new ArgumentException($"{tag} is not in the dictionary; give its VR"), values);

    /// <summary>Sets a string element with an explicit VR.</summary>
    public DicomDataset Set(DicomTag tag, DicomVR vr, params string[] values)
    {
        if (!vr.IsString) throw new ArgumentException($"{tag}: VR {vr} is not a string VR", nameof(vr));
        var text = string.Join('\\', values);
        var bytes = vr.UsesCharacterSet ? CharacterSet.Encode(text) : Encoding.ASCII.GetBytes(text);
        return Add(DicomElement.FromBytes(tag, vr, Pad(bytes, vr.PaddingByte)));
    }

    /// <summary>Sets free text Photopeak composes (a series description, a kernel label, a document title) shortened to what the
    /// tag's VR allows (PS3.5 Table 6.2-1), as writers do, never splitting a character. Identifiers never go through here (a
    /// shortened one would name something else); values copied from a received file are written as they came, by <see cref="Set(DicomTag, string[])"/>.</summary>
    public DicomDataset SetClipped(DicomTag tag, string text)
    {
        var vr = DicomDictionary.Lookup(tag)?.VR ?? throw new ArgumentException($"{tag} is not in the dictionary; give its VR");
        if (vr.MaximumLength is { } max && text.Length > max)
        {
            var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
            text = text[..cut].TrimEnd();
        }
        return Set(tag, vr, text);
    }

    /// <summary>Sets a numeric element: binary VRs (US, SS, UL, SL, FL, FD, SV, UV, OF, OD, OL) or text VRs (DS, IS).</summary>
    public DicomDataset SetNumbers(DicomTag tag, DicomVR vr, params double[] values)
    {
        if (vr == DicomVR.DS) return Set(tag, vr, values.Select(DicomNumberFormat.DecimalString).ToArray());
        if (vr == DicomVR.IS) return Set(tag, vr, values.Select(v => checked((long)Math.Round(v)).ToString(CultureInfo.InvariantCulture)).ToArray());
        var unit = vr.SwapUnit;
        if (unit == 1) throw new ArgumentException($"{tag}: VR {vr} is not numeric", nameof(vr));
        var bytes = new byte[values.Length * unit];
        for (var i = 0; i < values.Length; i++)
        {
            var s = bytes.AsSpan(i * unit, unit);
            var v = values[i];
            if (vr == DicomVR.US) BinaryPrimitives.WriteUInt16LittleEndian(s, checked((ushort)v));
            else if (vr == DicomVR.SS) BinaryPrimitives.WriteInt16LittleEndian(s, checked((short)v));
            else if (vr == DicomVR.UL || vr == DicomVR.OL) BinaryPrimitives.WriteUInt32LittleEndian(s, checked((uint)v));
            else if (vr == DicomVR.SL) BinaryPrimitives.WriteInt32LittleEndian(s, checked((int)v));
            else if (vr == DicomVR.FL || vr == DicomVR.OF) BinaryPrimitives.WriteSingleLittleEndian(s, (float)v);
            else if (vr == DicomVR.FD || vr == DicomVR.OD) BinaryPrimitives.WriteDoubleLittleEndian(s, v);
            else if (vr == DicomVR.SV) BinaryPrimitives.WriteInt64LittleEndian(s, checked((long)v));
            else if (vr == DicomVR.UV || vr == DicomVR.OV) BinaryPrimitives.WriteUInt64LittleEndian(s, checked((ulong)v));
            else throw new ArgumentException($"{tag}: VR {vr} cannot hold numbers", nameof(vr));
        }
        return Add(DicomElement.FromBytes(tag, vr, bytes));
    }

    /// <summary>Sets a numeric element with the dictionary VR.</summary>
    public DicomDataset SetNumbers(DicomTag tag, params double[] values) =>
        SetNumbers(tag, DicomDictionary.Lookup(tag)?.VR ?? throw new ArgumentException($"{tag} is not in the dictionary; give its VR"), values);

    /// <summary>Sets an AT element.</summary>
    public DicomDataset SetTags(DicomTag tag, params DicomTag[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4 * i), values[i].Group);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4 * i + 2), values[i].Element);
        }
        return Add(DicomElement.FromBytes(tag, DicomVR.AT, bytes));
    }

    /// <summary>Sets a sequence.</summary>
    public DicomDataset SetSequence(DicomTag tag, params DicomDataset[] items) => Add(DicomElement.FromItems(tag, items));

    /// <summary>Sets raw little-endian bytes (OB, OW, UN ... or any VR when the caller encodes).</summary>
    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> littleEndianValue) => Add(DicomElement.FromBytes(tag, vr, littleEndianValue));

    private static byte[] Pad(byte[] bytes, byte pad)
    {
        if ((bytes.Length & 1) == 0) return bytes;
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = pad;
        return padded;
    }

    /// <summary>A deep copy (values are shared: they are immutable).</summary>
    public DicomDataset Clone()
    {
        var copy = new DicomDataset();
        foreach (var e in this)
            copy.Add(e.Items is { } items ? DicomElement.FromItems(e.Tag, items.Select(i => i.Clone()).ToArray()) : e);
        return copy;
    }
}
