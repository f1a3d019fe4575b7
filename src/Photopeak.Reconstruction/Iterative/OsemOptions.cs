using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Iterative;

/// <summary>OSEM settings and the physics modelled in its system matrix. Iterations × Subsets = number of updates.</summary>
public sealed record OsemOptions
{
    public int Iterations { get; init; } = 4;
    /// <summary>Number of ordered subsets; 1 gives MLEM. Must divide into the number of views (each subset non-empty).</summary>
    public int Subsets { get; init; } = 8;
    /// <summary>μ-map at the emission energy, 1/mm, on the reconstruction grid (see <see cref="AttenuationMaps"/>); null = no attenuation correction.</summary>
    public Volume3D? MuMapPerMm { get; init; }
    /// <summary>Collimator-detector response to model (resolution recovery); null = none.</summary>
    public CollimatorResponse? Collimator { get; init; }
    /// <summary>Additive scatter estimate s_i in counts, same shape as the projections (see <see cref="Scatter.ScatterEstimate"/>).</summary>
    public ProjectionSet? AdditiveScatter { get; init; }
    /// <summary>Gaussian post-filter FWHM, mm; null or 0 = none.</summary>
    public double? PostFilterFwhmMm { get; init; }
    /// <summary>Reconstruct only inside the cylinder inscribed in the transaxial field of view.</summary>
    public bool CircularFieldOfView { get; init; } = true;
    /// <summary>Worker threads; 0 = processor count.</summary>
    public int MaxThreads { get; init; }
}
