using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;

namespace Photopeak.Simulation.Output;

/// <summary>A detector's view for the DICOM Detector Information Sequence: its geometry and View Code (CID 26).</summary>
public sealed record DetectorView(string Label, ViewGeometry Geometry)
{
    /// <summary>The view code for a Start Angle (PS3.3 C.8.4.12: 0 POST, 90 left lateral, 135 LAO 45, 180 ANT, 270 right
    /// lateral), SNOMED-RT codes of DICOM CID 26 "Nuclear Medicine Projection".</summary>
    public CodedConcept ViewCode => CodeFor(Geometry.AngleDeg);

    public static CodedConcept CodeFor(double angleDeg)
    {
        var a = ((angleDeg % 360) + 360) % 360;
        return Math.Round(a) switch
        {
            180 => new("R-10206", "SRT", "antero-posterior"),
            0 or 360 => new("R-10214", "SRT", "postero-anterior"),
            90 => new("R-10236", "SRT", "left lateral"),
            270 => new("R-10232", "SRT", "right lateral"),
            > 90 and < 180 => new("R-10220", "SRT", "left anterior oblique"),
            > 0 and < 90 => new("R-10212", "SRT", "left posterior oblique"),
            > 270 and < 360 => new("R-10210", "SRT", "right posterior oblique"),
            // R-40985: PS3.16 CID 26 replaced the earlier, wrong R-10218 (SNOMED: iris transillumination) for RAO.
            _ => new("R-40985", "SRT", "right anterior oblique"),
        };
    }

    /// <summary>Conventional label for a Start Angle (PS3.3 C.8.4.12): ANT (180), LAO45 (135), LLAT (90), LPO45 (45), POST (0),
    /// RPO45 (315), RLAT (270), RAO45 (225); the number is the obliquity from the anterior or posterior view.</summary>
    public static string LabelFor(double angleDeg)
    {
        var a = (int)Math.Round(((angleDeg % 360) + 360) % 360);
        return a switch
        {
            0 or 360 => "POST", 90 => "LLAT", 180 => "ANT", 270 => "RLAT",
            < 90 => $"LPO{a}", < 180 => $"LAO{180 - a}", < 270 => $"RAO{a - 180}", _ => $"RPO{360 - a}",
        };
    }
}
