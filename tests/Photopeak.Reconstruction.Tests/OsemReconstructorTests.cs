using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Iterative;
using Photopeak.Reconstruction.Projection;
using Photopeak.Reconstruction.Scatter;
using Xunit.Abstractions;

namespace Photopeak.Reconstruction.Tests;

public class OsemReconstructorTests(ITestOutputHelper output)
{
    // 64 x 64 x 24 voxels of 4 mm, 60 views over 360°, radius 180 mm, LEHR collimator, water μ at 140 keV.
    private static readonly SpectGeometry Geometry = SpectGeometry.Circular(60, 64, 24, 4, 180, detectors: 2);
    private static readonly CollimatorResponse Lehr = CollimatorResponse.LowEnergyHighResolution;
    private static readonly double[] SphereDiametersMm = [12, 18, 26, 36];
    private static readonly (double X, double Y)[] SphereCentresMm = [(40, 0), (0, 45), (-42, 0), (0, -38)];
    private const float Background = 1, SphereActivity = 4;

    private static Volume3D BodyMask() => AttenuationMaps.EllipticalContour(Geometry, 105, 95);

    /// <summary>Warm cylinder (radius 100 mm, 20 slices) with four hot spheres in the central slice plane.</summary>
    private static Volume3D SpherePhantom()
    {
        var v = TestPhantoms.AddCylinder(TestPhantoms.Empty(Geometry), 100, Background, 2, 22);
        for (int i = 0; i < SphereDiametersMm.Length; i++)
            TestPhantoms.AddSphere(v, SphereCentresMm[i].X, SphereCentresMm[i].Y, 2, SphereDiametersMm[i] / 2, SphereActivity - Background);
        return v;
    }

    /// <summary>Projections of <paramref name="truth"/> with attenuation and collimator blur, scaled to <paramref name="totalCounts"/>, Poisson noise.</summary>
    private static (ProjectionSet Measured, float CountsPerUnitActivity) Acquire(Volume3D truth, Volume3D? mu, double totalCounts, int seed)
    {
        var expected = new RotationProjector(Geometry, mu, Lehr).Forward(truth);
        double sum = 0;
        foreach (var c in expected.Counts) sum += c;
        float scale = (float)(totalCounts / sum);
        return (TestPhantoms.Poisson(TestPhantoms.Scale(expected, scale), seed), scale);
    }

    private static double MeanInSphere(Volume3D v, double cxMm, double cyMm, double czMm, double radiusMm)
    {
        double c = (v.SizeX - 1) / 2.0, cz = (v.SizeZ - 1) / 2.0, sum = 0;
        int count = 0;
        for (int z = 0; z < v.SizeZ; z++)
            for (int y = 0; y < v.SizeY; y++)
                for (int x = 0; x < v.SizeX; x++)
                {
                    double dx = (x - c) * v.VoxelSizeXMm - cxMm, dy = (y - c) * v.VoxelSizeYMm - cyMm, dz = (z - cz) * v.VoxelSizeZMm - czMm;
                    if (dx * dx + dy * dy + dz * dz > radiusMm * radiusMm) continue;
                    sum += v[x, y, z];
                    count++;
                }
        return sum / count;
    }

    [Fact]
    public void Uniform_cylinder_reconstructs_with_integral_uniformity_below_10_percent()
    {
        var mu = AttenuationMaps.Uniform(BodyMask(), AttenuationMaps.WaterAt140KeVPerMm);
        var truth = TestPhantoms.AddCylinder(TestPhantoms.Empty(Geometry), 100, 1, 2, 22);
        var (measured, scale) = Acquire(truth, mu, 4e6, seed: 11);
        var image = OsemReconstructor.Reconstruct(measured, new OsemOptions
        {
            Iterations = 3, Subsets = 6, MuMapPerMm = mu, Collimator = Lehr, PostFilterFwhmMm = 12,
        });
        // NEMA-style: pixels within 75% of the radius, central 12 slices summed to one thick slice.
        double c = (Geometry.Bins - 1) / 2.0, max = double.MinValue, min = double.MaxValue;
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
            {
                double dx = (x - c) * 4, dy = (y - c) * 4;
                if (dx * dx + dy * dy > 75 * 75) continue;
                double s = 0;
                for (int z = 6; z < 18; z++) s += image[x, y, z];
                max = Math.Max(max, s);
                min = Math.Min(min, s);
            }
        double integralUniformity = 100 * (max - min) / (max + min);
        output.WriteLine($"integral uniformity {integralUniformity:F2}%");
        Assert.InRange(integralUniformity, 0, 10);
        // Mean level in the cylinder is the true activity times the counts-per-activity calibration.
        double mean = MeanInSphere(image, 0, 0, 0, 35) / scale;
        Assert.InRange(mean, 0.95, 1.05);
    }

