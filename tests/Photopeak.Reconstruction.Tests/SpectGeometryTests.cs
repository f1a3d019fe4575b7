using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Tests;

public class SpectGeometryTests
{
    [Fact]
    public void Dual_head_360_views_cover_the_circle_once_with_the_second_head_opposite()
    {
        var g = SpectGeometry.Circular(120, 64, 64, 4, 200, startAngleDeg: 0, detectors: 2);
        Assert.Equal(3, g.StepDeg, 9);
        Assert.Equal(0, g.ViewAngleDeg(0), 9);
        Assert.Equal(177, g.ViewAngleDeg(59), 9);
        Assert.Equal(180, g.ViewAngleDeg(60), 9);
        var angles = Enumerable.Range(0, 120).Select(g.ViewAngleDeg).Order().ToArray();
        for (int i = 0; i < 120; i++) Assert.Equal(3.0 * i, angles[i], 9);
    }

    [Fact]
    public void Counter_clockwise_cardiac_180_arc_runs_backwards_from_the_start_angle()
    {
        var g = SpectGeometry.Circular(64, 64, 64, 6.4, 200, startAngleDeg: 45, arcDeg: 180, direction: RotationDirection.CounterClockwise, detectors: 2);
        Assert.Equal(45, g.ViewAngleDeg(0), 9);
        Assert.Equal(45 - 2.8125, g.ViewAngleDeg(1), 9);
        Assert.Equal(315, g.ViewAngleDeg(32), 9); // second head 90° further on
    }

    [Fact]
    public void Body_contour_orbit_gives_each_view_its_radius()
    {
        var g = new SpectGeometry { NumberOfViews = 3, Bins = 16, Rows = 4, PixelSpacingMm = 4, RadialPositionsMm = [150, 175, 200] }.Validate();
        Assert.False(g.IsCircular);
        Assert.Equal(175, g.ViewRadiusMm(1));
    }

    [Fact]
    public void Inconsistent_geometries_are_rejected_naming_the_parameter()
    {
        Assert.Contains("detectors", Assert.Throws<SpectGeometryException>(() => SpectGeometry.Circular(61, 16, 4, 4, 200, detectors: 2)).Message);
        Assert.Contains("radial positions", Assert.Throws<SpectGeometryException>(() =>
            new SpectGeometry { NumberOfViews = 4, Bins = 16, Rows = 4, PixelSpacingMm = 4, RadialPositionsMm = [1, 2] }.Validate()).Message);
        Assert.Contains("spacing", Assert.Throws<SpectGeometryException>(() => SpectGeometry.Circular(4, 16, 4, 0, 200)).Message);
    }

    [Fact]
    public void Lehr_system_resolution_at_10_cm_is_about_7_mm()
    {
        // LEHR (D 1.11 mm, L 24.05 mm) with 3.8 mm intrinsic: vendor data sheets quote 7.4-7.5 mm system FWHM at 10 cm.
        double fwhm = CollimatorResponse.LowEnergyHighResolution.FwhmMm(100);
        Assert.InRange(fwhm, 6.8, 7.6);
        Assert.Equal(Math.Sqrt(3.8 * 3.8 + Math.Pow(1.11 * (24.05 - 2 / 2.7 + 100) / (24.05 - 2 / 2.7), 2)), fwhm, 9);
    }
}
