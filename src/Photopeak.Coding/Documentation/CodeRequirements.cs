using Photopeak.Coding.Catalogue;
using E = Photopeak.Coding.Documentation.ReportElement;

namespace Photopeak.Coding.Documentation;

/// <summary>
/// The report elements each code requires, from the "Report must contain" and "Coding" paragraphs of CLINICAL.md.
/// Conditional items there ("ppoFEV1 when spirometry supplied", "shunt if measured") are not required by any code.
/// </summary>
public static class CodeRequirements
{
    private static readonly E[] Common =
        [E.Indication, E.Radiopharmaceutical, E.AdministeredActivity, E.Images, E.Findings, E.Impression];

    private static readonly E[] MibgPlanar =
    [
        .. Common, E.InjectionTime, E.ThyroidBlockade, E.AcquisitionTimes, E.Collimator, E.EnergyWindow, E.Matrix, E.RoiMethod,
        E.HeartToMediastinumEarly, E.HeartToMediastinumLate, E.StandardisedHeartToMediastinum, E.WashoutRate,
        E.ThresholdsWithSources, E.QualitativeInterpretation, E.Limitations,
    ];

    private static readonly E[] PlanarMpi =
    [
        .. Common, E.AcquisitionTimes, E.StressType, E.StressAdequacy, E.PerfusionViews, E.ImageQuality, E.PerfusionDefects,
        E.LungHeartRatio, E.WallMotion, E.EjectionFractionWithMethod, E.PerfusionQuantification,
    ];

    private static readonly E[] BloodPool =
        [.. Common, E.AcquisitionTimes, E.ImageQuality, E.WallMotion, E.EjectionFractionWithMethod];

    private static readonly E[] LungPerfusion =
        [.. Common, E.ParticleNumber, E.InjectionPosition, E.PerfusionViews, E.RadiographCorrelation, E.PerfusionDefectsBySegment, E.CategoryUnderNamedScheme];

    private static readonly E[] LungVentilation = [E.VentilationImages, E.VentilationPerfusionComparison];

    private static readonly E[] TumourSpect =
        [.. Common, E.TimesSinceInjection, E.AreasAndDaysImaged, E.SpectTechnique, E.ReconstructionParameters, E.LesionDescription, E.Comparison];

    /// <summary>The elements a report must contain to support <paramref name="code"/>.</summary>
    public static IReadOnlyList<E> For(CptCode code) => code.Code switch
    {
        "0331T" => MibgPlanar,
        "0332T" => [.. MibgPlanar, E.SpectAssessment, E.SegmentScores],
        "78453" => PlanarMpi,
        "78454" => [.. PlanarMpi, E.Reversibility, E.TransientIschaemicDilation],
        "78472" or "78473" or "78481" or "78483" => BloodPool,
        "78580" => LungPerfusion,
        "78582" => [.. LungPerfusion, .. LungVentilation],
        "78597" => [.. LungPerfusion, E.QuantitativeDifferentialSplit],
        "78598" => [.. LungPerfusion, .. LungVentilation, E.QuantitativeDifferentialSplit],
        "78803" or "78831" => TumourSpect,
        "78830" or "78832" => [.. TumourSpect, E.CtLocalisation],
        "78835" => [E.QuantificationMeasurementWithDefinition],
        _ => throw new UnknownCptCodeException(code.Code),
    };
}
