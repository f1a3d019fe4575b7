namespace Photopeak.Procedures.CardiacBloodPool;

/// <summary>result.json measurement keys of the blood-pool procedures (a contract read by scripts: add, never rename).</summary>
public static class BloodPoolMeasurementKeys
{
    /// <summary>The reported LVEF; its method says gated or first pass.</summary>
    public const string LvefPercent = "lvef_percent";
    public const string LvefGatedPercent = "lvef_gated_percent";
    public const string LvPhaseMeanDegrees = "lv_phase_mean_degrees";
    public const string LvPhaseSdDegrees = "lv_phase_sd_degrees";
    public const string LvPhaseBandwidthDegrees = "lv_phase_bandwidth_degrees";
    public const string HeartRateBpm = "heart_rate_bpm";
    public const string EndDiastolicNetCounts = "ed_net_counts";
    public const string EndSystolicNetCounts = "es_net_counts";
    public const string BackgroundCountsPerPixel = "background_counts_per_pixel";
    public const string BeatsRejectedPercent = "beats_rejected_percent";
    public const string FrameCountDropPercent = "frame_count_drop_percent";
    public const string LvefFirstPassPercent = "lvef_first_pass_percent";
    public const string RvefFirstPassPercent = "rvef_first_pass_percent";
    /// <summary>First pass: time from the RV to the LV peak of the beat-averaged curves, s.</summary>
    public const string PulmonaryTransitSeconds = "pulmonary_transit_seconds";
    /// <summary>First pass: width at half maximum of the bolus entering (vena cava and right atrium curve), s (bolus QC).</summary>
    public const string BolusFwhmSeconds = "bolus_fwhm_seconds";
    public const string LvBeats = "lv_beats";
    public const string RvBeats = "rv_beats";
    public const string LvEndDiastolicNetCounts = "lv_ed_net_counts";
    public const string RvEndDiastolicNetCounts = "rv_ed_net_counts";
}