    [Fact]
    public void Sphere_recovery_rises_with_diameter_and_with_resolution_modelling_and_total_activity_is_within_5_percent()
    {
        var mu = AttenuationMaps.Uniform(BodyMask(), AttenuationMaps.WaterAt140KeVPerMm);
        var truth = SpherePhantom();
        var (measured, scale) = Acquire(truth, mu, 8e6, seed: 3);
        var options = new OsemOptions { Iterations = 8, Subsets = 6, MuMapPerMm = mu };
        var withPsf = OsemReconstructor.Reconstruct(measured, options with { Collimator = Lehr });
        var withoutPsf = OsemReconstructor.Reconstruct(measured, options);

        var rcPsf = new double[4];
        var rcPlain = new double[4];
        for (int i = 0; i < 4; i++)
        {
            var (x, y) = SphereCentresMm[i];
            double r = SphereDiametersMm[i] / 2;
            rcPsf[i] = MeanInSphere(withPsf, x, y, 2, r) / scale / SphereActivity;
            rcPlain[i] = MeanInSphere(withoutPsf, x, y, 2, r) / scale / SphereActivity;
            output.WriteLine($"sphere {SphereDiametersMm[i]} mm: RC with PSF {rcPsf[i]:F3}, without {rcPlain[i]:F3}");
        }
        for (int i = 1; i < 4; i++)
        {
            Assert.True(rcPsf[i] > rcPsf[i - 1], $"RC with PSF does not rise from {SphereDiametersMm[i - 1]} to {SphereDiametersMm[i]} mm");
            Assert.True(rcPlain[i] > rcPlain[i - 1], $"RC without PSF does not rise from {SphereDiametersMm[i - 1]} to {SphereDiametersMm[i]} mm");
        }
        for (int i = 0; i < 4; i++) Assert.True(rcPsf[i] > rcPlain[i] + 0.02, $"PSF modelling does not raise RC of the {SphereDiametersMm[i]} mm sphere");

        double truthTotal = truth.Sum(), total = withPsf.Sum() / scale;
        output.WriteLine($"total activity {total / truthTotal:P2} of truth");
        Assert.InRange(total / truthTotal, 0.95, 1.05);
    }

