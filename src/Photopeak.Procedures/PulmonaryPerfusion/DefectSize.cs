namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>Segmental defect size: small &lt;25% of a segment [Gottschalk2007], moderate 25–75%, large &gt;75% [CLINICAL §5, ?].</summary>
public enum DefectSize
{
    Small,
    Moderate,
    Large,
}
