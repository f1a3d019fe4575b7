using System.Text;

namespace Photopeak.Dicom.Text;

/// <summary>
/// Decodes text values under a Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5 6.1,
/// including ISO 2022 code extensions with escape sequences (Japanese, Korean, Chinese).
/// </summary>
public sealed class DicomCharacterSet
{
    static DicomCharacterSet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private enum G0 { Ascii, JisX0208, JisX0212 }
    private enum G1Kind { None, SingleByte, Katakana, Ksx1001, Gb2312 }

    private readonly string[] terms;
    private readonly Encoding? single;        // non-ISO-2022 sets: one encoding for the whole value
    private readonly G1Kind initialG1;
    private readonly Encoding? initialG1Encoding;

    /// <summary>The default repertoire (ISO IR 6); bytes above 0x7F are kept as Latin-1 rather than lost.</summary>
    public static readonly DicomCharacterSet Default = new([]);

    private DicomCharacterSet(string[] terms)
    {
        this.terms = terms;
        var first = terms.Length > 0 ? terms[0].Trim() : "";
        IsIso2022 = terms.Any(t => t.Trim().StartsWith("ISO 2022", StringComparison.Ordinal));
        if (!IsIso2022)
        {
            single = SingleByteOrUnicode(first) ?? throw new UnsupportedCharacterSetException(first);
            return;
        }
        foreach (var t in terms.Skip(1))
        {
            if (t.Trim() is var term && term.Length > 0 && Iso2022Designation(term) is null)
                throw new UnsupportedCharacterSetException(term);
        }
        (initialG1, initialG1Encoding) = first.Length == 0 ? (G1Kind.None, null) : Iso2022Designation(first) ?? throw new UnsupportedCharacterSetException(first);
    }

    /// <summary>The terms as given in (0008,0005).</summary>
    public IReadOnlyList<string> Terms => terms;

    /// <summary>True when ISO 2022 code extension techniques (escape sequences) are in use.</summary>
    public bool IsIso2022 { get; }

    /// <summary>True when text can be written back with this set without loss (UTF-8 and single-byte sets).</summary>
    public bool IsUtf8 => single is UTF8Encoding;

    /// <summary>Builds the character set from the values of (0008,0005); throws <see cref="UnsupportedCharacterSetException"/> for unknown terms.</summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> values)
    {
        if (values.Count == 0 || (values.Count == 1 && values[0].Trim().Length == 0)) return Default;
        return new DicomCharacterSet(values.Select(v => v.Trim()).ToArray());
    }

    private static Encoding? SingleByteOrUnicode(string term) => term switch
    {
        "" or "ISO_IR 6" => Encoding.Latin1,
        "ISO_IR 100" => Encoding.Latin1,
        "ISO_IR 101" => Encoding.GetEncoding(28592),
        "ISO_IR 109" => Encoding.GetEncoding(28593),
        "ISO_IR 110" => Encoding.GetEncoding(28594),
        "ISO_IR 144" => Encoding.GetEncoding(28595),
        "ISO_IR 127" => Encoding.GetEncoding(28596),
        "ISO_IR 126" => Encoding.GetEncoding(28597),
        "ISO_IR 138" => Encoding.GetEncoding(28598),
        "ISO_IR 148" => Encoding.GetEncoding(28599),
        "ISO_IR 203" => Encoding.GetEncoding(28605),
        "ISO_IR 166" => Encoding.GetEncoding(874),
        "ISO_IR 13" => Encoding.GetEncoding(932),
        "ISO_IR 192" => new UTF8Encoding(false),
        "GB18030" => Encoding.GetEncoding(54936),
        "GBK" => Encoding.GetEncoding(936),
        _ => null,
    };

    // G1 designation for ISO 2022 terms (PS3.3 Table C.12-3 and C.12-4); G0 sets switch only by escape.
    private static (G1Kind, Encoding?)? Iso2022Designation(string term) => term switch
    {
        "ISO 2022 IR 6" or "ISO 2022 IR 87" or "ISO 2022 IR 159" => (G1Kind.None, null),
        "ISO 2022 IR 13" => (G1Kind.Katakana, null),
        "ISO 2022 IR 149" => (G1Kind.Ksx1001, null),
        "ISO 2022 IR 58" => (G1Kind.Gb2312, null),
        "ISO 2022 IR 100" => (G1Kind.SingleByte, Encoding.Latin1),
        "ISO 2022 IR 101" => (G1Kind.SingleByte, Encoding.GetEncoding(28592)),
        "ISO 2022 IR 109" => (G1Kind.SingleByte, Encoding.GetEncoding(28593)),
        "ISO 2022 IR 110" => (G1Kind.SingleByte, Encoding.GetEncoding(28594)),
        "ISO 2022 IR 144" => (G1Kind.SingleByte, Encoding.GetEncoding(28595)),
        "ISO 2022 IR 127" => (G1Kind.SingleByte, Encoding.GetEncoding(28596)),
        "ISO 2022 IR 126" => (G1Kind.SingleByte, Encoding.GetEncoding(28597)),
        "ISO 2022 IR 138" => (G1Kind.SingleByte, Encoding.GetEncoding(28598)),
        "ISO 2022 IR 148" => (G1Kind.SingleByte, Encoding.GetEncoding(28599)),
        "ISO 2022 IR 203" => (G1Kind.SingleByte, Encoding.GetEncoding(28605)),
        "ISO 2022 IR 166" => (G1Kind.SingleByte, Encoding.GetEncoding(874)),
        _ => null,
    };

