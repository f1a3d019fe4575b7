using Photopeak.Simulation.Output;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>A simulated study: its series (ready for <see cref="NmDicomWriter"/>) and the ground truth.
/// ExpectedImages holds the noiseless photopeak image of each planar series' first frame set (per file name).</summary>
public sealed record SimulationResult(StudyInfo Study, IReadOnlyList<NmSeries> Series, SimulationTruth Truth,
    IReadOnlyDictionary<string, float[][]> ExpectedFrames)
{
    /// <summary>The CT of a SPECT/CT acquisition (written under ct/), or null.</summary>
    public CtSeries? Ct { get; init; }
}
