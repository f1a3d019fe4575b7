namespace Photopeak.Simulation.Phantoms;

/// <summary>Parameters of the adult torso phantom (analytic shapes; see TorsoPhantom for the geometry).</summary>
public sealed record TorsoParameters(
    double VoxelMm = 4,
    HeartModel? Heart = null,
    IReadOnlyList<LungDefect>? LungDefects = null,
    IReadOnlyList<SphericalLesion>? Lesions = null,
    int SubSamples = 3)
{
    public HeartModel HeartOrDefault => Heart ?? new HeartModel();
}
