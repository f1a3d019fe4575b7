namespace Photopeak.Reconstruction.Quantification;

/// <summary>How a calibration factor was measured on the uniform cylinder; both give cps per MBq (count rate in the VOI
/// per activity in the VOI) but differ by the partial-volume and protocol effects they include.</summary>
public enum CalibrationMethod
{
    /// <summary>VOI inside the cylinder, away from its walls (e.g. 20 mm): activity in the VOI = concentration × VOI
    /// volume. The factor for voxel concentrations (Bq/ml) of objects large against the resolution.</summary>
    Concentration,

    /// <summary>All counts of the reconstruction, the cylinder's spill-out included: activity = the phantom's activity in
    /// the axial field of view. The factor for total activities of large regions or the whole field of view.</summary>
    TotalCounts,
}
