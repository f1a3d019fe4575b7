using Photopeak.Reconstruction.Filtering;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Scatter;

/// <summary>
/// Energy-window scatter estimates for the photopeak projections. They enter OSEM as the additive term s_i of the
/// forward model (keeping Poisson statistics), never subtracted from the data.
/// </summary>
public static class ScatterEstimate
{
    /// <summary>
    /// Triple-energy-window estimate per pixel: S = (C_low/W_low + C_up/W_up) · W_peak / 2 [Ogawa1991][Ichihara1993].
    /// Widths in keV; <paramref name="upper"/> may be null (counts taken as 0, usual for Tc-99m).
    /// <paramref name="smoothingFwhmMm"/> optionally smooths each view to tame the noise of the narrow windows.
    /// </summary>
    public static ProjectionSet TripleEnergyWindow(ProjectionSet lower, ProjectionSet? upper,
        double peakWidthKeV, double lowerWidthKeV, double upperWidthKeV, double smoothingFwhmMm = 0)
    {
        if (!(peakWidthKeV > 0) || !(lowerWidthKeV > 0) || (upper is not null && !(upperWidthKeV > 0)))
            throw new ArgumentOutOfRangeException(nameof(peakWidthKeV), "Energy window widths must be positive.");
        Check(lower, upper);
        var estimate = new ProjectionSet(lower.Geometry);
        double lowFactor = peakWidthKeV / (2 * lowerWidthKeV), upFactor = upper is null ? 0 : peakWidthKeV / (2 * upperWidthKeV);
        for (int i = 0; i < estimate.Counts.Length; i++)
            estimate.Counts[i] = (float)(lower.Counts[i] * lowFactor + (upper is null ? 0 : upper.Counts[i] * upFactor));
        return Smooth(estimate, smoothingFwhmMm);
    }

    /// <summary>Dual-energy-window estimate: S = k · C_scatterWindow, k ≈ 0.5 for Tc-99m with a 92–125 keV window [Jaszczak1984].</summary>
    public static ProjectionSet DualEnergyWindow(ProjectionSet scatterWindow, double k = 0.5, double smoothingFwhmMm = 0)
    {
        if (!(k >= 0)) throw new ArgumentOutOfRangeException(nameof(k), k, "The DEW factor k must be non-negative.");
        scatterWindow.Validate();
        var estimate = new ProjectionSet(scatterWindow.Geometry);
        for (int i = 0; i < estimate.Counts.Length; i++) estimate.Counts[i] = (float)(k * scatterWindow.Counts[i]);
        return Smooth(estimate, smoothingFwhmMm);
    }

    private static void Check(ProjectionSet a, ProjectionSet? b)
    {
        a.Validate();
        if (b is not null && b.Counts.Length != a.Counts.Length)
            throw new SpectGeometryException($"Scatter windows differ in size: {a.Counts.Length} and {b.Counts.Length} values.");
    }

    private static ProjectionSet Smooth(ProjectionSet p, double fwhmMm)
    {
        if (!(fwhmMm > 0)) return p;
        var g = p.Geometry;
        // Views stacked as slices with a huge spacing so that only the in-plane directions are smoothed.
        var asVolume = new Volume3D(g.Bins, g.Rows, g.NumberOfViews, g.PixelSpacingMm, g.SliceSpacingMm, 1e9, p.Counts);
        return p with { Counts = GaussianFilter3D.Apply(asVolume, fwhmMm).Voxels };
    }
}
