namespace Photopeak.Reporting.Model;

/// <summary>Where a measurement lies relative to its reference range; None when there is no range.</summary>
public enum MeasurementFlag
{
    None,
    Normal,
    Low,
    High,
}
