namespace Photopeak.Reconstruction.Geometry;

/// <summary>
/// Parallel-hole collimator-detector response: a Gaussian whose FWHM grows with source distance.
/// FWHM(d) = sqrt(Ri² + Rg(d)²), Rg(d) = D (Leff + d + c) / Leff, Leff = L − 2/μ_lead
/// [Cherry2012 ch. 14 eq. 14-6/14-7; Tsui1988]. d: source to collimator face, c: collimator back to crystal mid-plane.
/// </summary>
/// <param name="HoleDiameterMm">Hole diameter D, mm (e.g. LEHR 1.11 mm).</param>
/// <param name="HoleLengthMm">Hole (septal) length L, mm (e.g. LEHR 24.05 mm).</param>
/// <param name="IntrinsicFwhmMm">Intrinsic detector resolution Ri, mm (e.g. 3.8 mm at 140 keV).</param>
/// <param name="LeadAttenuationPerMm">Linear attenuation of the septa at the photon energy, 1/mm (lead at 140 keV ≈ 2.7 /mm, NIST XCOM); 0 uses L unchanged.</param>
/// <param name="CollimatorToCrystalMm">Distance from collimator back face to the crystal mid-plane c, mm.</param>
public sealed record CollimatorResponse(
    double HoleDiameterMm, double HoleLengthMm, double IntrinsicFwhmMm,
    double LeadAttenuationPerMm = 2.7, double CollimatorToCrystalMm = 0)
{
    /// <summary>Effective hole length Leff = L − 2/μ (Anger's correction for septal penetration at the hole ends), mm.</summary>
    public double EffectiveLengthMm => LeadAttenuationPerMm > 0 ? HoleLengthMm - 2 / LeadAttenuationPerMm : HoleLengthMm;

    /// <summary>System FWHM in mm at distance <paramref name="distanceMm"/> from the collimator face.</summary>
    public double FwhmMm(double distanceMm)
    {
        double d = Math.Max(0, distanceMm);
        double geometric = HoleDiameterMm * (EffectiveLengthMm + d + CollimatorToCrystalMm) / EffectiveLengthMm;
        return Math.Sqrt(IntrinsicFwhmMm * IntrinsicFwhmMm + geometric * geometric);
    }

    /// <summary>Typical low-energy high-resolution collimator on a 3/8" NaI camera at 140 keV (≈7.2 mm FWHM at 10 cm).</summary>
    public static CollimatorResponse LowEnergyHighResolution { get; } = new(1.11, 24.05, 3.8);
}
