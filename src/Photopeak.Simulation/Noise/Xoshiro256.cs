namespace Photopeak.Simulation.Noise;

/// <summary>xoshiro256** (Blackman &amp; Vigna 2018) seeded through SplitMix64: a fixed, version-independent stream, so
/// the same seed gives byte-identical images on every runtime.</summary>
public sealed class Xoshiro256
{
    private ulong s0, s1, s2, s3;

    public Xoshiro256(ulong seed)
    {
        s0 = SplitMix(ref seed); s1 = SplitMix(ref seed); s2 = SplitMix(ref seed); s3 = SplitMix(ref seed);
    }

    /// <summary>A stream for one frame: seed and stream number mixed.</summary>
    public static Xoshiro256 ForStream(long seed, long stream) => new((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xD1B54A32D192ED03UL);

    public ulong NextUInt64()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
