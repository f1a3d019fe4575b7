namespace Photopeak.Reconstruction.Projection;

/// <summary>Buffers one worker thread reuses for every view it projects: allocated once per projector, never in the loops.</summary>
internal sealed class ProjectorWorkspace(int bins, int slices, bool attenuation)
{
    /// <summary>Attenuation factors of the current view, [depth][bin][z].</summary>
    public readonly float[] Attenuation = attenuation ? new float[bins * bins * slices] : [];
    /// <summary>Running μ·path sum along depth, [bin][z].</summary>
    public readonly float[] PathSum = new float[bins * slices];
    /// <summary>Detector-plane accumulator, [bin][z].</summary>
    public readonly float[] Plane = new float[bins * slices];
    public readonly float[] Scratch = new float[bins * slices];
    /// <summary>Expected counts (then the measured/expected ratio) of the current view, [bin][z], for OSEM.</summary>
    public readonly float[] Expected = new float[bins * slices];
    /// <summary>This worker's share of a backprojection, [y][x][z]; created on first use.</summary>
    public float[]? BackProjection;
    public bool BackProjectionUsed;
}
