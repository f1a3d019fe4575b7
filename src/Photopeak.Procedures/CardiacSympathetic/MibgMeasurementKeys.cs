namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>The mIBG measurement keys of result.json: a contract read by scripts (add, never rename).</summary>
public static class MibgMeasurementKeys
{
    public const string HmEarly = "hm_early";
    public const string HmLate = "hm_late";
    public const string WashoutPercent = "washout_percent";
    public const string WashoutBgCorrectedPercent = "washout_bg_corrected_percent";
    public const string HmLateStandardised = "hm_late_standardised";
    public const string HmEarlyStandardised = "hm_early_standardised";
    public const string SpectSummedScore = "spect_summed_score";
    public const string DecayCorrectionFactor = "decay_correction_factor";
}
