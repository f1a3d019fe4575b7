namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>result.json measurement keys of tumour SPECT (a contract read by scripts: add, never rename).</summary>
public static class TumourMeasurementKeys
{
    public const string LesionCount = "lesion_count";
    public const string AreasImaged = "areas_imaged";
    public const string DaysImaged = "days_imaged";
}
