namespace Photopeak.Simulation.Noise;

/// <summary>Poisson sampling: multiplication method below mean 10, PTRS transformed rejection above
/// (Hörmann W. Insurance Math Econ 1993;12:39–45, as in NumPy).</summary>
public static class Poisson
{
    public static long Sample(Xoshiro256 rng, double mean)
    {
        if (mean <= 0) return 0;
        if (mean < 10)
        {
            var limit = Math.Exp(-mean);
            long k = 0;
            var prod = rng.NextDouble();
            while (prod > limit) { k++; prod *= rng.NextDouble(); }
            return k;
        }
        var slam = Math.Sqrt(mean);
        var loglam = Math.Log(mean);
        var b = 0.931 + 2.53 * slam;
        var a = -0.059 + 0.02483 * b;
        var invalpha = 1.1239 + 1.1328 / (b - 3.4);
        var vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            var u = rng.NextDouble() - 0.5;
            var v = rng.NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = (long)Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + Math.Log(invalpha) - Math.Log(a / (us * us) + b) <= -mean + k * loglam - LogFactorial(k)) return k;
        }
    }

    /// <summary>Noisy 16-bit frame from expected counts; one RNG stream per frame keeps results independent of threading.</summary>
    public static ushort[] Frame(ReadOnlySpan<float> expected, long seed, long stream)
    {
        var rng = Xoshiro256.ForStream(seed, stream);
        var result = new ushort[expected.Length];
        for (var i = 0; i < expected.Length; i++) result[i] = (ushort)Math.Min(ushort.MaxValue, Sample(rng, expected[i]));
        return result;
    }

    /// <summary>Expected counts as integers without noise, for noiseless reference images: rounded with the remainder
    /// carried to the next pixel (1-D error diffusion), so that each pixel is within one count of its expectation and
    /// the frame total within one count of the expected total. Plain rounding zeroed the sub-count scatter and
    /// high-energy background outside the body (or doubled it at 0.5–1 counts), biasing window totals by several %.</summary>
    public static ushort[] Rounded(ReadOnlySpan<float> expected)
    {
        var result = new ushort[expected.Length];
        double carry = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var target = expected[i] + carry;
            var counts = Math.Clamp(Math.Round(target), 0, ushort.MaxValue);
            result[i] = (ushort)counts;
            carry = target - counts;
        }
        return result;
    }

    private static double LogFactorial(long k)
    {
        if (k < 2) return 0;
        // Stirling series, accurate to < 1e-10 for k ≥ 10 (Abramowitz & Stegun 6.1.41); exact sum below.
        if (k < 10) { double s = 0; for (var i = 2; i <= k; i++) s += Math.Log(i); return s; }
        double x = k + 1, x2 = 1 / (x * x);
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI) + (1.0 / 12 - x2 * (1.0 / 360 - x2 / 1260)) / x;
    }
}
