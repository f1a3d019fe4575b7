using System.Numerics;

namespace Photopeak.Simulation.Projection;

/// <summary>One detector position. AngleDeg is the DICOM Start Angle (PS3.3 C.8.4.12, Table C.8-12): "Zero degrees is
/// referenced to the origin at the patient's back. Viewing from the patient's feet, angle increases in a counter-clockwise
/// direction (detector normal rotating from the patient's back towards the patient's left side)": POST 0, LPO 45 at 45,
/// left lateral 90, LAO 45 at 135, ANT 180, RAO 45 at 225, right lateral 270, RPO 45 at 315. RadiusMm: isocentre to
/// collimator face. In patient coordinates (LPS) the normal is n = (sin φ, cos φ, 0) and detector columns run along
/// e_u = (−cos φ, sin φ, 0), a rigid rotation of the anterior view whose columns run towards the patient's left (POST:
/// towards the right); rows run from head to feet. See docs/tomo-geometry.md.</summary>
public sealed record ViewGeometry(double AngleDeg, double RadiusMm, Vector3 IsoCentreMm, int Columns, int Rows, double PixelMm)
{
    /// <summary>Unit vector from the isocentre towards the detector.</summary>
    public Vector3 Normal
    {
        get { var t = AngleDeg * Math.PI / 180; return new Vector3((float)Math.Sin(t), (float)Math.Cos(t), 0); }
    }

    /// <summary>Direction of increasing column index in patient coordinates.</summary>
    public Vector3 ColumnDirection
    {
        get { var t = AngleDeg * Math.PI / 180; return new Vector3((float)-Math.Cos(t), (float)Math.Sin(t), 0); }
    }

    /// <summary>Patient position of the centre of pixel (row, column) on the collimator face.</summary>
    public Vector3 PixelCentre(double row, double column) =>
        IsoCentreMm + (float)RadiusMm * Normal + (float)((column - (Columns - 1) / 2.0) * PixelMm) * ColumnDirection
        - (float)((row - (Rows - 1) / 2.0) * PixelMm) * Vector3.UnitZ;
}
