namespace Photopeak.Procedures.CardiacFunction;

/// <summary>
/// Where an LV outline's radii are measured from for regional wall motion: a centre that floats along the long axis to each
/// border's centroid, a floating reference of the kind radial wall-motion methods use to take out the heart's translation
/// between end-diastole and end-systole [?]. In systole the AV plane descends 12–16 mm towards a nearly still apex
/// [Carlsson2007: Am J Physiol Heart Circ Physiol 2007;292:H1452–H1459], which moves the whole cavity apex-wards; radii
/// from one fixed centre read that translation as an apex that does not move in (hypokinetic or akinetic on normal hearts)
/// and a base that moves twice as far. Across the axis the centre stays, or a wall that does not move would borrow the
/// opposite wall's motion: on the perfusion outline a centre floating both ways read an akinetic septum 12 % (hypokinetic)
/// against the other walls' 13–16 %. Also the two conversions this needs between an outline's radii along evenly spaced
/// rays and its polygon (<see cref="Border"/>, <see cref="RadiiFrom"/>, <see cref="RadiiAround"/>).
/// </summary>
internal static class LongAxisReference
{
    /// <summary>The radii of the end-diastolic and end-systolic borders ([row, column] vertices, pixels) along the rays of
    /// their fixed radii (ray k at angle 2πk/N: row = sin, column = cos), each from <paramref name="centre"/> moved along
    /// <paramref name="longAxis"/> (unit, row/column) to that border's centroid. Where either moved centre falls outside its
    /// border or a ray misses it, both borders keep their fixed radii (from the centre itself), so that the two are never
    /// measured from different kinds of centre.</summary>
    public static (double[] Ed, double[] Es) FloatingRadii(double[][] edBorder, double[] edFixedRadii, double[][] esBorder, double[] esFixedRadii,
        (double Row, double Col) centre, (double Dy, double Dx) longAxis) =>
        Floating(edBorder, centre, longAxis, edFixedRadii.Length) is { } ed && Floating(esBorder, centre, longAxis, esFixedRadii.Length) is { } es
            ? (ed, es) : (edFixedRadii, esFixedRadii);

    private static double[]? Floating(double[][] border, (double Row, double Col) centre, (double Dy, double Dx) longAxis, int rays)
    {
        if (Results.RoiDefinition.PolygonCentroidPx(border) is not { } c) return null;
        var along = (c.Row - centre.Row) * longAxis.Dy + (c.Column - centre.Col) * longAxis.Dx;
        (double Row, double Col) moved = (centre.Row + along * longAxis.Dy, centre.Col + along * longAxis.Dx);
        return RadiiAround(border, moved, rays);
    }

    /// <summary><see cref="RadiiFrom"/> for a centre the border must surround: null where <paramref name="centre"/> lies outside
    /// <paramref name="border"/> (even-odd rule, as ROI masks) or a ray does not cross it.</summary>
    public static double[]? RadiiAround(double[][] border, (double Row, double Col) centre, int rays) =>
        Results.RoiDefinition.Inside(border, centre.Row, centre.Col) ? RadiiFrom(border, centre, rays) : null;

    /// <summary>The polygon ([row, column] vertices, pixels) of radii <paramref name="radiiPx"/> along evenly spaced rays from
    /// <paramref name="centre"/> (ray k at angle 2πk/N: row = sin, column = cos).</summary>
    public static double[][] Border(double[] radiiPx, (double Row, double Col) centre) =>
        [.. radiiPx.Select((r, k) => new[] { centre.Row + r * Math.Sin(2 * Math.PI * k / radiiPx.Length), centre.Col + r * Math.Cos(2 * Math.PI * k / radiiPx.Length) })];

    /// <summary>Distance from <paramref name="centre"/> to <paramref name="border"/> along each of <paramref name="rays"/>
    /// evenly spaced rays (ray k at angle 2πk/rays: row = sin, column = cos), its first crossing, pixels; null where a ray
    /// does not cross it.</summary>
    public static double[]? RadiiFrom(double[][] border, (double Row, double Col) centre, int rays)
    {
        var (row, col) = centre;
        var radii = new double[rays];
        for (var k = 0; k < rays; k++)
        {
            double dy = Math.Sin(2 * Math.PI * k / rays), dx = Math.Cos(2 * Math.PI * k / rays);
            var nearest = double.PositiveInfinity;
            for (int i = 0, j = border.Length - 1; i < border.Length; j = i++)
            {
                // centre + t·(dx, dy) = a + s·(b − a), columns as x and rows as y.
                double ax = border[j][1], ay = border[j][0], ex = border[i][1] - ax, ey = border[i][0] - ay, wx = ax - col, wy = ay - row;
                var det = dy * ex - dx * ey;
                if (Math.Abs(det) < 1e-12) continue;
                double t = (wy * ex - wx * ey) / det, s = (dx * wy - dy * wx) / det;
                if (t > 0 && s >= -1e-9 && s <= 1 + 1e-9) nearest = Math.Min(nearest, t);
            }
            if (!double.IsFinite(nearest)) return null;
            radii[k] = nearest;
        }
        return radii;
    }
}
