using CsCheck;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Projection;

namespace Photopeak.Reconstruction.Tests;

public class RotationProjectorTests
{
    private static double Dot(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return s;
    }

    private static RotationProjector Projector(SpectGeometry g, bool attenuation, bool psf)
    {
        Volume3D? mu = null;
        if (attenuation)
        {
            var body = AttenuationMaps.EllipticalContour(g, g.Bins * g.PixelSpacingMm * 0.4, g.Bins * g.PixelSpacingMm * 0.3, 5, -3);
            mu = AttenuationMaps.Uniform(body, AttenuationMaps.WaterAt140KeVPerMm);
            mu[g.Bins / 2, g.Bins / 2, 0] = 0.03f; // a bone-like voxel so the map is not uniform
        }
        return new RotationProjector(g, mu, psf ? CollimatorResponse.LowEnergyHighResolution : null, maxThreads: 2);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Backprojector_is_the_exact_transpose_of_the_forward_projector(bool attenuation, bool psf)
    {
        var gen = Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[0, 3], Gen.Double[-6, 6], (seed, shape, cor) => (seed, shape, cor));
        gen.Sample(t =>
        {
            int n = 16 + 4 * (t.shape % 2), rows = 8 + 4 * (t.shape / 2) + 1; // odd row count exercises the vector tail
            var g = SpectGeometry.Circular(24, n, rows, 5, 120, startAngleDeg: t.seed % 360,
                direction: t.seed % 2 == 0 ? RotationDirection.ClockwiseSeenFromFeet : RotationDirection.CounterClockwiseSeenFromFeet,
                detectors: 2, corOffsetMm: t.cor);
            var projector = Projector(g, attenuation, psf);
            var rng = new Random(t.seed);
            var x = TestPhantoms.Empty(g);
            for (int i = 0; i < x.Voxels.Length; i++) x.Voxels[i] = (float)rng.NextDouble();
            var y = new ProjectionSet(g);
            for (int i = 0; i < y.Counts.Length; i++) y.Counts[i] = (float)rng.NextDouble();
            double left = Dot(projector.Forward(x).Counts, y.Counts), right = Dot(x.Voxels, projector.Back(y).Voxels);
            Assert.True(Math.Abs(left - right) <= 1e-4 * Math.Abs(left), $"<Ax,y>={left} <x,A'y>={right}");
        }, iter: 6);
    }

    [Fact]
    public void Unattenuated_projection_of_a_sphere_preserves_its_activity_in_every_view()
    {
        // Bilinear resampling of a single voxel varies with angle (95-105%); for objects of a few voxels it is within 1%.
        var g = TestPhantoms.Geometry(n: 32, views: 16);
        var v = TestPhantoms.AddSphere(TestPhantoms.Empty(g), 20, -15, 6, 12, 1);
        double truth = v.Sum();
        var p = new RotationProjector(g, collimator: CollimatorResponse.LowEnergyHighResolution).Forward(v);
        for (int view = 0; view < g.NumberOfViews; view++)
        {
            double sum = 0;
            for (int r = 0; r < g.Rows; r++)
                for (int b = 0; b < g.Bins; b++) sum += p[view, r, b];
            Assert.InRange(sum / truth, 0.99, 1.01);
        }
    }

    [Fact]
    public void Anterior_view_puts_patient_left_at_higher_bins_and_posterior_view_mirrors_it()
    {
        // Start Angles (PS3.3 C.8.4.12) 180 (ANT), 270 (right lateral), 0 (POST), 90 (left lateral).
        var g = SpectGeometry.Circular(4, 32, 8, 4, 150, startAngleDeg: 180, direction: RotationDirection.CounterClockwiseSeenFromFeet);
        var v = TestPhantoms.Empty(g);
        v[25, 15, 3] = 1; // x = 25: 9.5 pixels towards the patient's left of the centre (15.5)
        var p = new RotationProjector(g).Forward(v);
        Assert.Equal(1f, p[0, 3, 25], 4);
        Assert.Equal(1f, p[2, 3, 6], 4);
    }

    [Fact]
    public void Attenuation_of_a_point_at_depth_matches_exp_of_mu_times_path()
    {
        var g = SpectGeometry.Circular(4, 32, 4, 4, 150, startAngleDeg: 180);
        var mu = AttenuationMaps.Uniform(AttenuationMaps.EllipticalContour(g, 1000, 1000), 0.015);
        var v = TestPhantoms.Empty(g);
        v[16, 20, 1] = 1; // anterior view (Start Angle 180°): the detector is on the y = 0 side, 20.5 pixels of path to the grid edge
        var p = new RotationProjector(g, mu).Forward(v);
        double expected = Math.Exp(-0.015 * 4 * 20.5);
        Assert.Equal(expected, p[0, 1, 16], 4);
    }
}
