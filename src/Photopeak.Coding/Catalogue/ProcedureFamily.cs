namespace Photopeak.Coding.Catalogue;

/// <summary>The procedure families Photopeak codes (CLINICAL.md sections 2 to 5).</summary>
public enum ProcedureFamily
{
    /// <summary>Cardiac sympathetic innervation imaging with I-123 mIBG.</summary>
    CardiacSympatheticInnervation,
    /// <summary>Planar myocardial perfusion imaging.</summary>
    PlanarMyocardialPerfusion,
    /// <summary>Pulmonary perfusion (and ventilation) imaging.</summary>
    PulmonaryPerfusion,
    /// <summary>Tumour or inflammation localisation by SPECT or SPECT/CT.</summary>
    TumourLocalisation,
    /// <summary>Cardiac blood-pool imaging on its own: gated equilibrium (ERNA/MUGA) or first pass.</summary>
    CardiacBloodPool,
}
