using Photopeak.Coding.Catalogue;

namespace Photopeak.Coding.Rules;

/// <summary>
/// What was actually performed, as the procedure knows it from the study model. Coding rules read only this, never the images.
/// </summary>
/// <param name="Family">Which procedure family the study belongs to.</param>
/// <param name="PlanarViewCount">Number of planar views acquired (all time points together); 0 if none.</param>
/// <param name="SpectPerformed">True if at least one tomographic (SPECT) acquisition was made and read.</param>
public sealed record PerformedStudy(ProcedureFamily Family, int PlanarViewCount, bool SpectPerformed)
{
    /// <summary>Tumour SPECT: the largest number of distinct areas or separate acquisitions imaged on any one day.</summary>
    public int SpectAreasOnBusiestDay { get; init; }

    /// <summary>Tumour SPECT: number of distinct days on which SPECT was acquired.</summary>
    public int SpectDays { get; init; }

    /// <summary>True if CT was acquired concurrently with SPECT (same session, hybrid camera).</summary>
    public bool CtAcquired { get; init; }

    /// <summary>True if that CT was used for anatomical localisation (not only as an attenuation map).</summary>
    public bool CtUsedForLocalisation { get; init; }

    /// <summary>Lung: ventilation imaging was performed together with perfusion.</summary>
    public bool VentilationPerformed { get; init; }

    /// <summary>Lung: a quantitative differential (right/left split, zones) was requested and is reported.</summary>
    public bool QuantitativeDifferentialReported { get; init; }

    /// <summary>Planar MPI: number of perfusion studies (1 = rest or stress only; 2 or more = stress with rest, redistribution or reinjection).</summary>
    public int PerfusionStudyCount { get; init; }

    /// <summary>Cardiac blood pool: number of gated equilibrium studies (rest, exercise...) acquired.</summary>
    public int GatedBloodPoolStudyCount { get; init; }

    /// <summary>Cardiac blood pool: number of first-pass studies acquired.</summary>
    public int FirstPassStudyCount { get; init; }

    /// <summary>Tumour SPECT/CT: a radiopharmaceutical quantification measurement (activity concentration, SUV) is reported.</summary>
    public bool QuantificationMeasurementReported { get; init; }

    /// <summary>Tumour: the tracer/region pair has its own organ-specific code (parathyroid, bone, brain...), so the tumour codes do not apply.</summary>
    public bool OrganSpecificCodeApplies { get; init; }
}
