using System.Numerics;

namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// Samples the LV wall along an axis by the maximum count along rays from the axis (circumferential count profiles,
/// as in planar quantification [Garcia1981]; the usual hybrid of cylindrical sampling for the walls and spherical sampling for the apex).
/// A ray searches out to the slice's median wall radius plus 6 mm, so that hot neighbours (liver, lung) are not taken
/// for the wall. Ring i is assigned to the basal, mid or apical third by its index.
/// </summary>
internal static class PolarMapSampler
{
    public const int Rings = 15;        // 5 per third: basal, mid, apical
    public const int Sectors = 60;      // every 6°
    private const double ApexTiltDeg = 35;
    // Apex rays start 10 mm inside the endocardial apex and stop one wall (10 mm) plus 5 mm beyond it.
    private const double ApexReachMm = 25;
    // The base is placed where the rings fade to half the wall level, so the first rings start this far inside it.
    private const double BaseMarginMm = 6;
    // Rays stop this far beyond the median wall radius of their slice: less than a wall thickness, so that the liver under
    // the inferior wall or lung is never taken for a faint wall.
    private const double ReachBeyondWallMm = 6;

    public static PolarMap Sample(PatientVolume volume, LeftVentricleAxis axis)
    {
        var samples = new float[Rings * Sectors];
        var radii = new double[Sectors];
        var maxima = new float[Sectors];
        // The short-axis frame is the same on every ring: one direction per sector, between the sector borders.
        var directions = new Vector3[Sectors];
        Vector3 anterior = axis.AnteriorAxis, septal = axis.SeptalAxis;
        for (int k = 0; k < Sectors; k++)
        {
            double a = (k + 0.5) * 2 * Math.PI / Sectors;
            directions[k] = anterior * (float)Math.Cos(a) + septal * (float)Math.Sin(a);
        }
        double length = axis.LengthMm;
        for (int ring = 0; ring < Rings; ring++)
        {
            double s = BaseMarginMm + (ring + 0.5) / Rings * (length - BaseMarginMm);
            var centre = axis.PointMm(s, 0, 0);
            for (int k = 0; k < Sectors; k++) (radii[k], maxima[k]) = volume.RayMaximum(centre, directions[k], 0, 50);
            var reach = Median(radii) + ReachBeyondWallMm;
            // The same steps from the centre: a maximum already within reach is the maximum up to reach; only rays whose
            // maximum lies beyond it are searched again.
            for (int k = 0; k < Sectors; k++)
                samples[ring * Sectors + k] = radii[k] <= reach ? maxima[k] : volume.RayMaximum(centre, directions[k], 0, reach).Max;
        }
        // Apex cap: rays from 10 mm inside the endocardial apex, within 35° of the long axis, at azimuths between the sector borders.
        var apexSamples = new List<float>();
        var from = axis.PointMm(length - 10, 0, 0);
        foreach (var tilt in (ReadOnlySpan<double>)[0, ApexTiltDeg / 2, ApexTiltDeg])
            for (int k = 0; k < (tilt == 0 ? 1 : 12); k++)
            {
                var sideways = axis.PointMm(0, 1, (k + 0.5) * 30) - axis.BaseMm;
                var t = tilt * Math.PI / 180;
                var d = Vector3.Normalize(axis.LongAxis * (float)Math.Cos(t) + sideways * (float)Math.Sin(t));
                apexSamples.Add(volume.RayMaximum(from, d, 0, ApexReachMm).Max);
            }

        var sums = new double[AhaSegments.Count]; var counts = new int[AhaSegments.Count];
        for (int ring = 0; ring < Rings; ring++)
            for (int k = 0; k < Sectors; k++)
            {
                var seg = AhaSegments.Of((ring + 0.5) / Rings, (k + 0.5) * 360.0 / Sectors) - 1;
                sums[seg] += samples[ring * Sectors + k]; counts[seg]++;
            }
        foreach (var a in apexSamples) { sums[16] += a; counts[16]++; }
        var means = sums.Select((s, i) => counts[i] > 0 ? s / counts[i] : 0).ToArray();
        return new PolarMap(Rings, Sectors, samples, apexSamples, means);
    }

    private static double Median(double[] values)
    {
        var s = (double[])values.Clone();
        Array.Sort(s);
        return s[s.Length / 2];
    }
}
