using System.Numerics;

namespace Photopeak.Reconstruction.Fbp;

/// <summary>
/// In-place iterative radix-2 complex FFT with precomputed twiddles and bit-reversal table (one per size), run on
/// <see cref="Vector{T}"/> elements: each lane is an independent transform, so one pass filters Vector&lt;float&gt;.Count
/// projection rows at once without shuffles.
/// </summary>
internal sealed class Fft
{
    private readonly int size;
    private readonly int[] bitReversed;
    private readonly float[] cos, sin;

    public Fft(int size)
    {
        if (size < 2 || (size & (size - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "FFT size must be a power of two.");
        this.size = size;
        int bits = int.Log2(size);
        bitReversed = new int[size];
        for (int i = 0; i < size; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            bitReversed[i] = r;
        }
        cos = new float[size / 2];
        sin = new float[size / 2];
        for (int k = 0; k < size / 2; k++)
        {
            cos[k] = (float)Math.Cos(2 * Math.PI * k / size);
            sin[k] = (float)-Math.Sin(2 * Math.PI * k / size);
        }
    }

    public int Size => size;

    /// <summary>Forward transform of every lane (inverse = conjugate symmetry trick: swap re and im before and after).</summary>
    public void Forward(Span<Vector<float>> re, Span<Vector<float>> im)
    {
        if (re.Length < size || im.Length < size) throw new ArgumentException($"FFT buffers must hold {size} elements.");
        for (int i = 0; i < size; i++)
        {
            int j = bitReversed[i];
            if (j > i) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); }
        }
        for (int length = 2; length <= size; length <<= 1)
        {
            int half = length / 2, step = size / length;
            for (int start = 0; start < size; start += length)
                for (int k = 0; k < half; k++)
                {
                    var wr = new Vector<float>(cos[k * step]);
                    var wi = new Vector<float>(sin[k * step]);
                    int a = start + k, b = a + half;
                    var tr = re[b] * wr - im[b] * wi;
                    var ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr; im[b] = im[a] - ti;
                    re[a] += tr; im[a] += ti;
                }
        }
    }

    /// <summary>Inverse transform of every lane, including the 1/N scale.</summary>
    public void Inverse(Span<Vector<float>> re, Span<Vector<float>> im)
    {
        Forward(im, re);
        var scale = new Vector<float>(1f / size);
        for (int i = 0; i < size; i++) { re[i] *= scale; im[i] *= scale; }
    }
}
