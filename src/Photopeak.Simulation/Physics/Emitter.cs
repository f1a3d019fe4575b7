using Photopeak.Imaging.Nuclides;

namespace Photopeak.Simulation.Physics;

/// <summary>
/// A gamma emitter as the simulator needs it: a nuclide of the Imaging table (half-life, photopeak, codes: one source of
/// truth for the simulator and the analysis) plus the emission yields only the simulator uses.
/// </summary>
/// <param name="PhotonYield">Photopeak photons per decay.</param>
/// <param name="HighEnergyYield">Photons per decay above ~400 keV (I-123: 440, 505, 529, 538, 624, 688, 736, 784 keV), which penetrate low-energy collimators.</param>
public sealed record Emitter(Radionuclide Nuclide, string DicomName, double PhotonYield, double HighEnergyYield)
{
    /// <summary>Short name, as in the Imaging table (Tc-99m, I-123).</summary>
    public string Name => Nuclide.Name;

    public double HalfLifeHours => Nuclide.HalfLifeHours;

    /// <summary>The imaged photon energy as the simulator models it: the table's line to 0.1 keV (140.5, 159.0), the
    /// precision camera windows are set to; finer is lost in a 9.5% FWHM energy response, and the shipped normal tables
    /// were simulated at these values.</summary>
    public double PhotonEnergyKeV => LineKeV ?? Math.Round(Nuclide.PhotopeakKeV, 1);

    /// <summary>The energy of this line when the emitter stands for one line other than the main one, keV.</summary>
    private double? LineKeV { get; init; }

    /// <summary>Further imaged lines (keV, photons per decay), each acquired in a photopeak window of its own (In-111 171 keV).</summary>
    public IReadOnlyList<(double KeV, double Yield)> OtherLines { get; init; } = [];

    /// <summary>Every imaged line as an emitter of its own, the main line first: each is projected with its own μ and
    /// sensitivity. A single-line nuclide has one.</summary>
    public IReadOnlyList<Emitter> Lines =>
    [
        this with { OtherLines = [] },
        .. OtherLines.Select(l => this with { LineKeV = Math.Round(l.KeV, 1), PhotonYield = l.Yield, HighEnergyYield = 0, OtherLines = [] }),
    ];

    /// <summary>PS3.16 CID 18 code (SNOMED-RT value, as most NM systems write it).</summary>
    public CodedConcept Code => new(Nuclide.SrtCode, "SRT", DicomName);

    /// <summary>Fraction of activity remaining after the given hours.</summary>
    public double DecayFactor(double hours) => DecayCorrection.RemainingFraction(HalfLifeHours, hours);

    /// <summary>Activity-time integral over a frame starting with unit activity, in hours: (1 − e^(−λT)) / λ = T / frame-average factor [CLINICAL 1.2].</summary>
    public double FrameIntegralHours(double frameHours) =>
        frameHours <= 0 ? 0 : frameHours / DecayCorrection.FrameAverageFactor(HalfLifeHours, frameHours);

    // Tc-99m: 140.511 keV line, 89% per decay (NNDC NuDat 3).
    public static readonly Emitter Tc99m = new(Radionuclide.Tc99m, "^99m^Technetium", 0.89, 0.0);

    // I-123: 158.97 keV 83.3%; lines > 400 keV sum to ~2.6% per decay (529.0 keV 1.39%, 440.0 0.43%, 538.5 0.38%,
    // 505.3 0.32%, others < 0.1%) (NNDC NuDat 3, ENSDF A=123).
    public static readonly Emitter I123 = new(Radionuclide.I123, "^123^Iodine", 0.833, 0.026);

    // In-111: 245.35 keV 94.1% (main: the table's first line) and 171.28 keV 90.7% per decay; nothing above 400 keV that
    // matters (NNDC NuDat 3, ENSDF A=111).
    public static readonly Emitter In111 = new(Radionuclide.In111, "^111^Indium", 0.941, 0.0) { OtherLines = [(171.28, 0.907)] };

    // Ga-67: 93.31 keV 38.8% (main: the table's first line), 184.58 keV 21.4%, 300.22 keV 16.8% per decay; the 393.5 keV
    // line (4.6%) is neither imaged nor modelled (NNDC NuDat 3, ENSDF A=67).
    public static readonly Emitter Ga67 = new(Radionuclide.Ga67, "^67^Gallium", 0.388, 0.0) { OtherLines = [(184.58, 0.214), (300.22, 0.168)] };

    // Tl-201: the Hg K x-rays, Kα 68.9 and 70.8 keV (≈ 73 % per decay) and Kβ 80–82.5 keV (≈ 20 %), lumped at 71.0 keV (the
    // table's line, main: they carry most counts) as 0.93 per decay; 167.43 keV 10.0 % in a window of its own; 135.34 keV
    // (2.6 %) is neither imaged nor modelled (NNDC NuDat 3, ENSDF A=201) [?: the lumping is ours: a real ±10 % window at 71 keV
    // takes only part of Kβ, which also falls in its upper scatter window, so our x-ray counts run about 15 % high and that
    // scatter window holds no primaries].
    public static readonly Emitter Tl201 = new(Radionuclide.Tl201, "^201^Thallium", 0.93, 0.0) { OtherLines = [(167.43, 0.100)] };

    /// <summary>Looks an emitter up by its short name (Tc-99m, I-123, In-111, Ga-67, Tl-201).</summary>
    public static Emitter Parse(string name) => name.Replace("-", "").ToUpperInvariant() switch
    {
        "TC99M" => Tc99m,
        "I123" => I123,
        "IN111" => In111,
        "GA67" => Ga67,
        "TL201" => Tl201,
        _ => throw new ArgumentException($"unknown radionuclide '{name}' (known: Tc-99m, I-123, In-111, Ga-67, Tl-201)"),
    };
}
