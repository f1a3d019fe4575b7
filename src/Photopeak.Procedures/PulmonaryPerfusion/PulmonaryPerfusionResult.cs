using Photopeak.Procedures.Results;
using Photopeak.Coding.Rules;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Everything a lung perfusion analysis produced: measurements by name (lung_right_percent, zones, ppo values...), the ROIs used
/// (editable, JSON), the views, defects, the shunt fraction when a whole-body scan was acquired, the draft PE assessment, postoperative risk step, codes, QC notes and warnings.
/// </summary>
public sealed record PulmonaryPerfusionResult(
    IReadOnlyDictionary<string, MeasuredQuantity> Measurements,
    LungRoiSet Rois,
    bool RoisEdited,
    LungStudyViews Perfusion,
    LungStudyViews? Ventilation,
    LungSplit Split,
    LungSplit? VentilationSplit,
    IReadOnlyList<LungDefectFinding> Defects,
    PulmonaryEmbolismAssessment EmbolismAssessment,
    double? ResectedFraction,
    PostoperativeRisk Risk,
    CodingResult Coding,
    IReadOnlyList<QcCheck> QualityChecks,
    IReadOnlyList<string> Warnings,
    PulmonaryPerfusionOptions Options,
    LungStudyViews? WholeBody = null,
    RightToLeftShunt? Shunt = null);
