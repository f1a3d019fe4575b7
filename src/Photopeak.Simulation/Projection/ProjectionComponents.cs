namespace Photopeak.Simulation.Projection;

/// <summary>Expected count rates (counts/s per pixel) in the photopeak window for one view, split by origin:
/// unscattered primaries, object scatter, and high-energy (septal penetration / downscatter) contamination.</summary>
public sealed record ProjectionComponents(int Rows, int Columns, float[] Primary, float[] Scatter, float[] HighEnergy)
{
    /// <summary>Σ components weighted by the fractions a window receives relative to the photopeak window.</summary>
    public float[] Window(double primary, double scatter, double highEnergy)
    {
        var result = new float[Primary.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = (float)(Primary[i] * primary + Scatter[i] * scatter + HighEnergy[i] * highEnergy);
        return result;
    }

    public float[] PhotopeakTotal => Window(1, 1, 1);
}
