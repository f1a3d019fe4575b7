namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>When a planar perfusion image was taken relative to stress and injections (CLINICAL §3).</summary>
public enum PerfusionState { Stress, Rest, Redistribution, Reinjection }

/// <summary>The three planar MPI views: anterior, LAO ~45° (best septal separation) and left lateral or LAO ~70°.</summary>
public enum MpiView { Anterior, Lao45, LeftLateral }

/// <summary>A wall of one planar view: its name and the range of profile angles it covers (degrees, counter-clockwise from
/// the image right, rows upwards).</summary>
public sealed record MpiWall(MpiView View, string Name, double FromDegrees, double ToDegrees)
{
    /// <summary>True when <paramref name="degrees"/> lies in [From, To) on the circle.</summary>
    public bool Covers(double degrees)
    {
        var d = ((degrees - FromDegrees) % 360 + 360) % 360;
        var span = ((ToDegrees - FromDegrees) % 360 + 360) % 360;
        return d < span;
    }

    /// <summary>Walls of each view as displayed by convention (patient's left on the image right in ANT and LAO, anterior
    /// on the image left in the left lateral), with the open base (valve plane) left out [?: planar wall naming after
    /// the Cedars planar segmentation; sectors of 90°].</summary>
    public static IReadOnlyList<MpiWall> All { get; } =
    [
        new(MpiView.Anterior, "anterolateral", 0, 90), new(MpiView.Anterior, "apical", 270, 360), new(MpiView.Anterior, "inferior", 180, 270),
        new(MpiView.Lao45, "septal", 135, 225), new(MpiView.Lao45, "inferoapical", 225, 315), new(MpiView.Lao45, "posterolateral", 315, 45),
        new(MpiView.LeftLateral, "anterior", 90, 180), new(MpiView.LeftLateral, "apical", 180, 270), new(MpiView.LeftLateral, "inferior", 270, 360),
    ];
}
