namespace Photopeak.Procedures.CardiacSpect;

/// <summary>Least-squares circle through points in a plane (Kasa 1976 [?]): minimises Σ (x² + y² + D x + E y + F)²,
/// linear in D, E, F; centre (−D/2, −E/2). Unbiased for a partial arc, so a wall with a gap still gives its centre.</summary>
internal static class CircleFit
{
    /// <summary>Centre of the circle through the points, or null for fewer than 3 points or collinear ones.</summary>
    public static (double X, double Y)? Centre(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sxx = 0, sxy = 0, sx = 0, syy = 0, sy = 0, n = 0, bx = 0, by = 0, b1 = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double z = -(x[k] * x[k] + y[k] * y[k]);
            sxx += x[k] * x[k]; sxy += x[k] * y[k]; sx += x[k]; syy += y[k] * y[k]; sy += y[k]; n++;
            bx += x[k] * z; by += y[k] * z; b1 += z;
        }
        if (n < 3) return null;
        // Normal equations [sxx sxy sx; sxy syy sy; sx sy n]·(D, E, F) = (bx, by, b1), by Cramer's rule.
        double det = Det(sxx, sxy, sx, sxy, syy, sy, sx, sy, n);
        if (Math.Abs(det) < 1e-9 * Math.Max(1, sxx * syy * n)) return null;
        double d = Det(bx, sxy, sx, by, syy, sy, b1, sy, n) / det;
        double e = Det(sxx, bx, sx, sxy, by, sy, sx, b1, n) / det;
        return (-d / 2, -e / 2);
    }

    private static double Det(double a11, double a12, double a13, double a21, double a22, double a23, double a31, double a32, double a33) =>
        a11 * (a22 * a33 - a23 * a32) - a12 * (a21 * a33 - a23 * a31) + a13 * (a21 * a32 - a22 * a31);
}
