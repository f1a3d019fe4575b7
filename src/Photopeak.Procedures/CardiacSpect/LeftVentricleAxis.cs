using System.Numerics;

namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// The LV long axis in patient coordinates (LPS, mm): from the centre of the valve plane (base) to the endocardial apex
/// (where the cavity ends on the axis). The short-axis orientation follows the usual two-step reorientation
/// (transaxial, then vertical long axis): "anterior" is the patient's superior direction made perpendicular to the long
/// axis, and the septum lies on the patient's right of it [Cerqueira2002].
/// </summary>
public sealed record LeftVentricleAxis(Vector3 BaseMm, Vector3 ApexMm)
{
    /// <summary>Base-to-apex length of the largest ventricles, mm: a longer axis is not a ventricle's.</summary>
    public const double MaximumLengthMm = 150;

    /// <summary>Unit vector base → apex.</summary>
    public Vector3 LongAxis => Vector3.Normalize(ApexMm - BaseMm);

    /// <summary>Cavity length on the axis, base plane to endocardial apex, mm.</summary>
    public double LengthMm => Vector3.Distance(BaseMm, ApexMm);

    /// <summary>Short-axis "up": towards the anterior wall.</summary>
    public Vector3 AnteriorAxis
    {
        get
        {
            var l = LongAxis;
            var up = Vector3.UnitZ - Vector3.Dot(Vector3.UnitZ, l) * l;
            // A long axis along the body axis leaves no superior direction; fall back to patient anterior (−y).
            if (up.Length() < 0.05f) up = -Vector3.UnitY - Vector3.Dot(-Vector3.UnitY, l) * l;
            return Vector3.Normalize(up);
        }
    }

    /// <summary>Short-axis direction towards the septum (the patient's right side of the LV).</summary>
    public Vector3 SeptalAxis
    {
        get
        {
            var s = Vector3.Normalize(Vector3.Cross(LongAxis, AnteriorAxis));
            return s.X <= 0 ? s : -s;
        }
    }

    /// <summary>Position at <paramref name="alongMm"/> from the base on the axis, <paramref name="radiusMm"/> out at
    /// <paramref name="angleDeg"/> (0 anterior, 90 septal, 180 inferior, 270 lateral).</summary>
    public Vector3 PointMm(double alongMm, double radiusMm, double angleDeg)
    {
        var a = angleDeg * Math.PI / 180;
        return BaseMm + LongAxis * (float)alongMm
            + AnteriorAxis * (float)(radiusMm * Math.Cos(a)) + SeptalAxis * (float)(radiusMm * Math.Sin(a));
    }

    /// <summary>"base (x, y, z) to endocardial apex (x, y, z) mm", patient LPS, for messages and method texts.</summary>
    public string Describe() => FormattableString.Invariant(
        $"base ({BaseMm.X:0.0}, {BaseMm.Y:0.0}, {BaseMm.Z:0.0}) to endocardial apex ({ApexMm.X:0.0}, {ApexMm.Y:0.0}, {ApexMm.Z:0.0}) mm");

    /// <summary>Angle between two axes' long axes, degrees.</summary>
    public double AngleToDeg(Vector3 otherDirection) =>
        Math.Acos(Math.Clamp(Vector3.Dot(LongAxis, Vector3.Normalize(otherDirection)), -1f, 1f)) * 180 / Math.PI;
}
