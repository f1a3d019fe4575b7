namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>Physiological evaluation step for lung resection from %ppoFEV1 and %ppoDLCO [Brunelli2013]; the physician decides.</summary>
public enum PostoperativeRisk
{
    /// <summary>Spirometry or DLCO not supplied: no category.</summary>
    NotAssessed,
    /// <summary>Both &gt;60% predicted: low risk, no further tests.</summary>
    Low,
    /// <summary>Either 30–60%: low-technology exercise test (stair climb &gt;22 m or shuttle walk &gt;400 m satisfactory).</summary>
    ExerciseTestAdvised,
    /// <summary>Either &lt;30%: formal cardiopulmonary exercise test.</summary>
    CardiopulmonaryExerciseTestAdvised,
}
