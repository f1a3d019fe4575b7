using Photopeak.Imaging.Acquisitions;
using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Camera;

/// <summary>How counts of each origin spread over the energy windows, relative to the photopeak window (windows[0]):
/// primaries follow the Gaussian energy response; object scatter has a density falling linearly to zero just above
/// the photopeak (E0 + 2σ, inside the photopeak window); high-energy downscatter is flat across 120–200 keV
/// (Dobbeleir 1999 spectra). TEW's trapezoid (Ogawa 1991) is exact for the flat part but, with 7 % sub-windows, takes
/// 1.32 (Tc-99m) to 1.36 (I-123) × the in-window object scatter of this linear density (docs/simulation-truth.md).</summary>
public sealed record WindowFractions(double Primary, double Scatter, double HighEnergy);

public static class SpectralModel
{
    public static IReadOnlyList<WindowFractions> For(CameraModel camera, Emitter nuclide) => For(camera, nuclide, camera.Windows[0]);

    /// <summary>Fractions of every window relative to <paramref name="peak"/>, the photopeak window of the line
    /// <paramref name="nuclide"/> stands for (a further line of a multi-line nuclide has its own); a line scatters down into
    /// the windows below it (In-111 245 keV into the 171 keV window) and not into those above.</summary>
    public static IReadOnlyList<WindowFractions> For(CameraModel camera, Emitter nuclide, EnergyWindow peak)
    {
        var e0 = nuclide.PhotonEnergyKeV;
        var sigma = camera.EnergyResolutionAt(e0) * e0 / 2.3548;
        var top = e0 + 2 * sigma;           // scatter density reaches zero here (energy blur of small-angle scatter)
        var bottom = 0.6 * e0;              // below the windows of interest
        double Primary(EnergyWindow w) => Phi((w.UpperKeV - e0) / sigma) - Phi((w.LowerKeV - e0) / sigma);
        double Scatter(EnergyWindow w)
        {
            double F(double e) { e = Math.Clamp(e, bottom, top); return -(top - e) * (top - e) / 2; } // ∫ (top − e) de
            return F(w.UpperKeV) - F(w.LowerKeV);
        }
        return camera.Windows.Select(w => new WindowFractions(
            Primary(w) / Primary(peak), Scatter(w) / Scatter(peak), w.WidthKeV / peak.WidthKeV)).ToArray();
    }

    /// <summary>Fraction of primaries inside the photopeak window (the projector's sensitivity refers to it).</summary>
    public static double PhotopeakPrimaryFraction(CameraModel camera, Emitter nuclide)
    {
        var e0 = nuclide.PhotonEnergyKeV;
        var sigma = camera.EnergyResolutionAt(e0) * e0 / 2.3548;
        var w = camera.Windows[0];
        return Phi((w.UpperKeV - e0) / sigma) - Phi((w.LowerKeV - e0) / sigma);
    }

    private static double Phi(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));

    // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7.
    private static double Erf(double x)
    {
        var sign = Math.Sign(x); x = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * x);
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
