namespace Photopeak.Coding.Documentation;

/// <summary>
/// A piece of content a report must show to support a code (CLINICAL.md "Report must contain").
/// Readable names are in <see cref="ReportElementNames"/>.
/// </summary>
public enum ReportElement
{
    // Common to all procedures
    Indication,
    Radiopharmaceutical,
    AdministeredActivity,
    InjectionTime,
    AcquisitionTimes,
    Collimator,
    EnergyWindow,
    Matrix,
    Images,
    Findings,
    Impression,

    // Cardiac sympathetic innervation (mIBG)
    ThyroidBlockade,
    RoiMethod,
    HeartToMediastinumEarly,
    HeartToMediastinumLate,
    StandardisedHeartToMediastinum,
    WashoutRate,
    ThresholdsWithSources,
    QualitativeInterpretation,
    SpectAssessment,
    SegmentScores,
    Limitations,

    // Planar myocardial perfusion
    StressType,
    StressAdequacy,
    PerfusionViews,
    ImageQuality,
    PerfusionDefects,
    Reversibility,
    LungHeartRatio,
    TransientIschaemicDilation,
    WallMotion,
    EjectionFractionWithMethod,
    PerfusionQuantification,

    // Pulmonary perfusion
    ParticleNumber,
    InjectionPosition,
    RadiographCorrelation,
    VentilationImages,
    VentilationPerfusionComparison,
    PerfusionDefectsBySegment,
    CategoryUnderNamedScheme,
    QuantitativeDifferentialSplit,

    // Tumour / inflammation SPECT
    TimesSinceInjection,
    AreasAndDaysImaged,
    SpectTechnique,
    ReconstructionParameters,
    CtLocalisation,
    LesionDescription,
    QuantificationMeasurementWithDefinition,
    Comparison,
}
