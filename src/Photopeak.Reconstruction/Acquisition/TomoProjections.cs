using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Acquisition;

/// <summary>
/// A TOMO acquisition ready for reconstruction: photopeak projections with their geometry, the scatter-window projections
/// (null when not acquired), the window widths for TEW/DEW, and where the axis of rotation lies in patient coordinates.
/// </summary>
public sealed record TomoProjections
{
    public required ProjectionSet Photopeak { get; init; }
    public ProjectionSet? LowerScatter { get; init; }
    public ProjectionSet? UpperScatter { get; init; }
    public required double PhotopeakWidthKeV { get; init; }
    public double LowerWidthKeV { get; init; }
    public double UpperWidthKeV { get; init; }
    /// <summary>Photopeak window centre, keV (chooses the μ of water for attenuation correction).</summary>
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
