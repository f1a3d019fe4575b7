namespace Photopeak.Dicom;

/// <summary>A DICOM value representation (PS3.5 6.2), with the encoding rules the codec needs.</summary>
public readonly record struct DicomVR
{
    /// <summary>The two ASCII characters packed big-endian, so 'A','E' is 0x4145.</summary>
    public ushort Code { get; }

    private DicomVR(string name) => Code = (ushort)(name[0] << 8 | name[1]);

    public static readonly DicomVR AE = new("AE"), AS = new("AS"), AT = new("AT"), CS = new("CS"), DA = new("DA"),
        DS = new("DS"), DT = new("DT"), FL = new("FL"), FD = new("FD"), IS = new("IS"), LO = new("LO"), LT = new("LT"),
        OB = new("OB"), OD = new("OD"), OF = new("OF"), OL = new("OL"), OV = new("OV"), OW = new("OW"), PN = new("PN"),
        SH = new("SH"), SL = new("SL"), SQ = new("SQ"), SS = new("SS"), ST = new("ST"), SV = new("SV"), TM = new("TM"),
        UC = new("UC"), UI = new("UI"), UL = new("UL"), UN = new("UN"), UR = new("UR"), US = new("US"), UT = new("UT"),
        UV = new("UV");

    /// <summary>Every VR of PS3.5 Table 6.2-1.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
        [AE, AS, AT, CS, DA, DS, DT, FL, FD, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV];

    public string Name => string.Create(2, Code, static (span, c) => { span[0] = (char)(c >> 8); span[1] = (char)(c & 0xFF); });

    public override string ToString() => Name;

    /// <summary>Recognises a VR from its two bytes; false for anything not in the standard.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        var code = (ushort)(first << 8 | second);
        foreach (var candidate in All)
        {
            if (candidate.Code == code) { vr = candidate; return true; }
        }
        vr = default;
        return false;
    }

    /// <summary>Parses the two-letter name; throws for an unknown VR.</summary>
    public static DicomVR Parse(string name) =>
        name.Length == 2 && TryParse((byte)name[0], (byte)name[1], out var vr) ? vr : throw new FormatException($"'{name}' is not a DICOM VR");

    /// <summary>Explicit VR encodings with a 2-byte reserved field and a 32-bit length (PS3.5 7.1.2).</summary>
    public bool HasLongLength => this == OB || this == OD || this == OF || this == OL || this == OV || this == OW || this == SQ ||
                                 this == SV || this == UC || this == UN || this == UR || this == UT || this == UV;

    /// <summary>Character string VRs, padded with a space (UI with NUL).</summary>
    public bool IsString => this == AE || this == AS || this == CS || this == DA || this == DS || this == DT || this == IS ||
                            this == LO || this == LT || this == PN || this == SH || this == ST || this == TM || this == UC ||
                            this == UI || this == UR || this == UT;

    /// <summary>String VRs whose value is text that may use the Specific Character Set (PS3.5 6.1.2.3).</summary>
    public bool UsesCharacterSet => this == LO || this == LT || this == PN || this == SH || this == ST || this == UC || this == UT;

    /// <summary>Text VRs where backslash is not a value separator (VM is always 1).</summary>
    public bool IsSingleValuedText => this == LT || this == ST || this == UT || this == UR;

    /// <summary>Binary bulk data VRs (written as InlineBinary in DICOM JSON).</summary>
    public bool IsBulk => this == OB || this == OD || this == OF || this == OL || this == OV || this == OW || this == UN;

    /// <summary>Byte size of one value unit for byte swapping between little and big endian; 1 = no swap.</summary>
    public int SwapUnit =>
        this == US || this == SS || this == OW || this == AT ? 2 :
        this == UL || this == SL || this == FL || this == OF || this == OL ? 4 :
        this == FD || this == OD || this == SV || this == UV || this == OV ? 8 : 1;

    /// <summary>Longest value the VR allows, in characters (PS3.5 Table 6.2-1), for the VRs whose composed text Photopeak
    /// shortens (<see cref="DicomDataset.SetClipped"/>); null where there is no fixed limit or where a query key may legitimately
    /// exceed it (DA, TM, DT ranges; PN component groups).</summary>
    public int? MaximumLength =>
        this == AE || this == CS || this == DS || this == SH ? 16 :
        this == AS ? 4 : this == IS ? 12 : this == LO || this == UI ? 64 : this == ST ? 1024 : this == LT ? 10240 : null;

    /// <summary>Padding byte appended to odd-length values.</summary>
    public byte PaddingByte => this == UI ? (byte)0 : IsString ? (byte)' ' : (byte)0;
}
