using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Quantification;

namespace Photopeak.Reconstruction.Service;

/// <summary>A reconstructed TOMO acquisition: the volume (counts per view, or Bq/ml at the scan start with a concentration
/// factor), the projections it came from, what was done to it in words and as Corrected Image (0028,0051) codes, and the
/// calibration measured or applied.</summary>
public sealed record ReconstructedSeries
{
    public required Volume3D Volume { get; init; }
    public required TomoProjections Tomo { get; init; }
    /// <summary>Algorithm, e.g. "OSEM 4i8s" or "FBP butterworth 0.5/cm" (Convolution Kernel).</summary>
    public required string MethodLabel { get; init; }
    /// <summary>Algorithm and corrections, e.g. "OSEM 4i8s AC PSF TEW, Gauss 8 mm".</summary>
    public required string Description { get; init; }
    /// <summary>"none", "mumap" or "chang μ=0.15/cm".</summary>
    public required string AttenuationLabel { get; init; }
    /// <summary>Collimator modelled for the response, null when not modelled.</summary>
    public string? Collimator { get; init; }
    /// <summary>Unit of the voxel values: "counts" or "Bq/ml".</summary>
    public required string ValueUnit { get; init; }
    /// <summary>Corrected Image (0028,0051) codes applied: DECY, ATTN, SCAT.</summary>
    public required IReadOnlyList<string> CorrectedImage { get; init; }
    /// <summary>Decay over the rotation and view time, when calibration needed them.</summary>
    public AcquisitionTiming? Timing { get; init; }
    /// <summary>Factors measured on a uniform cylinder (<see cref="ReconstructionSettings.CylinderMBq"/>), else null.</summary>
    public CylinderCalibration? Cylinder { get; init; }
    /// <summary>Activity in the volume at the scan start, MBq, with a total-count factor, else null.</summary>
    public double? ActivityInVolumeMBq { get; init; }
    public double LoadSeconds { get; init; }
    public double ReconstructSeconds { get; init; }
}

/// <summary>Calibration factors measured on a uniform cylinder: concentration (VOI inside the wall) and total counts.</summary>
public sealed record CylinderCalibration(CalibrationFactor Concentration, CalibrationFactor TotalCounts, double VoiMarginMm);
