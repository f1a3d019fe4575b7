using System.Text.RegularExpressions;

namespace Photopeak.Imaging.Nuclides;

/// <summary>
/// A radionuclide used in gamma-camera imaging: half-life (hours) pinned to one source, the photon energies imaged (keV,
/// strongest first) and its PS3.16 CID 18 codes (SNOMED-RT value as written by most NM systems, and the SNOMED CT id).
/// </summary>
public sealed partial record Radionuclide(string Name, double HalfLifeHours, IReadOnlyList<double> PhotonEnergiesKeV, string SrtCode, string SctCode, string HalfLifeSource)
{
    /// <summary>The main imaged photon energy, keV.</summary>
    public double PhotopeakKeV => PhotonEnergiesKeV[0];

    /// <summary>Where the main "line" is a group of lines spread over an energy range (Tl-201's Hg K x-rays, 68.9–82.5 keV),
    /// that range, keV: cameras centre their x-ray window anywhere from 70 to 80 keV; null for a single line.</summary>
    public (double LowerKeV, double UpperKeV)? MainLineSpanKeV { get; init; }

    /// <summary>Decay constant, per hour: ln 2 / T½ (CLINICAL 1.2).</summary>
    public double LambdaPerHour => DecayCorrection.LambdaPerHour(HalfLifeHours);

    // Half-lives from [NNDC] NuDat 3 / ENSDF as listed in CLINICAL.md 1.1 (d converted with 24 h/d); entries marked [?] there
    // or absent from that table (F-18, Xe-133, Kr-81m) are to be confirmed against NuDat before clinical release.
    // Photon energies: NuDat 3 decay radiation (Tl-201 first value: mean of the Hg K x-rays that carry most counts).

    /// <summary>Tc-99m, T½ 6.0072 h [NNDC] (Nucl Data Sheets 145, 25, 2017).</summary>
    public static readonly Radionuclide Tc99m = new("Tc-99m", 6.0072, [140.511], "C-163A8", "72454006", "NNDC NuDat 3: 6.0072 h");

    /// <summary>I-123, T½ 13.223 h [NNDC][?].</summary>
    public static readonly Radionuclide I123 = new("I-123", 13.223, [158.97, 528.96], "C-114A4", "21572004", "NNDC NuDat 3: 13.223 h [?]");

    /// <summary>Tl-201, T½ 3.042 d = 73.008 h [NNDC][?].</summary>
    public static readonly Radionuclide Tl201 = new("Tl-201", 3.042 * 24, [71.0, 167.43, 135.34], "C-138A9", "60057003", "NNDC NuDat 3: 3.042 d [?]")
    {
        MainLineSpanKeV = (68.9, 82.5), // Hg Kα2 68.9 keV to Kβ2 82.5 keV [NNDC]
    };

    /// <summary>In-111, T½ 2.8047 d = 67.313 h [NNDC].</summary>
    public static readonly Radionuclide In111 = new("In-111", 2.8047 * 24, [245.35, 171.28], "C-145A4", "56609000", "NNDC NuDat 3: 2.8047 d");

    /// <summary>Ga-67, T½ 3.2612 d = 78.269 h [NNDC][?].</summary>
    public static readonly Radionuclide Ga67 = new("Ga-67", 3.2612 * 24, [93.31, 184.58, 300.22], "C-131A2", "2008008", "NNDC NuDat 3: 3.2612 d [?]");

    /// <summary>I-131, T½ 8.0252 d = 192.60 h [NNDC].</summary>
    public static readonly Radionuclide I131 = new("I-131", 8.0252 * 24, [364.49], "C-114B1", "1368003", "NNDC NuDat 3: 8.0252 d");

    /// <summary>F-18, T½ 109.77 min [NNDC][?].</summary>
    public static readonly Radionuclide F18 = new("F-18", 109.77 / 60, [511.0], "C-111A1", "77004003", "NNDC NuDat 3: 109.77 min [?]");

    /// <summary>Xe-133, T½ 5.2475 d [NNDC][?].</summary>
    public static readonly Radionuclide Xe133 = new("Xe-133", 5.2475 * 24, [81.0], "C-172A8", "80751004", "NNDC NuDat 3: 5.2475 d [?]");

    /// <summary>Kr-81m, T½ 13.10 s [NNDC][?].</summary>
    public static readonly Radionuclide Kr81m = new("Kr-81m", 13.10 / 3600, [190.46], "C-173A5", "61716009", "NNDC NuDat 3: 13.10 s [?]");

    /// <summary>Every nuclide in the table.</summary>
    public static IReadOnlyList<Radionuclide> All { get; } = [Tc99m, I123, Tl201, In111, Ga67, I131, F18, Xe133, Kr81m];

    /// <summary>The nuclide with a CID 18 code value (SRT such as C-163A8, or SNOMED CT such as 72454006), or null.</summary>
    public static Radionuclide? FromCode(string? codeValue)
    {
        if (string.IsNullOrWhiteSpace(codeValue)) return null;
        var v = codeValue.Trim();
        foreach (var n in All)
        {
            if (string.Equals(n.SrtCode, v, StringComparison.OrdinalIgnoreCase) || n.SctCode == v) return n;
        }
        return null;
    }

    /// <summary>The nuclide named in free text: "Tc-99m", "^99m^Technetium", "Technetium Tc-99m", "99mTc MDP", "Iodine^123", "I-123 mIBG"...; null if none.</summary>
    public static Radionuclide? FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = NonAlphanumeric().Replace(text.ToUpperInvariant(), " ");
        foreach (var (nuclide, pattern) in Patterns)
        {
            if (pattern.IsMatch(s)) return nuclide;
        }
        return null;
    }

    /// <summary>The nuclide from a code (value first, then meaning) or, failing that, from any of the texts.</summary>
    public static Radionuclide? Recognise(CodedEntry? code, params string?[] texts)
    {
        var n = FromCode(code?.Value) ?? FromText(code?.Meaning);
        if (n is not null) return n;
        foreach (var t in texts)
        {
            n = FromText(t);
            if (n is not null) return n;
        }
        return null;
    }

    [GeneratedRegex("[^A-Z0-9]+")]
    private static partial Regex NonAlphanumeric();

    private static readonly (Radionuclide, Regex)[] Patterns = All.Select(n => (n, Pattern(n))).ToArray();

    private static Regex Pattern(Radionuclide n)
    {
        var parts = n.Name.Split('-');
        var symbol = parts[0].ToUpperInvariant();
        var mass = parts[1].ToUpperInvariant();
        var element = ElementName(symbol);
        var names = $"(?:{symbol}|{element})";
        // "TC 99M", "TECHNETIUM 99M", "99M TC", "99MTC", "99M TECHNETIUM": the mass must not run on into other digits.
        return new Regex($"(?<![A-Z0-9]){names} ?{mass}(?![0-9A-Z])|(?<![0-9]){mass} ?{names}(?![A-Z])", RegexOptions.CultureInvariant);
    }

    private static string ElementName(string symbol) => symbol switch
    {
        "TC" => "TECHNETIUM",
        "I" => "IODINE",
        "TL" => "THALLIUM",
        "IN" => "INDIUM",
        "GA" => "GALLIUM",
        "F" => "FLUORINE",
        "XE" => "XENON",
        "KR" => "KRYPTON",
        _ => symbol,
    };

    public override string ToString() => Name;
}
