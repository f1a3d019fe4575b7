using System.Numerics;
using System.Runtime.InteropServices;

namespace Photopeak.Imaging.Pixels;

/// <summary>Stored pixel values (native little-endian bytes) to float, with Modality LUT rescale (PS3.3 C.11.1) value·slope + intercept.</summary>
public static class PixelConverter
{
    /// <summary>
    /// Converts one frame. <paramref name="bitsStored"/> below <paramref name="bitsAllocated"/> masks the unused high bits
    /// (sign-extending signed data). Vectorised for the common 8/16/32-bit layouts; no allocation.
    /// </summary>
    public static void ToFloat(ReadOnlySpan<byte> source, Span<float> destination, int bitsAllocated, int bitsStored, bool signed, double slope = 1, double intercept = 0)
    {
        var bytesPerPixel = bitsAllocated / 8;
        if (bitsAllocated is not (8 or 16 or 32)) throw new ArgumentException($"Bits Allocated {bitsAllocated} is not 8, 16 or 32", nameof(bitsAllocated));
        if (bitsStored < 1 || bitsStored > bitsAllocated) throw new ArgumentException($"Bits Stored {bitsStored} does not fit Bits Allocated {bitsAllocated}", nameof(bitsStored));
        var n = source.Length / bytesPerPixel;
        if (destination.Length < n) throw new ArgumentException($"destination holds {destination.Length} values, the frame has {n}", nameof(destination));
        destination = destination[..n];

        if (bitsStored < bitsAllocated) Masked(source, destination, bitsAllocated, bitsStored, signed);
        else if (bitsAllocated == 16 && !signed) Convert16U(MemoryMarshal.Cast<byte, ushort>(source), destination);
        else if (bitsAllocated == 16) Convert16S(MemoryMarshal.Cast<byte, short>(source), destination);
        else if (bitsAllocated == 8 && !signed) Convert8U(source, destination);
        else if (bitsAllocated == 8) for (var i = 0; i < n; i++) destination[i] = (sbyte)source[i];
        else if (!signed) Convert32U(MemoryMarshal.Cast<byte, uint>(source), destination);
        else Convert32S(MemoryMarshal.Cast<byte, int>(source), destination);

        if (slope != 1 || intercept != 0) Rescale(destination, (float)slope, (float)intercept);
    }

    private static void Convert16U(ReadOnlySpan<ushort> s, Span<float> d)
    {
        var i = 0;
        var w = Vector<ushort>.Count;
        for (; i <= s.Length - w; i += w)
        {
            Vector.Widen(new Vector<ushort>(s[i..]), out var lo, out var hi);
            Vector.ConvertToSingle(lo).CopyTo(d[i..]);
            Vector.ConvertToSingle(hi).CopyTo(d[(i + Vector<uint>.Count)..]);
        }
        for (; i < s.Length; i++) d[i] = s[i];
    }

    private static void Convert16S(ReadOnlySpan<short> s, Span<float> d)
    {
        var i = 0;
        var w = Vector<short>.Count;
        for (; i <= s.Length - w; i += w)
        {
            Vector.Widen(new Vector<short>(s[i..]), out var lo, out var hi);
            Vector.ConvertToSingle(lo).CopyTo(d[i..]);
            Vector.ConvertToSingle(hi).CopyTo(d[(i + Vector<int>.Count)..]);
        }
        for (; i < s.Length; i++) d[i] = s[i];
    }

    private static void Convert8U(ReadOnlySpan<byte> s, Span<float> d)
    {
        var i = 0;
        var w = Vector<byte>.Count;
        for (; i <= s.Length - w; i += w)
        {
            Vector.Widen(new Vector<byte>(s[i..]), out var lo16, out var hi16);
            Vector.Widen(lo16, out var a, out var b);
            Vector.Widen(hi16, out var c, out var e);
            var q = Vector<uint>.Count;
            Vector.ConvertToSingle(a).CopyTo(d[i..]);
            Vector.ConvertToSingle(b).CopyTo(d[(i + q)..]);
            Vector.ConvertToSingle(c).CopyTo(d[(i + 2 * q)..]);
            Vector.ConvertToSingle(e).CopyTo(d[(i + 3 * q)..]);
        }
        for (; i < s.Length; i++) d[i] = s[i];
    }

    private static void Convert32U(ReadOnlySpan<uint> s, Span<float> d)
    {
        var i = 0;
        var w = Vector<uint>.Count;
        for (; i <= s.Length - w; i += w) Vector.ConvertToSingle(new Vector<uint>(s[i..])).CopyTo(d[i..]);
        for (; i < s.Length; i++) d[i] = s[i];
    }

    private static void Convert32S(ReadOnlySpan<int> s, Span<float> d)
    {
        var i = 0;
        var w = Vector<int>.Count;
        for (; i <= s.Length - w; i += w) Vector.ConvertToSingle(new Vector<int>(s[i..])).CopyTo(d[i..]);
        for (; i < s.Length; i++) d[i] = s[i];
    }

    // Rare layouts (e.g. 12 bits stored in 16): a plain loop is enough.
    private static void Masked(ReadOnlySpan<byte> source, Span<float> d, int bitsAllocated, int bitsStored, bool signed)
    {
        var shift = 32 - bitsStored;
        var mask = bitsStored == 32 ? uint.MaxValue : (1u << bitsStored) - 1;
        for (var i = 0; i < d.Length; i++)
        {
            uint raw = bitsAllocated switch
            {
                8 => source[i],
                16 => MemoryMarshal.Read<ushort>(source[(2 * i)..]),
                _ => MemoryMarshal.Read<uint>(source[(4 * i)..]),
            };
            d[i] = signed ? (int)(raw << shift) >> shift : raw & mask;
        }
    }

    private static void Rescale(Span<float> d, float slope, float intercept)
    {
        var i = 0;
        var w = Vector<float>.Count;
        var vs = new Vector<float>(slope);
        var vi = new Vector<float>(intercept);
        for (; i <= d.Length - w; i += w) (new Vector<float>(d[i..]) * vs + vi).CopyTo(d[i..]);
        for (; i < d.Length; i++) d[i] = d[i] * slope + intercept;
    }
}
