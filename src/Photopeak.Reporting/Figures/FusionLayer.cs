namespace Photopeak.Reporting.Figures;

/// <summary>
/// A functional image laid over a panel's anatomical one (SPECT over CT): <see cref="WindowLower"/>..<see cref="WindowUpper"/>
/// maps it to a hot colour scale (black, red, yellow, white), blended at <see cref="Opacity"/> where it reaches
/// <see cref="ThresholdFraction"/> of the window and transparent below, so the anatomy shows where there is no uptake.
/// Same size as the panel's image.
/// </summary>
public sealed record FusionLayer(GrayImage Image, double WindowLower, double WindowUpper)
{
    /// <summary>Weight of the colour where shown, 0–1.</summary>
    public double Opacity { get; init; } = 0.5;

    /// <summary>Part of the window below which the layer is transparent, 0–1.</summary>
    public double ThresholdFraction { get; init; } = 0.1;

    /// <summary>The hot scale at t in [0, 1]: red rises over the first third, green over the second, blue over the last.</summary>
    public static (byte R, byte G, byte B) Hot(float t)
    {
        static byte Ramp(float v) => (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);
        return (Ramp(3 * t), Ramp(3 * t - 1), Ramp(3 * t - 2));
    }
}
