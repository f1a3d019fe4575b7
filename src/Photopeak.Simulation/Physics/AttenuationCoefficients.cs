namespace Photopeak.Simulation.Physics;

/// <summary>Narrow-beam linear attenuation coefficients (per mm) of the phantom's materials at an emission energy.</summary>
public static class AttenuationCoefficients
{
    // Mass attenuation coefficients with coherent scattering, cm²/g, NIST XCOM (Berger et al., NIST Standard Reference
    // Database 8): water 60 keV 0.2059, 80 keV 0.1837, 100 keV 0.1707, 150 keV 0.1505, 200 keV 0.1370, 500 keV 0.0969, 600 keV 0.0896;
    // cortical bone (ICRU-44) 60 keV 0.3148, 80 keV 0.2229, 150 keV 0.1480, 500 keV 0.0905 (the table the reconstruction's
    // CtAttenuationMap uses too). Values between tabulated energies are log-log interpolated.
    private static readonly (double KeV, double Water, double Bone)[] Table =
    [
        (60, 0.2059, 0.3148), (80, 0.1837, 0.2229), (100, 0.1707, 0.1855), (150, 0.1505, 0.1480), (200, 0.1370, 0.1309), (300, 0.1186, 0.1113),
        (400, 0.1061, 0.0994), (500, 0.0969, 0.0905), (600, 0.0896, 0.0837),
    ];

    // Densities g/cm³: soft tissue ≈ water 1.00; inflated lung 0.26 (ICRP 89 / ICRU 46 range 0.26–0.3);
    // spine as a trabecular/cortical mix 1.40 (ICRU 46 spongiosa 1.18, cortical 1.92).
    private const double LungDensity = 0.26, BoneDensity = 1.40;

    /// <summary>μ per mm for a material at the given photon energy.</summary>
    public static double PerMm(Tissue tissue, double keV)
    {
        var (water, bone) = Interpolate(keV);
        return tissue switch
        {
            Tissue.Air => 0,
            Tissue.SoftTissue => water * 1.0 / 10,
            Tissue.Lung => water * LungDensity / 10,
            Tissue.Bone => bone * BoneDensity / 10,
            _ => throw new ArgumentOutOfRangeException(nameof(tissue)),
        };
    }

    /// <summary>CT number of a material, HU = 1000 (μ/μ_water − 1) at a CT's effective energy (~70 keV at 120 kVp): the
    /// phantom's soft tissue is water (0 HU), lung 0.26 g/cm³ (−740 HU), the spine's bone mix 1.40 g/cm³ with bone's
    /// higher mass attenuation at 70 keV (cortical/water ≈ 1.35, NIST XCOM) → about +890 HU; air −1000 HU.</summary>
    public static short HounsfieldUnits(Tissue tissue) => tissue switch
    {
        Tissue.Air => -1000,
        Tissue.SoftTissue => 0,
        Tissue.Lung => -740,
        Tissue.Bone => 890,
        _ => throw new ArgumentOutOfRangeException(nameof(tissue)),
    };

    /// <summary>μ per mm of water at the given energy.</summary>
    public static double WaterPerMm(double keV) => Interpolate(keV).Water / 10;

    private static (double Water, double Bone) Interpolate(double keV)
    {
        if (keV < Table[0].KeV || keV > Table[^1].KeV)
            throw new ArgumentOutOfRangeException(nameof(keV), keV, "attenuation table covers 60–600 keV");
        for (var i = 1; i < Table.Length; i++)
        {
            if (keV > Table[i].KeV) continue;
            var (e0, w0, b0) = Table[i - 1];
            var (e1, w1, b1) = Table[i];
            var f = Math.Log(keV / e0) / Math.Log(e1 / e0);
            return (Math.Exp(Math.Log(w0) + f * Math.Log(w1 / w0)), Math.Exp(Math.Log(b0) + f * Math.Log(b1 / b0)));
        }
        return (Table[^1].Water, Table[^1].Bone);
    }
}
