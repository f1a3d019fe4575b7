namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>The lung perfusion measurement keys of result.json: a contract read by scripts (add, never rename).</summary>
public static class LungMeasurementKeys
{
    public const string RightPercent = "lung_right_percent";
    public const string LeftPercent = "lung_left_percent";
    public const string VentilationRightPercent = "vent_lung_right_percent";
    public const string VentilationLeftPercent = "vent_lung_left_percent";
    public const string PpoFev1Litres = "ppo_fev1_litres";
    public const string PpoFev1PercentPredicted = "ppo_fev1_percent_predicted";
    public const string PpoDlcoPercentPredicted = "ppo_dlco_percent_predicted";
    public const string ShuntPercent = "shunt_percent";
    public const string ShuntBrainPercent = "shunt_brain_percent";

    /// <summary>A zone's key, e.g. right_upper_percent; <paramref name="zone"/> is one of <see cref="LungSplit.ZoneNames"/>.</summary>
    public static string Zone(string side, string zone) => $"{side}_{zone}_percent";
}
