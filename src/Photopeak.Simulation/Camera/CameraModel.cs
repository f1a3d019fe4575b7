using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Simulation.Camera;

/// <summary>A gamma camera: intrinsic resolution, energy resolution, collimator, energy windows and the detector matrix.</summary>
/// <param name="IntrinsicFwhmMm">Intrinsic spatial resolution at 140 keV (Symbia 9.5 mm crystal UFOV 3.8 mm; datasheet [?]).</param>
/// <param name="EnergyResolutionAt140">Energy resolution FWHM/E at 140 keV (Symbia ≤ 9.9%, typical 9.5% [?]).</param>
public sealed record CameraModel(
    Collimator Collimator,
    IReadOnlyList<EnergyWindow> Windows,
    double IntrinsicFwhmMm = 3.8,
    double EnergyResolutionAt140 = 0.095,
    string Manufacturer = "Photopeak Simulation",
    string ModelName = "Virtual dual-head camera")
{
    /// <summary>System FWHM(d) = sqrt(Ri² + Rg(d)²) in mm (Cherry, Sorenson, Phelps 2012, eq. 14-9).</summary>
    public double SystemFwhmMm(double distanceMm)
    {
        var rg = Collimator.GeometricFwhmMm(distanceMm);
        return Math.Sqrt(IntrinsicFwhmMm * IntrinsicFwhmMm + rg * rg);
    }

    /// <summary>Energy resolution (FWHM/E) at E, scaling as 1/sqrt(E) (photo-electron statistics).</summary>
    public double EnergyResolutionAt(double keV) => EnergyResolutionAt140 * Math.Sqrt(140.0 / keV);
}
