namespace Photopeak.Procedures.CardiacFunction;

/// <summary>
/// First-harmonic Fourier analysis of a cycle, pixel by pixel (CLINICAL §3, after Bacharach 1979): a = Σ c_k cos(2πk/N),
/// b = Σ c_k sin(2πk/N), amplitude = 2√(a² + b²)/N (counts), phase = atan2(b, a) in degrees [0, 360). A pixel emptying at
/// the start of the cycle (the ventricles) has phase near 0; one filling then (the atria) lies near 180.
/// </summary>
public sealed class FirstHarmonic
{
    private FirstHarmonic(float[] amplitude, float[] phase) { Amplitude = amplitude; PhaseDegrees = phase; }

    /// <summary>Amplitude image, counts.</summary>
    public float[] Amplitude { get; }
    /// <summary>Phase image, degrees in [0, 360).</summary>
    public float[] PhaseDegrees { get; }

    public static FirstHarmonic Of(IReadOnlyList<float[]> frames)
    {
        var n = frames.Count;
        var length = frames[0].Length;
        var a = new double[length]; var b = new double[length];
        for (var k = 0; k < n; k++)
        {
            double c = Math.Cos(2 * Math.PI * k / n), s = Math.Sin(2 * Math.PI * k / n);
            var f = frames[k];
            for (var p = 0; p < length; p++) { a[p] += c * f[p]; b[p] += s * f[p]; }
        }
        var amplitude = new float[length]; var phase = new float[length];
        for (var p = 0; p < length; p++)
        {
            amplitude[p] = (float)(2 * Math.Sqrt(a[p] * a[p] + b[p] * b[p]) / n);
            var deg = Math.Atan2(b[p], a[p]) * 180 / Math.PI;
            phase[p] = (float)(deg < 0 ? deg + 360 : deg);
        }
        return new FirstHarmonic(amplitude, phase);
    }

    /// <summary>Signed difference <paramref name="phase"/> − <paramref name="reference"/> wrapped into (−180, 180] degrees.</summary>
    public static double Wrap(double phase, double reference)
    {
        var d = (phase - reference) % 360;
        if (d > 180) d -= 360;
        if (d <= -180) d += 360;
        return d;
    }

    /// <summary>Phase statistics over the pixels of <paramref name="mask"/>.</summary>
    public PhaseStatistics Statistics(bool[] mask)
    {
        double sx = 0, sy = 0; var n = 0;
        for (var p = 0; p < mask.Length; p++)
        {
            if (!mask[p]) continue;
            var rad = PhaseDegrees[p] * Math.PI / 180;
            sx += Math.Cos(rad); sy += Math.Sin(rad); n++;
        }
        if (n == 0) return new PhaseStatistics(double.NaN, double.NaN, double.NaN, 0);
        var mean = Math.Atan2(sy, sx) * 180 / Math.PI;
        if (mean < 0) mean += 360;
        var deviations = new List<double>(n);
        for (var p = 0; p < mask.Length; p++) if (mask[p]) deviations.Add(Wrap(PhaseDegrees[p], mean));
        deviations.Sort();
        var sd = Math.Sqrt(deviations.Sum(d => d * d) / n);
        double Percentile(double q) => deviations[(int)Math.Clamp(Math.Round(q * (n - 1)), 0, n - 1)];
        return new PhaseStatistics(mean, sd, Percentile(0.975) - Percentile(0.025), n);
    }
}
