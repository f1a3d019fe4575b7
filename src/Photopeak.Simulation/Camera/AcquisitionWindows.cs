using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Simulation.Camera;

/// <summary>The energy windows the simulated camera acquires, as the Imaging model reads them back.</summary>
public static class AcquisitionWindows
{
    /// <summary>The standard windows for a photopeak: ±10% photopeak and 7% lower and upper TEW windows adjacent to it
    /// (Ogawa 1991; Ichihara 1993), so that TEW and DEW (using the lower window) can be applied; numbered 1-3 as the
    /// Energy Window Vector counts them.</summary>
    public static IReadOnlyList<EnergyWindow> TripleWindow(double peakKeV) =>
    [
        new(1, "PHOTOPEAK", peakKeV * 0.90, peakKeV * 1.10),
        new(2, "LOWER SCATTER", peakKeV * 0.83, peakKeV * 0.90),
        new(3, "UPPER SCATTER", peakKeV * 1.10, peakKeV * 1.17),
    ];
}
