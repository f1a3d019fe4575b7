using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Photopeak.Dicom.Json;

/// <summary>
/// Writes a data set in the DICOM JSON Model (PS3.18 Annex F), streaming through a <see cref="Utf8JsonWriter"/>:
/// keys are eight hex digits, each attribute an object with "vr" and "Value" (left out for empty values) or
/// "InlineBinary". Text is decoded under the Specific Character Set in force for each item.
/// </summary>
/// <remarks>
/// Choices where PS3.18 is silent: group length elements (gggg,0000) are left out (they describe an encoding, not
/// data; dcm2json does the same); encapsulated pixel data is written as the base64 of its value field exactly as
/// PS3.5 A.4 encodes it (offset table item, fragment items, sequence delimiter), so nothing is lost; an IS/DS value
/// that is not a number at all is written as a JSON string rather than dropped; FL/FD NaN and infinities, which JSON
/// numbers cannot hold, are written as the strings "NaN", "Infinity" and "-Infinity".
/// </remarks>
public static class DicomJsonWriter
{
    private static readonly JsonWriterOptions IndentedOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions CompactOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writer options matching <paramref name="options"/>, for callers that create their own <see cref="Utf8JsonWriter"/>.</summary>
    public static JsonWriterOptions WriterOptions(DicomJsonOptions? options) => (options ?? DicomJsonOptions.Default).Indented ? IndentedOptions : CompactOptions;

    /// <summary>Writes the data set as one JSON object to a stream (UTF-8).</summary>
    public static void Write(Stream stream, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        options ??= DicomJsonOptions.Default;
        using var writer = new Utf8JsonWriter(stream, WriterOptions(options));
        Write(writer, dataset, options);
    }

