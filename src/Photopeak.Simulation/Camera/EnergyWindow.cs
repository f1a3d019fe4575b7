namespace Photopeak.Simulation.Camera;

/// <summary>An energy acquisition window in keV.</summary>
public sealed record EnergyWindow(string Name, double LowerKeV, double UpperKeV)
{
    public double WidthKeV => UpperKeV - LowerKeV;

    /// <summary>The standard windows for a photopeak: ±10% photopeak and 7% lower and upper TEW windows adjacent to it
    /// (Ogawa 1991; Ichihara 1993), so that TEW and DEW (using the lower window) can be applied.</summary>
    public static IReadOnlyList<EnergyWindow> TripleWindow(double peakKeV) =>
    [
        new("PHOTOPEAK", peakKeV * 0.90, peakKeV * 1.10),
        new("LOWER SCATTER", peakKeV * 0.83, peakKeV * 0.90),
        new("UPPER SCATTER", peakKeV * 1.10, peakKeV * 1.17),
    ];
}
