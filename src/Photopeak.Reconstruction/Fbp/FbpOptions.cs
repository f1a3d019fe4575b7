namespace Photopeak.Reconstruction.Fbp;

/// <summary>FBP settings: window, cut-off and optional first-order Chang attenuation correction.</summary>
public sealed record FbpOptions
{
    public FbpWindow Window { get; init; } = FbpWindow.Ramp;
    /// <summary>Window cut-off νc, cycles/cm; null = Nyquist (5 / pixel size in mm).</summary>
    public double? CutoffCyclesPerCm { get; init; }
    /// <summary>Butterworth order n (power 2n in the window).</summary>
    public int ButterworthOrder { get; init; } = 5;
    /// <summary>First-order Chang attenuation correction; null = none.</summary>
    public ChangOptions? Chang { get; init; }
    /// <summary>Worker threads; 0 = processor count.</summary>
    public int MaxThreads { get; init; }
}

/// <summary>Chang correction [Chang1978]: uniform μ inside a body contour, given as a 0/1 mask or found from the projections.</summary>
public sealed record ChangOptions
{
    /// <summary>Uniform linear attenuation coefficient, 1/mm (broad-beam 0.012 /mm for Tc-99m without scatter correction).</summary>
    public double MuPerMm { get; init; } = AttenuationMaps.BroadBeamWaterAt140KeVPerMm;
    /// <summary>Body contour as a 0/1 mask on the reconstruction grid; null = found from the projections.</summary>
    public Volume3D? BodyMask { get; init; }
    /// <summary>Fraction of each view's maximum that marks the body edge when the contour is found from the data.</summary>
    public double ContourThresholdFraction { get; init; } = 0.08;
    /// <summary>Number of directions M averaged over 360°.</summary>
    public int Directions { get; init; } = 64;
}
