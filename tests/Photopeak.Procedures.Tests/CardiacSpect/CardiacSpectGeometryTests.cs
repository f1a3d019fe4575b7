using System.Numerics;
using CsCheck;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Reconstruction;

namespace Photopeak.Procedures.Tests.CardiacSpect;

/// <summary>Geometry of the cardiac SPECT tools on synthetic volumes: segment numbering, display orientation of the
/// reoriented slices, sampling bounds, the circle fit and the principal axes.</summary>
public class CardiacSpectGeometryTests
{
    [Fact]
    public void The_bulls_eye_puts_the_apex_in_the_centre_the_base_outside_anterior_up_and_septum_left()
    {
        // Ring r (0 basal), sector s (0 anterior, 1 septal, 2 inferior, 3 lateral) holds 10 (r + 1) + s + 1.
        const int rings = 4, sectors = 4;
        var samples = new float[rings * sectors];
        for (var r = 0; r < rings; r++) for (var s = 0; s < sectors; s++) samples[r * sectors + s] = 10 * (r + 1) + s + 1;
        var image = new PolarMap(rings, sectors, samples, [100f, 200f], new double[17]).BullsEye(101);
        float At(int x, int y) => image.Pixels[y * 101 + x];
        Assert.Equal(150f, At(50, 50));           // the apex cap: the mean of its samples
        Assert.Equal(11f, At(50, 3));             // top, outermost: basal anterior
        Assert.Equal(12f, At(3, 50));             // left: basal septal
        Assert.Equal(13f, At(50, 97));            // bottom: basal inferior
        Assert.Equal(14f, At(97, 50));            // right: basal lateral
        Assert.Equal(41f, At(50, 50 - 14));       // just outside the cap, above: the most apical ring, anterior
        Assert.Equal(0f, At(0, 0));               // outside the map
    }

    [Theory]
    [InlineData(0.1, 0, 1)] [InlineData(0.1, 29, 1)] [InlineData(0.1, 31, 2)] [InlineData(0.1, 359, 1)] [InlineData(0.1, -10, 1)]
    [InlineData(0.1, 89, 2)] [InlineData(0.1, 91, 3)] [InlineData(0.1, 140, 3)] [InlineData(0.1, 150, 4)] [InlineData(0.2, 180, 4)] [InlineData(0.3, 240, 5)] [InlineData(0.3, 300, 6)]
    [InlineData(0.5, 0, 7)] [InlineData(0.5, 180, 10)] [InlineData(0.5, 250, 11)] [InlineData(0.5, 270, 12)]
    [InlineData(0.8, 0, 13)] [InlineData(0.8, 44, 13)] [InlineData(0.8, 46, 14)] [InlineData(0.8, 180, 15)] [InlineData(0.8, 270, 16)]
    [InlineData(1.0, 123, 17)]
    public void Aha_segment_of_a_point_follows_the_17_segment_layout(double along, double angleDeg, int segment) =>
        Assert.Equal(segment, AhaSegments.Of(along, angleDeg));

    // An oblique LV axis through a 2 mm volume, and a hot point on it or beside it.
    private static readonly LeftVentricleAxis Axis = new(new Vector3(10, -15, 20), new Vector3(40, -45, -15));

    private static PatientVolume WithHotSpot(Vector3 spot)
    {
        var volume = new Volume3D(100, 100, 100, 2, 2, 2);
        var v = new PatientVolume(volume, Vector3.Zero);
        for (int z = 0; z < 100; z++) for (int y = 0; y < 100; y++) for (int x = 0; x < 100; x++)
            if (Vector3.Distance(v.PositionMm(x, y, z), spot) < 5) volume[x, y, z] = 1;
        return v;
    }

    private static (int Row, int Column) Brightest(float[] image, int size)
    {
        int best = 0;
        for (int i = 1; i < image.Length; i++) if (image[i] > image[best]) best = i;
        Assert.True(image[best] > 0.5f, "the hot spot is not in the slice");
        return (best / size, best % size);
    }