    [Fact]
    public void Sphere_centres_are_within_one_voxel_of_truth()
    {
        var mu = AttenuationMaps.Uniform(BodyMask(), AttenuationMaps.WaterAt140KeVPerMm);
        var truth = SpherePhantom();
        var (measured, _) = Acquire(truth, mu, 8e6, seed: 5);
        var image = OsemReconstructor.Reconstruct(measured, new OsemOptions { Iterations = 4, Subsets = 6, MuMapPerMm = mu, Collimator = Lehr });
        double c = (Geometry.Bins - 1) / 2.0, cz = (Geometry.Rows - 1) / 2.0;
        for (int i = 0; i < 4; i++)
        {
            var (xMm, yMm) = SphereCentresMm[i];
            double tx = c + xMm / 4, ty = c + yMm / 4, tz = cz + 2 / 4.0;
            int half = (int)Math.Ceiling(SphereDiametersMm[i] / 8) + 2;
            int x0 = (int)tx - half, x1 = (int)tx + half + 2, y0 = (int)ty - half, y1 = (int)ty + half + 2, z0 = (int)tz - half, z1 = (int)tz + half + 2;
            float max = 0;
            for (int z = z0; z < z1; z++) for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) max = Math.Max(max, image[x, y, z]);
            // Centroid of the part above half-way between background and the sphere's maximum, in a box around the true centre.
            float background = (float)MeanInSphere(image, 0, 0, 0, 15);
            var found = TestPhantoms.Centroid(image, x0, x1, y0, y1, z0, z1, threshold: (background + max) / 2);
            double error = Math.Sqrt(Math.Pow(found.X - tx, 2) + Math.Pow(found.Y - ty, 2) + Math.Pow(found.Z - tz, 2));
            output.WriteLine($"sphere {SphereDiametersMm[i]} mm: centre error {error:F2} voxels");
            Assert.InRange(error, 0, 1);
        }
    }

    [Fact]
    public void Additive_scatter_term_removes_the_scatter_bias_without_subtracting_it()
    {
        var g = SpectGeometry.Circular(32, 32, 8, 8, 180);
        var truth = TestPhantoms.AddCylinder(TestPhantoms.Empty(g), 80, 1);
        var primary = new RotationProjector(g).Forward(truth);
        // A smooth scatter background of 30% of the primary counts in every view, via the TEW formula with a 24 keV lower window.
        var lowerWindow = new ProjectionSet(g);
        double primarySum = primary.Counts.Sum(v => (double)v);
        float perPixel = (float)(0.3 * primarySum / primary.Counts.Length);
        // S = C_low/W_low · W_peak / 2 with W_peak = 28 keV, W_low = 6 keV, C_low chosen so S = perPixel.
        Array.Fill(lowerWindow.Counts, perPixel * 2 * 6 / 28);
        var scatter = ScatterEstimate.TripleEnergyWindow(lowerWindow, null, 28, 6, 6);
        Assert.Equal(perPixel, scatter.Counts[0], 3);
        var measured = primary with { Counts = primary.Counts.Zip(scatter.Counts, (p, s) => p + s).ToArray() };

        var corrected = OsemReconstructor.Reconstruct(measured, new OsemOptions { Iterations = 10, Subsets = 4, AdditiveScatter = scatter });
        var uncorrected = OsemReconstructor.Reconstruct(measured, new OsemOptions { Iterations = 10, Subsets = 4 });
        double truthTotal = truth.Sum();
        output.WriteLine($"total with scatter model {corrected.Sum() / truthTotal:P2}, without {uncorrected.Sum() / truthTotal:P2}");
        Assert.InRange(corrected.Sum() / truthTotal, 0.97, 1.03);
        Assert.True(uncorrected.Sum() / truthTotal > 1.15);
    }

    [Fact]
    public void Body_contour_orbit_with_centre_of_rotation_offset_reconstructs_a_sphere_in_place()
    {
        // Elliptical orbit (collimator 120-220 mm from the axis) and a 5 mm centre-of-rotation offset, modelled in both directions.
        var radii = Enumerable.Range(0, 60).Select(v => 170 + 50 * Math.Cos(2 * (v * 6 * Math.PI / 180))).ToArray();
        var g = new SpectGeometry
        {
            NumberOfViews = 60, Bins = 48, Rows = 16, PixelSpacingMm = 4, RadialPositionsMm = radii, CenterOfRotationOffsetMm = 5,
        }.Validate();
        var truth = TestPhantoms.AddSphere(TestPhantoms.Empty(g), 30, -20, 4, 10, 10);
        var expected = new RotationProjector(g, collimator: Lehr).Forward(truth);
        var measured = TestPhantoms.Poisson(TestPhantoms.Scale(expected, 20), seed: 9);
        var image = OsemReconstructor.Reconstruct(measured, new OsemOptions { Iterations = 6, Subsets = 6, Collimator = Lehr });
        double c = (48 - 1) / 2.0, cz = (16 - 1) / 2.0;
        double tx = c + 30 / 4.0, ty = c - 20 / 4.0, tz = cz + 1;
        float max = image.Voxels.Max();
        var found = TestPhantoms.Centroid(image, 0, 48, 0, 48, 0, 16, threshold: max / 2);
        double error = Math.Sqrt(Math.Pow(found.X - tx, 2) + Math.Pow(found.Y - ty, 2) + Math.Pow(found.Z - tz, 2));
        output.WriteLine($"non-circular orbit: centre error {error:F2} voxels, total {image.Sum() / (truth.Sum() * 20):P2}");
        Assert.InRange(error, 0, 0.5);
        Assert.InRange(image.Sum() / (truth.Sum() * 20), 0.97, 1.03);
    }

    [Fact]
    public void Subsets_are_interleaved_and_cover_every_view_once()
    {
        var g = SpectGeometry.Circular(120, 16, 4, 4, 200, detectors: 2);
        var subsets = SubsetOrdering.Interleaved(g, 8);
        var all = subsets.SelectMany(s => s).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 120), all);
        Assert.All(subsets, s => Assert.Equal(15, s.Length));
        // Within a subset consecutive views are 8 steps of 3° apart.
        var angles = subsets[0].Select(g.ViewAngleDeg).Order().ToArray();
        for (int i = 1; i < angles.Length; i++) Assert.Equal(24, angles[i] - angles[i - 1], 6);
    }
}