    /// <summary>Decodes a value of a text VR; for PN the escape state also resets at '^' and '=' (PS3.5 6.1.2.5.3).</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (!vr.UsesCharacterSet || single is not null && !IsIso2022)
            return (vr.UsesCharacterSet ? single! : Encoding.Latin1).GetString(bytes);
        return DecodeIso2022(bytes, vr == DicomVR.PN);
    }

    private string DecodeIso2022(ReadOnlySpan<byte> bytes, bool personName)
    {
        var sb = new StringBuilder(bytes.Length);
        var g0 = G0.Ascii;
        var g1 = initialG1;
        var g1Encoding = initialG1Encoding;
        Span<byte> pair = stackalloc byte[3];
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == 0x1B)
            {
                var consumed = ApplyEscape(bytes[i..], ref g0, ref g1, ref g1Encoding);
                if (consumed == 0) { sb.Append('\u001B'); i++; }
                else i += consumed;
                continue;
            }
            if (b < 0x80)
            {
                if (g0 != G0.Ascii && b >= 0x21 && i + 1 < bytes.Length && bytes[i + 1] >= 0x21 && bytes[i + 1] < 0x80)
                {
                    // JIS X 0208 / 0212 in G0: map the 7-bit pair to EUC-JP (JIS X 0212 takes the SS3 prefix 0x8F).
                    var n = 0;
                    if (g0 == G0.JisX0212) pair[n++] = 0x8F;
                    pair[n++] = (byte)(b | 0x80);
                    pair[n++] = (byte)(bytes[i + 1] | 0x80);
                    sb.Append(EucJp.GetString(pair[..n]));
                    i += 2;
                    continue;
                }
                var c = (char)b;
                sb.Append(c);
                i++;
                // Delimiters restore the initial state (PS3.5 6.1.2.5.3).
                if (c is '\\' or '\r' or '\n' or '\t' or '\f' || personName && c is '^' or '=')
                {
                    g0 = G0.Ascii;
                    g1 = initialG1;
                    g1Encoding = initialG1Encoding;
                }
                continue;
            }
            switch (g1)
            {
                case G1Kind.Katakana when b is >= 0xA1 and <= 0xDF:
                    sb.Append((char)(0xFF61 + (b - 0xA1)));
                    i++;
                    break;
                case G1Kind.SingleByte:
                    sb.Append(g1Encoding!.GetString(bytes.Slice(i, 1)));
                    i++;
                    break;
                case G1Kind.Ksx1001 or G1Kind.Gb2312 when i + 1 < bytes.Length:
                    sb.Append((g1 == G1Kind.Ksx1001 ? EucKr : Gb2312).GetString(bytes.Slice(i, 2)));
                    i += 2;
                    break;
                default:
                    sb.Append(Encoding.Latin1.GetString(bytes.Slice(i, 1)));
                    i++;
                    break;
            }
        }
        return sb.ToString();
    }

    private static int ApplyEscape(ReadOnlySpan<byte> s, ref G0 g0, ref G1Kind g1, ref Encoding? g1Encoding)
    {
        static bool At(ReadOnlySpan<byte> s, string seq)
        {
            if (s.Length < seq.Length + 1) return false;
            for (var k = 0; k < seq.Length; k++) if (s[k + 1] != seq[k]) return false;
            return true;
        }
        if (At(s, "(B") || At(s, "(J")) { g0 = G0.Ascii; return 3; }
        if (At(s, "$B") || At(s, "$@")) { g0 = G0.JisX0208; return 3; }
        if (At(s, "$(D")) { g0 = G0.JisX0212; return 4; }
        if (At(s, ")I")) { g1 = G1Kind.Katakana; return 3; }
        if (At(s, "$)C")) { g1 = G1Kind.Ksx1001; return 4; }
        if (At(s, "$)A")) { g1 = G1Kind.Gb2312; return 4; }
        if (s.Length >= 3 && s[1] == (byte)'-')
        {
            int? cp = s[2] switch
            {
                (byte)'A' => 28591, (byte)'B' => 28592, (byte)'C' => 28593, (byte)'D' => 28594, (byte)'L' => 28595,
                (byte)'G' => 28596, (byte)'F' => 28597, (byte)'H' => 28598, (byte)'M' => 28599, (byte)'b' => 28605,
                (byte)'T' => 874, _ => null,
            };
            if (cp is { } codePage) { g1 = G1Kind.SingleByte; g1Encoding = Encoding.GetEncoding(codePage); return 3; }
        }
        return 0;
    }

    private static Encoding EucJp => field ??= Encoding.GetEncoding(51932);
    private static Encoding EucKr => field ??= Encoding.GetEncoding(51949);
    private static Encoding Gb2312 => field ??= Encoding.GetEncoding(936);

    /// <summary>Encodes text for writing: UTF-8 under ISO_IR 192, else the single-byte set (ISO 2022 writing is not supported).</summary>
    public byte[] Encode(string text)
    {
        if (IsIso2022) throw new NotSupportedException("writing ISO 2022 escape sequences is not supported; write with ISO_IR 192 (UTF-8)");
        return single!.GetBytes(text);
    }

    public override string ToString() => terms.Length == 0 ? "(default)" : string.Join('\\', terms);
}

/// <summary>A Specific Character Set (0008,0005) term Photopeak does not know.</summary>
public sealed class UnsupportedCharacterSetException(string term)
    : Exception($"Specific Character Set (0008,0005) term '{term}' is not supported");
