using System.Buffers.Binary;
using Photopeak.Dicom;
using Photopeak.Imaging.Pixels;

namespace Photopeak.Imaging.Tests.Pixels;

public class PixelConverterTests
{
    // 37 values: longer than any Vector<T> width, odd so the scalar tail runs too.
    private const int N = 37;

    [Fact]
    public void Unsigned_16_bit_values_convert_exactly_over_the_whole_range()
    {
        var raw = new byte[N * 2];
        for (var i = 0; i < N; i++) BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(2 * i), (ushort)(i * 1771));
        var d = new float[N];
        PixelConverter.ToFloat(raw, d, 16, 16, signed: false);
        for (var i = 0; i < N; i++) Assert.Equal(i * 1771, d[i]);
    }

    [Fact]
    public void Signed_16_bit_keeps_negative_values()
    {
        var raw = new byte[N * 2];
        for (var i = 0; i < N; i++) BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(2 * i), (short)(i * 1771 - 32768));
        var d = new float[N];
        PixelConverter.ToFloat(raw, d, 16, 16, signed: true);
        for (var i = 0; i < N; i++) Assert.Equal(i * 1771 - 32768, d[i]);
    }

    [Fact]
    public void Eight_and_32_bit_values_convert_exactly()
    {
        var b = new byte[N];
        for (var i = 0; i < N; i++) b[i] = (byte)(i * 7);
        var d = new float[N];
        PixelConverter.ToFloat(b, d, 8, 8, signed: false);
        for (var i = 0; i < N; i++) Assert.Equal((byte)(i * 7), d[i]);
        PixelConverter.ToFloat(b, d, 8, 8, signed: true);
        for (var i = 0; i < N; i++) Assert.Equal((sbyte)(byte)(i * 7), d[i]);

        var w = new byte[N * 4];
        for (var i = 0; i < N; i++) BinaryPrimitives.WriteInt32LittleEndian(w.AsSpan(4 * i), i * 100_003 - 1_000_000);
        PixelConverter.ToFloat(w, d, 32, 32, signed: true);
        for (var i = 0; i < N; i++) Assert.Equal(i * 100_003 - 1_000_000, d[i]);
        for (var i = 0; i < N; i++) BinaryPrimitives.WriteUInt32LittleEndian(w.AsSpan(4 * i), (uint)(i * 1000 + 3_000_000_000u));
        PixelConverter.ToFloat(w, d, 32, 32, signed: false);
        for (var i = 0; i < N; i++) Assert.Equal((float)(i * 1000 + 3_000_000_000u), d[i]);
    }

    [Fact]
    public void Twelve_bits_stored_mask_high_bits_and_sign_extend()
    {
        var raw = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(raw, 0xF800);       // junk in bits 12-15, 12-bit value 0x800
        BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(2), 0x0FFF);
        var d = new float[2];
        PixelConverter.ToFloat(raw, d, 16, 12, signed: false);
        Assert.Equal(new float[] { 0x800, 0xFFF }, d);
        PixelConverter.ToFloat(raw, d, 16, 12, signed: true);
        Assert.Equal(new float[] { -2048, -1 }, d);
    }

    [Fact]
    public void Rescale_slope_and_intercept_are_applied()
    {
        var raw = new byte[N * 2];
        for (var i = 0; i < N; i++) BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(2 * i), (ushort)i);
        var d = new float[N];
        PixelConverter.ToFloat(raw, d, 16, 16, signed: false, slope: 0.25, intercept: -3);
        for (var i = 0; i < N; i++) Assert.Equal(i * 0.25f - 3, d[i], 6);
    }

    [Fact]
    public void Rescale_from_the_header_reaches_the_frames()
    {
        var ds = SyntheticNm.Header("STATIC", 2).SetNumbers(DicomTags.RescaleSlope, 2.5).SetNumbers(DicomTags.RescaleIntercept, 10);
        var a = SyntheticNm.Read(ds);
        Assert.Equal(2.5, a.RescaleSlope);
        Assert.Equal(10, a.RescaleIntercept);
        // Stored value of frame 1 is 2: 2 · 2.5 + 10 = 15.
        Assert.All(a.GetFrame(1).Pixels, v => Assert.Equal(15f, v));
    }

    [Fact]
    public void Missing_rescale_defaults_to_identity()
    {
        var a = SyntheticNm.Read(SyntheticNm.Header("STATIC", 1));
        Assert.Equal((1.0, 0.0), (a.RescaleSlope, a.RescaleIntercept));
        Assert.All(a.GetFrame(0).Pixels, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Short_destination_and_frame_out_of_range_are_refused()
    {
        var a = SyntheticNm.Read(SyntheticNm.Header("STATIC", 2));
        Assert.Throws<ArgumentException>(() => a.GetFrame(0, new float[15]));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.GetFrame(2));
    }
}
