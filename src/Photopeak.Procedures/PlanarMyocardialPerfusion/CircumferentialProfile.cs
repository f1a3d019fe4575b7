using Photopeak.Imaging.Pixels;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>
/// The circumferential count profile of one planar perfusion image (CLINICAL §3; Garcia 1981, Watson 1981): after
/// interpolative background subtraction [Goris1976], the maximum count along each of 60 radii from the LV centre (every 6°,
/// counter-clockwise from the image right), smoothed 1-2-1 round the circle, in % of the profile's maximum. Also the LV centre, each ray's radius of maximum
/// counts and its epicardial radius (where counts fall to half that maximum).
/// </summary>
public sealed record CircumferentialProfile(double CentreRow, double CentreColumn, double[] PercentOfMaximum, double[] RadiusPx, double[] OuterRadiusPx, double PixelMm)
{
    /// <summary>Median outer radius, mm: the LV circle drawn, and the heart size the silhouette of TID and the lung/heart
    /// ratio starts from.</summary>
    public double MedianOuterRadiusMm => OuterRadiusPx.Order().ElementAt(Angles / 2) * PixelMm;

    public const int Angles = 60;
    public const double StepDegrees = 360.0 / Angles;
    private const double BoxHalfMm = 75;

    /// <summary>Direction of ray <paramref name="k"/> as (row, column) steps: rows grow downwards, angles counter-clockwise.</summary>
    public static (double Row, double Col) Ray(int k) => (-Math.Sin(k * StepDegrees * Math.PI / 180), Math.Cos(k * StepDegrees * Math.PI / 180));

    /// <summary>Finds the LV and measures its profile on <paramref name="pixels"/> (rows × columns, pixel size mm).</summary>
    /// <summary>With <paramref name="near"/>, the LV centre is sought near the partner image's (see <see cref="LvCentreFinder"/>);
    /// a <paramref name="fixedCentre"/> (a physician's edit) is used as given.</summary>
    public static CircumferentialProfile Measure(float[] pixels, int rows, int cols, double mm, string source, (double Row, double Col)? near = null,
        (double Row, double Col)? fixedCentre = null)
    {
        var smoothed = BinomialSmoothing.Apply(pixels, rows, cols);
        var (cr, cc) = fixedCentre ?? LvCentreFinder.Find(smoothed, rows, cols, mm, source, near);
        var background = InterpolativeBackground(smoothed, rows, cols, cr, cc, mm);
        double[] profile = [], radius = [];
        for (var pass = 0; pass < 3; pass++)
        {
            (profile, radius) = Rays(background, rows, cols, cr, cc, mm, pass == 0 ? null : radius);
            // Recentre on the mid-wall contour: the ring filter's centre is good to a few mm, the contour's centroid better.
            double sr = 0, sc = 0;
            for (var k = 0; k < Angles; k++) { var (dy, dx) = Ray(k); sr += cr + dy * radius[k]; sc += cc + dx * radius[k]; }
            if (pass < 2 && fixedCentre is null) { cr = sr / Angles; cc = sc / Angles; }
        }
        // Each angle's maximum is the largest of noisy samples; a 1-2-1 circumferential smoothing keeps one lucky angle from
        // setting the 100 % that every other angle is read against (a low-count Tl-201 image's whole profile read 10 % low).
        var smooth = BinomialSmoothing.Periodic(profile);
        var max = smooth.Max();
        if (!(max > 0)) throw new ProcedureInputException($"{source}: no myocardial counts above background round the LV centre");
        return new CircumferentialProfile(cr, cc, smooth.Select(v => 100 * v / max).ToArray(), radius, OuterEdges(background, rows, cols, cr, cc, radius, profile, mm), mm);
    }

    // Beyond each ray's maximum, where counts first fall to half of it (at most 30 mm further): the epicardial edge.
    private static double[] OuterEdges(float[] image, int rows, int cols, double cr, double cc, double[] radius, double[] profile, double mm)
    {
        var outer = new double[Angles];
        for (var k = 0; k < Angles; k++)
        {
            var (dy, dx) = Ray(k);
            var r = radius[k];
            var limit = radius[k] + 30 / mm;
            while (r < limit && BilinearSampling.Sample(image, rows, cols, cr + dy * r, cc + dx * r) > 0.5 * profile[k]) r += 0.25;
            outer[k] = r;
        }
        return outer;
    }

    // Maximum along each ray within a band round the typical mid-wall radius (so that the liver or the stomach below a thin
    // inferior wall is not taken for myocardium): the first pass searches 8–45 mm, later passes ±40 % of the median radius.
    private static (double[] Profile, double[] Radius) Rays(float[] image, int rows, int cols, double cr, double cc, double mm, double[]? previous)
    {
        double lo = 8 / mm, hi = 45 / mm;
        if (previous is not null)
        {
            var median = previous.Order().ElementAt(Angles / 2);
            lo = 0.6 * median; hi = 1.4 * median;
        }
        var profile = new double[Angles]; var radius = new double[Angles];
        for (var k = 0; k < Angles; k++)
        {
            var (dy, dx) = Ray(k);
            double best = double.MinValue, at = lo;
            for (var r = lo; r <= hi; r += 0.25)
            {
                var v = BilinearSampling.Sample(image, rows, cols, cr + dy * r, cc + dx * r);
                if (v > best) { best = v; at = r; }
            }
            profile[k] = Math.Max(0, best); radius[k] = at;
        }
        return (profile, radius);
    }

    // Goris 1976: inside a box round the heart, the background of each pixel is the mean of the linear interpolations
    // between the box edges along its row and along its column; outside the box the image is unchanged. Counts below the
    // interpolated background become 0.
    private static float[] InterpolativeBackground(float[] image, int rows, int cols, double cr, double cc, double mm)
    {
        var half = (int)Math.Round(BoxHalfMm / mm);
        int r0 = Math.Max(0, (int)cr - half), r1 = Math.Min(rows - 1, (int)cr + half);
        int c0 = Math.Max(0, (int)cc - half), c1 = Math.Min(cols - 1, (int)cc + half);
        var result = (float[])image.Clone();
        for (var y = r0 + 1; y < r1; y++)
        for (var x = c0 + 1; x < c1; x++)
        {
            double fx = (double)(x - c0) / (c1 - c0), fy = (double)(y - r0) / (r1 - r0);
            var alongRow = (1 - fx) * image[y * cols + c0] + fx * image[y * cols + c1];
            var alongColumn = (1 - fy) * image[r0 * cols + x] + fy * image[r1 * cols + x];
            result[y * cols + x] = (float)Math.Max(0, image[y * cols + x] - 0.5 * (alongRow + alongColumn));
        }
        return result;
    }

}
