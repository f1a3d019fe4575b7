namespace Photopeak.Dicom;

/// <summary>A DICOM attribute tag (group, element), ordered as the standard orders data elements.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    /// <summary>Builds a tag from its 32-bit form gggg eeee.</summary>
    public DicomTag(uint value) : this((ushort)(value >> 16), (ushort)value) { }

    /// <summary>The 32-bit form gggg eeee.</summary>
    public uint Value => (uint)Group << 16 | Element;

    /// <summary>Odd groups (other than 0001, 0003, 0005, 0007, FFFF) carry private attributes.</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008 && Group != 0xFFFF;

    /// <summary>A private creator reservation (gggg,0010-00FF) in an odd group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>Group length element (gggg,0000).</summary>
    public bool IsGroupLength => Element == 0;

    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    public static readonly DicomTag ItemDelimitation = new(0xFFFE, 0xE00D);
    public static readonly DicomTag SequenceDelimitation = new(0xFFFE, 0xE0DD);

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>Keyword from the data dictionary, or null for private or unknown tags.</summary>
    public string? Keyword => DicomDictionary.Lookup(this)?.Keyword;

    /// <summary>The form used by DICOM JSON (PS3.18 F.2.1): eight upper-case hex digits.</summary>
    public string ToJsonKey() => $"{Group:X4}{Element:X4}";

    public override string ToString() => $"({Group:X4},{Element:X4})";

    /// <summary>Parses "(0010,0010)", "0010,0010" or "00100010".</summary>
    public static DicomTag Parse(string text)
    {
        var s = text.Trim().Trim('(', ')').Replace(",", "", StringComparison.Ordinal);
        if (s.Length != 8 || !uint.TryParse(s, System.Globalization.NumberStyles.HexNumber, null, out var v))
            throw new FormatException($"'{text}' is not a DICOM tag (expected gggg,eeee in hex)");
        return new DicomTag(v);
    }
}
