using System.Runtime.InteropServices;
using CsCheck;
using Photopeak.Imaging.Pixels;

namespace Photopeak.Imaging.Tests.Pixels;

// The vectorised paths must agree with the plain definition value·slope + intercept for every length (vector body + tail).
public class PixelConverterPropertyTests
{
    private static readonly Gen<(double Slope, double Intercept)> Rescale =
        Gen.Select(Gen.OneOf(Gen.Const(1.0), Gen.Const(0.5), Gen.Const(3.25), Gen.Const(-1.0)), Gen.OneOf(Gen.Const(0.0), Gen.Const(-1024.0), Gen.Const(7.5)));

    [Fact]
    public void Unsigned_16_bit_matches_scalar_definition()
    {
        Gen.Select(Gen.UShort.Array[0, 300], Rescale).Sample(t =>
        {
            var (values, (slope, intercept)) = t;
            var d = new float[values.Length];
            PixelConverter.ToFloat(MemoryMarshal.AsBytes(values.AsSpan()), d, 16, 16, false, slope, intercept);
            for (var i = 0; i < values.Length; i++) Assert.Equal(values[i] * (float)slope + (float)intercept, d[i]);
        });
    }

    [Fact]
    public void Signed_16_bit_matches_scalar_definition()
    {
        Gen.Select(Gen.Short.Array[0, 300], Rescale).Sample(t =>
        {
            var (values, (slope, intercept)) = t;
            var d = new float[values.Length];
            PixelConverter.ToFloat(MemoryMarshal.AsBytes(values.AsSpan()), d, 16, 16, true, slope, intercept);
            for (var i = 0; i < values.Length; i++) Assert.Equal(values[i] * (float)slope + (float)intercept, d[i]);
        });
    }

    [Fact]
    public void Eight_bit_unsigned_matches_scalar_definition()
    {
        Gen.Byte.Array[0, 300].Sample(values =>
        {
            var d = new float[values.Length];
            PixelConverter.ToFloat(values, d, 8, 8, false);
            for (var i = 0; i < values.Length; i++) Assert.Equal(values[i], d[i]);
        });
    }

    [Fact]
    public void Thirty_two_bit_signed_matches_scalar_definition()
    {
        Gen.Int.Array[0, 300].Sample(values =>
        {
            var d = new float[values.Length];
            PixelConverter.ToFloat(MemoryMarshal.AsBytes(values.AsSpan()), d, 32, 32, true);
            for (var i = 0; i < values.Length; i++) Assert.Equal((float)values[i], d[i]);
        });
    }
}
