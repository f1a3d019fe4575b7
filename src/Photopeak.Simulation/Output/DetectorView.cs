using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;

namespace Photopeak.Simulation.Output;

/// <summary>A detector's view for the DICOM Detector Information Sequence: its geometry and View Code (CID 26).</summary>
public sealed record DetectorView(string Label, ViewGeometry Geometry)
{
    /// <summary>The view code for a projection angle (0 ANT, 45 LAO, 90 left lateral, 180 POST, ...), SNOMED-RT codes of
    /// DICOM CID 26 "Nuclear Medicine Projection".</summary>
    public CodedConcept ViewCode => CodeFor(Geometry.AngleDeg);

    public static CodedConcept CodeFor(double angleDeg)
    {
        var a = ((angleDeg % 360) + 360) % 360;
        return Math.Round(a) switch
        {
            0 or 360 => new("R-10206", "SRT", "antero-posterior"),
            180 => new("R-10214", "SRT", "postero-anterior"),
            90 => new("R-10236", "SRT", "left lateral"),
            270 => new("R-10232", "SRT", "right lateral"),
            > 0 and < 90 => new("R-10220", "SRT", "left anterior oblique"),
            > 90 and < 180 => new("R-10212", "SRT", "left posterior oblique"),
            > 180 and < 270 => new("R-10210", "SRT", "right posterior oblique"),
            // R-40985: PS3.16 CID 26 replaced the earlier, wrong R-10218 (SNOMED: iris transillumination) for RAO.
            _ => new("R-40985", "SRT", "right anterior oblique"),
        };
    }

    /// <summary>Conventional label for an angle: ANT, LAO45, LLAT, LPO45, POST, RPO45, RLAT, RAO45.</summary>
    public static string LabelFor(double angleDeg)
    {
        var a = (int)Math.Round(((angleDeg % 360) + 360) % 360);
        return a switch
        {
            0 or 360 => "ANT", 90 => "LLAT", 180 => "POST", 270 => "RLAT",
            < 90 => $"LAO{a}", < 180 => $"LPO{180 - a}", < 270 => $"RPO{a - 180}", _ => $"RAO{360 - a}",
        };
    }
}
