using Photopeak.Reconstruction.Acquisition;

namespace Photopeak.Reconstruction.Quantification;

/// <summary>The time base of a reconstructed SPECT volume: its voxel values are counts per view (the projections'
/// unit), so a count rate is a value divided by the view duration; decay during the whole rotation is referred to the
/// scan start with the frame-average factor [CLINICAL 1.2][Ljungberg2016].</summary>
/// <param name="ViewDurationS">Actual Frame Duration (0018,1242) of one view, s.</param>
/// <param name="AcquisitionDurationS">Scan time from the first view's start to the last view's end, s (the detectors
/// acquire at the same time, so views per detector × view duration).</param>
/// <param name="HalfLifeHours">Half-life of the radionuclide, h.</param>
public sealed record AcquisitionTiming(double ViewDurationS, double AcquisitionDurationS, double HalfLifeHours)
{
    /// <summary>Timing of a TOMO acquisition: its view duration and views per detector (step-and-shoot, no time
    /// between steps); throws naming Actual Frame Duration when it was not recorded.</summary>
    public static AcquisitionTiming Of(TomoProjections tomo, double halfLifeHours)
    {
        if (!(tomo.ViewDurationMs > 0))
            throw new ArgumentException("Actual Frame Duration (0018,1242) of the views is missing: counts cannot be turned into count rates");
        double view = tomo.ViewDurationMs / 1000;
        return new AcquisitionTiming(view, view * tomo.Photopeak.Geometry.ViewsPerDetector, halfLifeHours).Validate();
    }

    /// <summary>λT / (1 − e^(−λT)) with λ = ln2/T½: × the mean count rate over the scan → the rate the activity at the
    /// scan start would give [CLINICAL 1.2]. 1 for a stable source.</summary>
    public double FrameAverageFactor
    {
        get
        {
            double x = Math.Log(2) / (HalfLifeHours * 3600) * AcquisitionDurationS;
            return x < 1e-9 ? 1 + x / 2 : x / (1 - Math.Exp(-x));
        }
    }

    /// <summary>Count rate (cps) at the scan start of a voxel value (counts per view): value / view duration × frame-average factor.</summary>
    public double DecayCorrectedCountsPerSecond(double countsPerView) => countsPerView / ViewDurationS * FrameAverageFactor;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first non-physical value.</summary>
    public AcquisitionTiming Validate()
    {
        if (!(ViewDurationS > 0)) throw new ArgumentException($"view duration must be positive, got {ViewDurationS} s");
        if (!(AcquisitionDurationS >= ViewDurationS)) throw new ArgumentException($"acquisition duration {AcquisitionDurationS} s is shorter than one view ({ViewDurationS} s)");
        if (!(HalfLifeHours > 0)) throw new ArgumentException($"half-life must be positive, got {HalfLifeHours} h");
        return this;
    }
}