    /// <summary>The data set as a JSON string (tests, small data sets).</summary>
    public static string ToJson(DicomDataset dataset, DicomJsonOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        options ??= DicomJsonOptions.Default;
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions(options))) Write(writer, dataset, options);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the data set as one JSON object at the writer's current position.</summary>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonOptions? options = null)
    {
        options ??= DicomJsonOptions.Default;
        CheckCharacterSets(dataset);
        WriteDataset(writer, dataset, options, topLevel: true);
    }

    // An unknown Specific Character Set must fail before the first byte is written, not leave half an object behind.
    private static void CheckCharacterSets(DicomDataset ds)
    {
        _ = ds.CharacterSet;
        foreach (var e in ds)
        {
            if (e.Items is { } items)
                foreach (var item in items) CheckCharacterSets(item);
        }
    }

    private static void WriteDataset(Utf8JsonWriter w, DicomDataset ds, DicomJsonOptions options, bool topLevel = false)
    {
        w.WriteStartObject();
        Span<byte> key = stackalloc byte[8];
        foreach (var e in ds)
        {
            if (e.Tag.IsGroupLength) continue;
            var bulk = e.IsEncapsulated || (e.VR.IsBulk && !e.IsSequence);
            var uri = bulk && topLevel ? options.BulkDataUri?.Invoke(e.Tag) : null;
            if (bulk && uri is null && !options.IncludeBulkData) continue;
            FormatKey(e.Tag, key);
            w.WritePropertyName(key);
            w.WriteStartObject();
            w.WriteString("vr"u8, VRName(e.VR));
            if (uri is not null)
            {
                w.WriteString("BulkDataURI"u8, uri);
            }
            else if (e.Items is { } items)
            {
                if (items.Count > 0)
                {
                    w.WriteStartArray("Value"u8);
                    foreach (var item in items) WriteDataset(w, item, options);
                    w.WriteEndArray();
                }
            }
            else if (e.Fragments is { } fragments)
            {
                WriteEncapsulated(w, fragments);
            }
            else if (e.Length > 0)
            {
                WriteValue(w, ds, e);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, DicomDataset ds, DicomElement e)
    {
        var vr = e.VR;
        var span = e.Value.Span;
        if (vr.IsBulk)
        {
            w.WriteBase64String("InlineBinary"u8, span);
            return;
        }
        if (vr.IsString)
        {
            WriteTextValues(w, ds, e);
            return;
        }
        if (vr == DicomVR.AT)
        {
            var n = span.Length / 4;
            if (n == 0) return;
            w.WriteStartArray("Value"u8);
            Span<byte> key = stackalloc byte[8];
            for (var i = 0; i < n; i++)
            {
                FormatKey(new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span[(4 * i)..]), BinaryPrimitives.ReadUInt16LittleEndian(span[(4 * i + 2)..])), key);
                w.WriteStringValue(key);
            }
            w.WriteEndArray();
            return;
        }
        var unit = vr.SwapUnit;
        var count = unit > 1 ? span.Length / unit : 0;
        if (count == 0)
        {
            // A binary VR without a whole value (or an unexpected VR): keep the bytes rather than invent numbers.
            w.WriteBase64String("InlineBinary"u8, span);
            return;
        }
        w.WriteStartArray("Value"u8);
        for (var i = 0; i < count; i++)
        {
            var s = span.Slice(i * unit, unit);
            if (vr == DicomVR.US) w.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(s));
            else if (vr == DicomVR.SS) w.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(s));
            else if (vr == DicomVR.UL) w.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(s));
            else if (vr == DicomVR.SL) w.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(s));
            else if (vr == DicomVR.SV) w.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(s));
            else if (vr == DicomVR.UV) w.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(s));
            else if (vr == DicomVR.FL) WriteFloat(w, BinaryPrimitives.ReadSingleLittleEndian(s));
            else if (vr == DicomVR.FD) WriteDouble(w, BinaryPrimitives.ReadDoubleLittleEndian(s));
        }
        w.WriteEndArray();
    }

    private static void WriteFloat(Utf8JsonWriter w, float v)
    {
        if (float.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(float.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteDouble(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    // ---- text VRs ----

    private static void WriteTextValues(Utf8JsonWriter w, DicomDataset ds, DicomElement e)
    {
        var vr = e.VR;
        var bytes = e.Value.Span;
        // Pure ASCII without ESC decodes the same under every character set DICOM allows, so it is written as is.
        if (Ascii.IsValid(bytes) && bytes.IndexOf((byte)0x1B) < 0)
        {
            WriteAsciiValues(w, bytes, vr);
            return;
        }
        var text = vr.UsesCharacterSet ? ds.CharacterSet.Decode(bytes, vr) : Encoding.Latin1.GetString(bytes);
        WriteDecodedValues(w, text, vr);
    }

    private static void WriteAsciiValues(Utf8JsonWriter w, ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (TrimAscii(bytes, vr).Length == 0) return;
        w.WriteStartArray("Value"u8);
        if (vr.IsSingleValuedText)
        {
            WriteAsciiValue(w, TrimAscii(bytes, vr), vr);
        }
        else
        {
            var rest = bytes;
            while (true)
            {
                var sep = rest.IndexOf((byte)'\\');
                var part = sep < 0 ? rest : rest[..sep];
                WriteAsciiValue(w, TrimAscii(part, vr), vr);
                if (sep < 0) break;
                rest = rest[(sep + 1)..];
            }
        }
        w.WriteEndArray();
    }

    private static void WriteAsciiValue(Utf8JsonWriter w, ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (value.Length == 0) { w.WriteNullValue(); return; }
        if (vr == DicomVR.IS || vr == DicomVR.DS)
        {
            Span<byte> number = stackalloc byte[JsonNumberText.MaxLength + 2];
            if (JsonNumberText.TryNormalise(value, number, out var n)) w.WriteRawValue(number[..n], skipInputValidation: true);
            else w.WriteStringValue(value);
            return;
        }
        if (vr == DicomVR.PN)
        {
            WritePersonName(w, Encoding.ASCII.GetString(value));
            return;
        }
        w.WriteStringValue(value);
    }

    private static void WriteDecodedValues(Utf8JsonWriter w, string text, DicomVR vr)
    {
        if (TrimText(text, vr).Length == 0) return;
        w.WriteStartArray("Value"u8);
        if (vr.IsSingleValuedText)
        {
            WriteDecodedValue(w, TrimText(text, vr), vr);
        }
        else
        {
            foreach (var part in text.AsSpan().Split('\\')) WriteDecodedValue(w, TrimText(text.AsSpan(part), vr), vr);
        }
        w.WriteEndArray();
    }

    private static void WriteDecodedValue(Utf8JsonWriter w, ReadOnlySpan<char> value, DicomVR vr)
    {
        if (value.Length == 0) { w.WriteNullValue(); return; }
        if (vr == DicomVR.PN) { WritePersonName(w, value.ToString()); return; }
        if ((vr == DicomVR.IS || vr == DicomVR.DS) && Ascii.IsValid(value) && value.Length <= JsonNumberText.MaxLength)
        {
            Span<byte> ascii = stackalloc byte[value.Length];
            Ascii.FromUtf16(value, ascii, out _);
            WriteAsciiValue(w, ascii, vr);
            return;
        }
        w.WriteStringValue(value);
    }

    /// <summary>PS3.18 F.2.2: a PN value is an object with up to three component groups, split at '='.</summary>
    private static void WritePersonName(Utf8JsonWriter w, string value)
    {
        var groups = value.Split('=');
        ReadOnlySpan<string> names = ["Alphabetic", "Ideographic", "Phonetic"];
        var any = false;
        for (var g = 0; g < groups.Length && g < names.Length; g++) any |= groups[g].TrimEnd(' ').Length > 0;
        if (!any) { w.WriteNullValue(); return; }
        w.WriteStartObject();
        for (var g = 0; g < groups.Length && g < names.Length; g++)
        {
            var group = groups[g].TrimEnd(' ');
            if (group.Length > 0) w.WriteString(names[g], group);
        }
        w.WriteEndObject();
    }

    // Trailing padding is never significant; leading spaces are, in LT, ST, UT and UR (PS3.5 6.2).
    private static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> s, DicomVR vr) =>
        vr.IsSingleValuedText ? s.TrimEnd(" \0"u8) : s.Trim(" \0"u8);

    private static ReadOnlySpan<char> TrimText(ReadOnlySpan<char> s, DicomVR vr) =>
        vr.IsSingleValuedText ? s.TrimEnd(" \0") : s.Trim(" \0");

    // ---- bulk ----

    private static void WriteEncapsulated(Utf8JsonWriter w, DicomFragments fragments)
    {
        // The value field of encapsulated pixel data (PS3.5 A.4): items, each with its 8-byte header, then the sequence delimiter.
        long length = 8 + Even(fragments.BasicOffsetTable.Length) + 8;
        foreach (var f in fragments.Items) length += 8 + Even(f.Length);
        if (length > Array.MaxLength) throw new InvalidOperationException($"encapsulated pixel data of {length} bytes is too large for InlineBinary");
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var span = buffer.AsSpan(0, (int)length);
            var pos = PutItem(span, 0, DicomTag.Item, fragments.BasicOffsetTable.Span);
            foreach (var f in fragments.Items) pos = PutItem(span, pos, DicomTag.Item, f.Span);
            PutItem(span, pos, DicomTag.SequenceDelimitation, default);
            w.WriteBase64String("InlineBinary"u8, span);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int PutItem(Span<byte> s, int pos, DicomTag tag, ReadOnlySpan<byte> value)
    {
        var padded = (int)Even(value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(s[pos..], tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(pos + 2)..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(pos + 4)..], (uint)padded);
        value.CopyTo(s[(pos + 8)..]);
        if (padded != value.Length) s[pos + 8 + value.Length] = 0;
        return pos + 8 + padded;
    }

    private static long Even(int n) => n + (n & 1);

    // ---- small helpers ----

    private static void FormatKey(DicomTag tag, Span<byte> key)
    {
        var v = tag.Value;
        for (var i = 7; i >= 0; i--)
        {
            key[i] = (byte)"0123456789ABCDEF"[(int)(v & 0xF)];
            v >>= 4;
        }
    }

    private static ReadOnlySpan<byte> VRName(DicomVR vr)
    {
        // Two bytes from the packed code, without allocating a string per element.
        return VRNames.TryGetValue(vr.Code, out var name) ? name : Encoding.ASCII.GetBytes(vr.Name);
    }

    private static readonly Dictionary<ushort, byte[]> VRNames = DicomVR.All.ToDictionary(v => v.Code, v => Encoding.ASCII.GetBytes(v.Name));
}
