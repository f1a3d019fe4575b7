using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Acquisition;

/// <summary>
/// A TOMO acquisition ready for reconstruction: photopeak projections with their geometry (the sum of every line's photopeak
/// window for a multi-line nuclide such as In-111), each photopeak window with its scatter windows for TEW/DEW, and where the
/// axis of rotation lies in patient coordinates.
/// </summary>
public sealed record TomoProjections
{
    /// <summary>The counts reconstructed: the photopeak window, or the sum of the photopeak windows of every line acquired.</summary>
    public required ProjectionSet Photopeak { get; init; }
    /// <summary>The photopeak windows summed into <see cref="Photopeak"/> (one for a single-line nuclide), main line first.</summary>
    public required IReadOnlyList<PhotopeakWindow> Peaks { get; init; }
    /// <summary>Energy whose μ attenuation correction uses, keV: the photopeak window's centre, or for several lines the energy
    /// whose water μ is the count-weighted mean of the lines' (narrow-beam, NIST XCOM as <c>CtAttenuationMap</c>).</summary>
    public required double PhotopeakCentreKeV { get; init; }
    /// <summary>Patient (LPS) position of the reconstructed volume's centre, mm: the axis of rotation at the middle projection row.</summary>
    public required (double X, double Y, double Z) VolumeCentreMm { get; init; }
    /// <summary>Collimator/Grid Name (0018,1180) of the first detector, or null.</summary>
    public string? CollimatorName { get; init; }
    /// <summary>Frame duration of one view, ms (0 when not recorded).</summary>
    public double ViewDurationMs { get; init; }
    /// <summary>Non-fatal findings (assumptions made), for the user.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>One photopeak window's projections with the adjacent scatter windows (null when not acquired) and the widths TEW
/// and DEW need.</summary>
public sealed record PhotopeakWindow(int Number, double CentreKeV, double WidthKeV, ProjectionSet Counts)
{
    public ProjectionSet? LowerScatter { get; init; }
    public ProjectionSet? UpperScatter { get; init; }
    public double LowerWidthKeV { get; init; }
    public double UpperWidthKeV { get; init; }
}
