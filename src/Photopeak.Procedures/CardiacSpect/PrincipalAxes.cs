using System.Numerics;

namespace Photopeak.Procedures.CardiacSpect;

/// <summary>Weighted centroid and principal axes of a point cloud: eigenvectors of its covariance, largest eigenvalue
/// first (cyclic Jacobi rotations, Numerical Recipes §11.1 [?]).</summary>
internal static class PrincipalAxes
{
    /// <summary>Centroid, unit axes and their variances (mm²), largest first. Throws when the weights sum to zero.</summary>
    public static (Vector3 Mean, Vector3[] Axes, double[] Variances) Of(IReadOnlyList<(Vector3 P, double W)> points)
    {
        double w = 0; var mean = Vector3.Zero;
        foreach (var (p, pw) in points) { mean += p * (float)pw; w += pw; }
        if (!(w > 0)) throw new CardiacSpectException("principal axes of a point set with no weight");
        mean /= (float)w;
        var a = new double[3, 3];
        foreach (var (p, pw) in points)
        {
            var d = p - mean;
            double[] dv = [d.X, d.Y, d.Z];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) a[i, j] += pw * dv[i] * dv[j] / w;
        }
        var e = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            if (off < 1e-12) break;
            for (int p = 0; p < 2; p++)
            for (int q = p + 1; q < 3; q++)
            {
                if (Math.Abs(a[p, q]) < 1e-15) continue;
                // Rotation that zeroes a[p, q]: θ = (a_qq − a_pp)/(2 a_pq), t = tan φ of the smaller root.
                double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                double t = theta == 0 ? 1 : Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < 3; k++)
                {
                    double akp = a[k, p], akq = a[k, q];
                    a[k, p] = c * akp - s * akq; a[k, q] = s * akp + c * akq;
                }
                for (int k = 0; k < 3; k++)
                {
                    double apk = a[p, k], aqk = a[q, k];
                    a[p, k] = c * apk - s * aqk; a[q, k] = s * apk + c * aqk;
                }
                for (int k = 0; k < 3; k++)
                {
                    double ekp = e[k, p], ekq = e[k, q];
                    e[k, p] = c * ekp - s * ekq; e[k, q] = s * ekp + c * ekq;
                }
            }
        }
        var order = new[] { 0, 1, 2 }.OrderByDescending(i => a[i, i]).ToArray();
        var axes = order.Select(i => Vector3.Normalize(new Vector3((float)e[0, i], (float)e[1, i], (float)e[2, i]))).ToArray();
        return (mean, axes, order.Select(i => a[i, i]).ToArray());
    }
}
