namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// The planar view a detector faced, inferred from its geometry when View Code Sequence (0054,0220) says nothing: from Image
/// Orientation (Patient) (0020,0037) or Start Angle (0054,0200), both as PS3.3 C.8.4.12 defines the angle: 0° at the patient's
/// back, increasing counter-clockwise seen from the feet towards the patient's left (POST 0, left lateral 90, ANT 180, right
/// lateral 270; LAO 135, RAO 225, LPO 45, RPO 315). A view between two of these is the nearer one within ±22.5°.
/// </summary>
public static class ViewInference
{
    /// <summary>The view at detector angle <paramref name="startAngleDeg"/> (any real number of degrees).</summary>
    public static ViewKind FromAngle(double startAngleDeg)
    {
        var a = startAngleDeg % 360;
        if (a < 0) a += 360;
        // Octants centred on POST 0°, LPO 45°, LEFT LATERAL 90°, LAO 135°, ANT 180°, RAO 225°, RIGHT LATERAL 270°, RPO 315°.
        return ((int)Math.Floor((a + 22.5) / 45) % 8) switch
        {
            0 => ViewKind.Posterior,
            1 => ViewKind.LeftPosteriorOblique,
            2 => ViewKind.LeftLateral,
            3 => ViewKind.LeftAnteriorOblique,
            4 => ViewKind.Anterior,
            5 => ViewKind.RightAnteriorOblique,
            6 => ViewKind.RightLateral,
            _ => ViewKind.RightPosteriorOblique,
        };
    }

    /// <summary>
    /// The view of a planar image whose Image Orientation (Patient) is <paramref name="orientation"/> (row then column direction
    /// cosines, LPS), or null when it is not a planar view of an upright display (columns running from head to feet, rows
    /// in the transverse plane). The row direction of the view at angle φ is (−cos φ, sin φ, 0): ANT (1, 0, 0), POST (−1, 0, 0).
    /// </summary>
    public static ViewKind? FromOrientation(IReadOnlyList<double> orientation)
    {
        if (orientation is not { Count: 6 }) return null;
        double rx = orientation[0], ry = orientation[1], rz = orientation[2];
        double cx = orientation[3], cy = orientation[4], cz = orientation[5];
        var rowNorm = Math.Sqrt(rx * rx + ry * ry + rz * rz);
        var colNorm = Math.Sqrt(cx * cx + cy * cy + cz * cz);
        if (!(rowNorm > 0.9 && rowNorm < 1.1 && colNorm > 0.9 && colNorm < 1.1)) return null;
        // Columns head to feet (−z) and rows transverse, within about 10°: a feet-first or tilted display is not guessed at.
        if (cz / colNorm > -0.985 || Math.Abs(rz / rowNorm) > 0.17) return null;
        var angle = Math.Atan2(ry, -rx) * 180 / Math.PI;
        return FromAngle(angle);
    }
}
