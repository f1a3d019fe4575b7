namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// Sense of detector rotation about the patient, as DICOM Rotation Direction (0018,1140) defines it: seen from the patient's
/// feet. PS3.3 C.8.4.12 (NM TOMO Acquisition Module, Table C.8-12): "CW = clockwise (decreasing angle), CC = counter-clockwise
/// (increasing angle)", the angle being Start Angle (0054,0200), for which "Zero degrees is referenced to the origin at the
/// patient's back. Viewing from the patient's feet, angle increases in a counter-clockwise direction (detector normal rotating
/// from the patient's back towards the patient's left side)". The one rotation type of Imaging, Reconstruction and Simulation;
/// see docs/tomo-geometry.md.
/// </summary>
public enum RotationDirection
{
    /// <summary>Absent or neither CW nor CC.</summary>
    Unknown,
    /// <summary>DICOM "CW": clockwise seen from the patient's feet; Start Angle decreases (back → right → front → left).</summary>
    ClockwiseSeenFromFeet,
    /// <summary>DICOM "CC": counter-clockwise seen from the patient's feet; Start Angle increases (back → left → front → right).</summary>
    CounterClockwiseSeenFromFeet,
}

/// <summary>DICOM code strings of <see cref="RotationDirection"/> (PS3.3 C.8.4.12, Rotation Direction (0018,1140)).</summary>
public static class RotationDirections
{
    /// <summary>"CW" or "CC" to the sense; anything else (absent, misspelt) to <see cref="RotationDirection.Unknown"/>.</summary>
    public static RotationDirection FromDicom(string? code) => code?.Trim() switch
    {
        "CW" => RotationDirection.ClockwiseSeenFromFeet,
        "CC" => RotationDirection.CounterClockwiseSeenFromFeet,
        _ => RotationDirection.Unknown,
    };

    /// <summary>The enumerated value to write; <see cref="RotationDirection.Unknown"/> has none.</summary>
    public static string ToDicom(this RotationDirection direction) => direction switch
    {
        RotationDirection.ClockwiseSeenFromFeet => "CW",
        RotationDirection.CounterClockwiseSeenFromFeet => "CC",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "an unknown rotation direction has no DICOM value"),
    };

    /// <summary>+1 when the Start Angle increases with the rotation (CC), −1 when it decreases (CW).</summary>
    public static int AngleSign(this RotationDirection direction) => direction switch
    {
        RotationDirection.CounterClockwiseSeenFromFeet => 1,
        RotationDirection.ClockwiseSeenFromFeet => -1,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "the sense of an unknown rotation direction is not known"),
    };
}
