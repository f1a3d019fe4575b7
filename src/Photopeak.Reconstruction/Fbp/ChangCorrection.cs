using Photopeak.Imaging.Acquisitions;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Projection;

namespace Photopeak.Reconstruction.Fbp;

/// <summary>
/// First-order Chang correction map C(x) = 1 / ((1/M) Σ_m exp(−∫ μ along ray m from x to the edge)) [Chang1978],
/// computed with the attenuated rotation projector over M directions spanning 360°.
/// </summary>
public static class ChangCorrection
{
    /// <summary>Correction factors (≥ 1 inside the body, 1 outside) on the grid of <paramref name="geometry"/>.</summary>
    public static Volume3D Map(SpectGeometry geometry, Volume3D bodyMask, double muPerMm, int directions = 64, int maxThreads = 0)
    {
        var g = geometry with
        {
            NumberOfViews = directions, ArcDeg = 360, StartAngleDeg = 0, Detectors = 1, RadialPositionsMm = null,
            CenterOfRotationOffsetMm = 0, Direction = RotationDirection.CounterClockwiseSeenFromFeet, DetectorStartAnglesDeg = null,
        };
        var mu = AttenuationMaps.Uniform(bodyMask, muPerMm);
        var ones = new ProjectionSet(g);
        Array.Fill(ones.Counts, 1f);
        var attenuated = new RotationProjector(g, mu, maxThreads: maxThreads).Back(ones);
        var plain = new RotationProjector(g, maxThreads: maxThreads).Back(ones);
        var map = attenuated with { Voxels = new float[attenuated.Voxels.Length] };
        for (int i = 0; i < map.Voxels.Length; i++)
            map.Voxels[i] = bodyMask.Voxels[i] != 0 && attenuated.Voxels[i] > 0 ? plain.Voxels[i] / attenuated.Voxels[i] : 1f;
        return map;
    }
}