    [Fact]
    public void Short_axis_has_anterior_up_and_septum_on_the_viewers_left()
    {
        const int size = 41; const double px = 2;
        var anterior = Brightest(CardiacSlices.ShortAxis(WithHotSpot(Axis.PointMm(0.5 * Axis.LengthMm, 25, 0)), Axis, 0.5, size, px), size);
        Assert.True(anterior.Row < 10 && Math.Abs(anterior.Column - 20) <= 1, $"anterior wall at {anterior}");
        var septal = Brightest(CardiacSlices.ShortAxis(WithHotSpot(Axis.PointMm(0.5 * Axis.LengthMm, 25, 90)), Axis, 0.5, size, px), size);
        Assert.True(septal.Column < 10 && Math.Abs(septal.Row - 20) <= 1, $"septum at {septal}");
        Assert.True(Axis.SeptalAxis.X < 0, "the septum faces the patient's right (−x)");
    }

    [Fact]
    public void Long_axis_slices_put_the_apex_right_vertically_and_up_horizontally()
    {
        const int size = 41; const double px = 2;
        var v = WithHotSpot(Axis.ApexMm);
        var vla = Brightest(CardiacSlices.VerticalLongAxis(v, Axis, size, px), size);
        Assert.True(vla.Column > 30 && Math.Abs(vla.Row - 20) <= 1, $"VLA apex at {vla}");
        var hla = Brightest(CardiacSlices.HorizontalLongAxis(v, Axis, size, px), size);
        Assert.True(hla.Row < 10 && Math.Abs(hla.Column - 20) <= 1, $"HLA apex at {hla}");
    }

    [Fact]
    public void Sampling_outside_or_at_the_edge_of_the_volume_is_safe()
    {
        var volume = new Volume3D(4, 4, 4, 10, 10, 10);
        for (int i = 0; i < volume.Voxels.Length; i++) volume.Voxels[i] = 2;
        var v = new PatientVolume(volume, Vector3.Zero);
        Assert.Equal(0, v.Sample(new Vector3(1e12f, 0, 0)));
        Assert.Equal(0, v.Sample(new Vector3(float.NaN, 0, 0)));
        Assert.Equal(2, v.Sample(v.PositionMm(3, 3, 3)));           // the last voxel plane is inside
        Assert.Equal(0, v.Sample(v.PositionMm(3.01, 0, 0)));
        Assert.False(v.Contains(new Vector3(-1e12f, 0, 0)));
    }

    [Fact]
    public void Circle_fit_finds_the_centre_of_a_partial_arc() =>
        Gen.Select(Gen.Double[-30, 30], Gen.Double[-30, 30], Gen.Double[10, 50], Gen.Double[0, 6.28]).Sample((cx, cy, r, start) =>
        {
            var x = new double[20]; var y = new double[20];
            for (int k = 0; k < 20; k++) { var a = start + k * 0.25; x[k] = cx + r * Math.Cos(a); y[k] = cy + r * Math.Sin(a); } // a 270° arc
            var c = CircleFit.Centre(x, y) ?? throw new InvalidOperationException("no fit");
            return Math.Abs(c.X - cx) < 1e-6 * r && Math.Abs(c.Y - cy) < 1e-6 * r;
        });

    [Fact]
    public void Principal_axes_of_an_elongated_cloud_point_along_it() =>
        Gen.Select(Gen.Float[-1, 1], Gen.Float[-1, 1], Gen.Float[-1, 1]).Where((a, b, c) => a * a + b * b + c * c > 0.1f).Sample((a, b, c) =>
        {
            var dir = Vector3.Normalize(new Vector3(a, b, c));
            var side = Vector3.Normalize(Vector3.Cross(dir, Math.Abs(dir.Z) < 0.9f ? Vector3.UnitZ : Vector3.UnitX));
            var points = Enumerable.Range(-20, 41).SelectMany(t => new[] { (dir * t * 3 + side * 2, 1.0), (dir * t * 3 - side * 2, 1.0) }).ToList();
            var (mean, axes, variances) = PrincipalAxes.Of(points);
            return mean.Length() < 1e-3f && Math.Abs(Vector3.Dot(axes[0], dir)) > 0.9999f && variances[0] > variances[1] && variances[1] >= variances[2];
        });
}
