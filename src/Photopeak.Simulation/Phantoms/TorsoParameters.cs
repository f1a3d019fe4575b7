namespace Photopeak.Simulation.Phantoms;

/// <summary>Parameters of the adult torso phantom (analytic shapes; see TorsoPhantom for the geometry). WholeBody adds a head
/// with a brain, legs and a stomach on a taller grid (<see cref="VoxelGrid.WholeBody"/>), for whole-body scans; Breasts makes the
/// patient a woman (on a grid deep enough to hold them).</summary>
public sealed record TorsoParameters(
    double VoxelMm = 4,
    HeartModel? Heart = null,
    IReadOnlyList<LungDefect>? LungDefects = null,
    IReadOnlyList<SphericalLesion>? Lesions = null,
    int SubSamples = 3,
    bool WholeBody = false,
    Breasts? Breasts = null)
{
    public HeartModel HeartOrDefault => Heart ?? new HeartModel();
}
