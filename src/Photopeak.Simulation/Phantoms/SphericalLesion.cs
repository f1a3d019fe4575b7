using System.Numerics;

namespace Photopeak.Simulation.Phantoms;

/// <summary>A spherical lesion: centre in patient mm (LPS), radius, and concentration relative to soft-tissue background.</summary>
public sealed record SphericalLesion(Vector3 CentreMm, double RadiusMm, double ContrastToBackground)
{
    public double VolumeMl => 4.0 / 3.0 * Math.PI * RadiusMm * RadiusMm * RadiusMm / 1000;
}
