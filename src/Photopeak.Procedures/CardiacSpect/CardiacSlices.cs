using System.Numerics;

namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// The standard cardiac display planes resampled from a transaxial volume along an LV axis: short axis (anterior up,
/// septum on the viewer's left), vertical long axis (anterior up, apex right) and horizontal long axis (apex up, septum
/// left) [Cerqueira2002], each a square image centred on the middle of the cavity.
/// </summary>
internal static class CardiacSlices
{
    /// <summary>Short-axis slice at <paramref name="alongFraction"/> of the cavity length from the base.</summary>
    public static float[] ShortAxis(PatientVolume v, LeftVentricleAxis a, double alongFraction, int size, double pixelMm) =>
        Slice(v, a.PointMm(alongFraction * a.LengthMm, 0, 0), -a.SeptalAxis, -a.AnteriorAxis, size, pixelMm);

    /// <summary>Vertical long-axis slice through the axis.</summary>
    public static float[] VerticalLongAxis(PatientVolume v, LeftVentricleAxis a, int size, double pixelMm) =>
        Slice(v, a.PointMm(0.5 * a.LengthMm, 0, 0), a.LongAxis, -a.AnteriorAxis, size, pixelMm);

    /// <summary>Horizontal long-axis slice through the axis.</summary>
    public static float[] HorizontalLongAxis(PatientVolume v, LeftVentricleAxis a, int size, double pixelMm) =>
        Slice(v, a.PointMm(0.5 * a.LengthMm, 0, 0), -a.SeptalAxis, -a.LongAxis, size, pixelMm);

    // Row-major image: column c lies along +right, row r along +down, pixel centres symmetric about the centre.
    private static float[] Slice(PatientVolume v, Vector3 centre, Vector3 right, Vector3 down, int size, double pixelMm)
    {
        var image = new float[size * size];
        double half = (size - 1) / 2.0;
        for (int r = 0; r < size; r++)
            for (int c = 0; c < size; c++)
                image[r * size + c] = v.Sample(centre + right * (float)((c - half) * pixelMm) + down * (float)((r - half) * pixelMm));
        return image;
    }
}
