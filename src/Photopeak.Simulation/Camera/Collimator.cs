namespace Photopeak.Simulation.Camera;

/// <summary>A parallel-hole collimator: hole geometry (for the distance-dependent resolution), measured sensitivity and
/// the high-energy (I-123 &gt;400 keV) contamination of the photopeak window it lets through.</summary>
/// <param name="SensitivityCpsPerMBq">System sensitivity for Tc-99m, 15–20% window, at 10 cm (datasheet).</param>
/// <param name="I123HighEnergyFraction">Fraction of I-123 159 keV-window counts (from a chest-sized source) caused by
/// photons above 400 keV penetrating or scattering in the collimator and detector.</param>
public sealed record Collimator(
    string Code,
    string Name,
    double HoleDiameterMm,
    double HoleLengthMm,
    double SeptaMm,
    double SensitivityCpsPerMBq,
    double I123HighEnergyFraction)
{
    // Gap from the collimator back face to the mid-plane of the crystal (housing + half of 9.5 mm NaI), mm.
    private const double CollimatorToCrystalMm = 10.0;
    // μ of lead ≈ 2.3 /mm at 140–160 keV (NIST XCOM, Pb 150 keV 2.014 cm²/g × 11.35 g/cm³): effective hole length
    // L_eff = L − 2/μ (Cherry, Sorenson, Phelps 2012, ch. 14, eq. 14-6).
    private const double LeadMuPerMm = 2.3;

    /// <summary>Geometric resolution FWHM (mm) at distance d (mm) from the collimator face:
    /// R_g = D (L_eff + d + c) / L_eff (Cherry, Sorenson, Phelps 2012, eq. 14-6).</summary>
    public double GeometricFwhmMm(double distanceMm)
    {
        var lEff = HoleLengthMm - 2 / LeadMuPerMm;
        return HoleDiameterMm * (lEff + Math.Max(0, distanceMm) + CollimatorToCrystalMm) / lEff;
    }

    // Hole geometry and Tc-99m sensitivities: Siemens Symbia collimator specifications (Symbia S/T datasheet, collimator
    // table: LEHR hole 1.11 mm / length 24.05 mm / septa 0.16 mm, 202 cpm/µCi = 91 cps/MBq, system FWHM 7.5 mm at 10 cm;
    // LEAP (general purpose) 1.45 / 24.05 / 0.20 mm, 327 cpm/µCi = 147 cps/MBq; MELP 2.94 / 40.64 / 1.14 mm,
    // 275 cpm/µCi = 124 cps/MBq) [?: transcribed from memory of the datasheet; confirm against the current issue].
    // I-123 high-energy fractions: with LE collimators a large part (reported 25–50%) of 159 keV-window counts comes
    // from > 400 keV photons, with ME a few percent (Dobbeleir AA et al. EJNMMI 1999;26:655–658; Inoue Y et al.
    // J Nucl Med 2003;44:1767–1772) [?: ranges from memory]. The values below were set so that, for the default chest
    // phantom, (H/M − 1) with LEHR is ≈ 0.67 × that with ME, between the LE/ME conversion-coefficient ratios published
    // (Verschure 2018: LE 0.553–0.605 vs ME 0.824–0.895, ratio ≈ 0.67; Okuda 2023: LEHR 0.53 vs MEGP 0.96, ratio 0.55).
    public static readonly Collimator Lehr = new("LEHR", "LEHR", 1.11, 24.05, 0.16, 91, 0.45);
    public static readonly Collimator Legp = new("LEGP", "LEAP", 1.45, 24.05, 0.20, 147, 0.42);
    public static readonly Collimator Me = new("ME", "MELP", 2.94, 40.64, 1.14, 124, 0.07);

    /// <summary>Looks a collimator up by code (LEHR, LEGP, ME).</summary>
    public static Collimator Parse(string code) => code.ToUpperInvariant() switch
    {
        "LEHR" => Lehr,
        "LEGP" or "LEAP" => Legp,
        "ME" or "MELP" or "MEGP" => Me,
        _ => throw new ArgumentException($"unknown collimator '{code}' (known: LEHR, LEGP, ME)"),
    };
}
