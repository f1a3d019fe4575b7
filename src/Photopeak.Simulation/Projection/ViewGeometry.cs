using System.Numerics;

namespace Photopeak.Simulation.Projection;

/// <summary>One detector position. AngleDeg: 0 = anterior, +90 = patient left lateral, 180 = posterior, 270 = right
/// lateral (so LAO 45 = 45, RAO 45 = 315, LPO = 135, RPO = 225). RadiusMm: isocentre to collimator face.
/// Detector columns run along e_u = (cos θ, sin θ, 0) (ANT: towards patient left), rows from head to feet.</summary>
public sealed record ViewGeometry(double AngleDeg, double RadiusMm, Vector3 IsoCentreMm, int Columns, int Rows, double PixelMm)
{
    /// <summary>Unit vector from the isocentre towards the detector.</summary>
    public Vector3 Normal
    {
        get { var t = AngleDeg * Math.PI / 180; return new Vector3((float)Math.Sin(t), (float)-Math.Cos(t), 0); }
    }

    /// <summary>Direction of increasing column index in patient coordinates.</summary>
    public Vector3 ColumnDirection
    {
        get { var t = AngleDeg * Math.PI / 180; return new Vector3((float)Math.Cos(t), (float)Math.Sin(t), 0); }
    }

    /// <summary>Patient position of the centre of pixel (row, column) on the collimator face.</summary>
    public Vector3 PixelCentre(double row, double column) =>
        IsoCentreMm + (float)RadiusMm * Normal + (float)((column - (Columns - 1) / 2.0) * PixelMm) * ColumnDirection
        - (float)((row - (Rows - 1) / 2.0) * PixelMm) * Vector3.UnitZ;
}
