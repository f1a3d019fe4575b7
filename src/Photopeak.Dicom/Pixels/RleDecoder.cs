using System.Buffers.Binary;

namespace Photopeak.Dicom.Pixels;

/// <summary>RLE Lossless decoding (PS3.5 Annex G): a 64-byte header of segment offsets, each segment PackBits-coded.</summary>
public static class RleDecoder
{
    /// <summary>
    /// Decodes one frame into little-endian, sample-interleaved pixels. Segment order is sample by sample,
    /// most significant byte first (G.2), so byte b of sample s comes from segment s * bytesPerSample + b.
    /// </summary>
    public static void DecodeFrame(ReadOnlySpan<byte> frame, Span<byte> output, int pixels, int samplesPerPixel, int bytesPerSample, int frameIndex)
    {
        if (frame.Length < 64) throw new DicomFormatException($"RLE frame {frameIndex}: {frame.Length} bytes is shorter than the 64-byte RLE header", 0, DicomTags.PixelData);
        var segments = (int)BinaryPrimitives.ReadUInt32LittleEndian(frame);
        var expected = samplesPerPixel * bytesPerSample;
        if (segments != expected)
            throw new DicomFormatException($"RLE frame {frameIndex}: header declares {segments} segments, {expected} expected for {samplesPerPixel} sample(s) of {8 * bytesPerSample} bits", 0, DicomTags.PixelData);
        Span<int> offsets = stackalloc int[16];
        for (var i = 0; i < segments; i++)
        {
            var o = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + 4 * i)..]);
            if (o < 64 || o > (uint)frame.Length) throw new DicomFormatException($"RLE frame {frameIndex}: segment {i} offset {o} is outside the frame ({frame.Length} bytes)", 0, DicomTags.PixelData);
            offsets[i] = (int)o;
        }
        offsets[segments] = frame.Length;
        var stride = samplesPerPixel * bytesPerSample;
        for (var seg = 0; seg < segments; seg++)
        {
            var sample = seg / bytesPerSample;
            var byteInSample = bytesPerSample - 1 - seg % bytesPerSample; // MSB segment first, output little endian
            var segEnd = seg + 1 < segments ? Math.Max(offsets[seg + 1], offsets[seg]) : frame.Length;
            DecodeSegment(frame[offsets[seg]..segEnd], output, pixels, stride, sample * bytesPerSample + byteInSample, frameIndex, seg);
        }
    }

    private static void DecodeSegment(ReadOnlySpan<byte> src, Span<byte> output, int pixels, int stride, int firstByte, int frameIndex, int segment)
    {
        var written = 0;
        var i = 0;
        while (written < pixels && i < src.Length)
        {
            var n = (sbyte)src[i++];
            if (n >= 0)
            {
                var count = n + 1;
                if (i + count > src.Length) throw new DicomFormatException($"RLE frame {frameIndex} segment {segment}: literal run past the end of the segment", 0, DicomTags.PixelData);
                count = Math.Min(count, pixels - written);
                for (var k = 0; k < count; k++) output[(written + k) * stride + firstByte] = src[i + k];
                i += n + 1;
                written += count;
            }
            else if (n != -128)
            {
                if (i >= src.Length) throw new DicomFormatException($"RLE frame {frameIndex} segment {segment}: replicate run without its byte", 0, DicomTags.PixelData);
                var count = Math.Min(1 - n, pixels - written);
                var value = src[i++];
                for (var k = 0; k < count; k++) output[(written + k) * stride + firstByte] = value;
                written += count;
            }
        }
        if (written < pixels)
            throw new DicomFormatException($"RLE frame {frameIndex} segment {segment}: decoded {written} of {pixels} bytes", 0, DicomTags.PixelData);
    }
}
