namespace Photopeak.Reconstruction.Service;

/// <summary>Reconstruction algorithm.</summary>
public enum ReconstructionMethod { Osem, Fbp }

/// <summary>Attenuation correction: none, uniform water in the body contour [Chang1978], a μ-map given as an Interfile volume,
/// or a CT of the same frame of reference converted at the photon energy (<see cref="CtAttenuationMap"/>).</summary>
public enum AttenuationCorrection { None, Chang, MuMap, Ct }

/// <summary>Scatter correction from the scatter windows: none, triple [Ogawa1991] or dual energy window [Jaszczak1984].</summary>
public enum ScatterCorrection { None, Tew, Dew }

/// <summary>
/// How to reconstruct one TOMO acquisition and, optionally, calibrate it: the same record serves <c>photopeak recon</c> and
/// the procedures that reconstruct (tumour SPECT), so a volume made either way is made the same way.
/// </summary>
public sealed record ReconstructionSettings
{
    public ReconstructionMethod Method { get; init; } = ReconstructionMethod.Osem;
    public int Iterations { get; init; } = 4;
    /// <summary>OSEM subsets; must divide the number of views.</summary>
    public int Subsets { get; init; } = 8;
    public AttenuationCorrection Attenuation { get; init; }
    /// <summary>Interfile header (.hv) of the μ-map, 1/mm, on the reconstruction grid; used with <see cref="AttenuationCorrection.MuMap"/>.</summary>
    public string? MuMapPath { get; init; }
    /// <summary>CT numbers (HU; x left, y posterior, slice 0 superior) and their centre in patient mm, for <see cref="AttenuationCorrection.Ct"/>.</summary>
    public (Volume3D Hounsfield, (double X, double Y, double Z) CentreMm)? Ct { get; init; }
    /// <summary>Model the distance-dependent collimator response (OSEM only).</summary>
    public bool CollimatorResponse { get; init; }
    /// <summary>Collimator name overriding the header's, from <see cref="Geometry.CollimatorCatalogue"/>.</summary>
    public string? Collimator { get; init; }
    public ScatterCorrection Scatter { get; init; }
    /// <summary>Gaussian FWHM, mm, smoothing each view of the scatter estimate (the narrow windows are noisy).</summary>
    public double ScatterSmoothingMm { get; init; } = 16;
    public Fbp.FbpWindow FbpWindow { get; init; } = Fbp.FbpWindow.Butterworth;
    /// <summary>FBP window cut-off, cycles/cm; null = Nyquist (Butterworth 0.5).</summary>
    public double? CutoffCyclesPerCm { get; init; }
    public int ButterworthOrder { get; init; } = 5;
    /// <summary>Gaussian post-filter FWHM, mm; null or 0 = none.</summary>
    public double? PostFilterMm { get; init; }
    /// <summary>Concentration calibration factor, cps/MBq: voxels become Bq/ml at the scan start.</summary>
    public double? CfCpsPerMBq { get; init; }
    /// <summary>Total-count calibration factor, cps/MBq: the activity in the volume is reported.</summary>
    public double? CfTotalCpsPerMBq { get; init; }
    /// <summary>The acquisition is a uniform cylinder holding this many MBq at the scan start: measure the calibration factors.</summary>
    public double? CylinderMBq { get; init; }
    public double CylinderDiameterMm { get; init; } = 216;
    public double CylinderLengthMm { get; init; } = 186;

    /// <summary>Short name of the correction set, e.g. "OSEM 4i8s AC PSF TEW, Gauss 8 mm" (series description, report).</summary>
    public string Describe(string methodLabel) => methodLabel + (Attenuation != AttenuationCorrection.None ? " AC" : "") + (CollimatorResponse ? " PSF" : "")
        + (Scatter != ScatterCorrection.None ? " " + Scatter.ToString().ToUpperInvariant() : "")
        + (PostFilterMm is > 0 ? FormattableString.Invariant($", Gauss {PostFilterMm:0.#} mm") : "");
}
