using Photopeak.Coding.Rules;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>The outcome of <see cref="MibgAnalysis"/>: the serialisable result, the inputs it came from, the coding and the
/// ROI statistics per image (for the report's figures and tables).</summary>
public sealed record MibgAnalysisResult(
    ProcedureResult Result,
    MibgStudyInputs Inputs,
    CodingResult Coding,
    IReadOnlyDictionary<string, RoiStatistics> RoiCounts,
    ConversionCoefficient? ConversionCoefficient,
    InnervationCategory? Category)
{
    /// <summary>The tomographic assessment (0332T), or null when no SPECT was acquired or it could not be assessed.</summary>
    public MibgSpectAssessment? Spect { get; init; }
}
