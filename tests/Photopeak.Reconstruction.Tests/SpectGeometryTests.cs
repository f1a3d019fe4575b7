using Photopeak.Imaging.Acquisitions;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Tests;

public class SpectGeometryTests
{
    [Fact]
    public void Dual_head_360_views_cover_the_circle_once_with_the_second_head_opposite()
    {
        var g = SpectGeometry.Circular(120, 64, 64, 4, 200, startAngleDeg: 0, direction: RotationDirection.CounterClockwiseSeenFromFeet, detectors: 2);
        Assert.Equal(3, g.StepDeg, 9);
        Assert.Equal(0, g.ViewAngleDeg(0), 9);
        Assert.Equal(177, g.ViewAngleDeg(59), 9);
        Assert.Equal(180, g.ViewAngleDeg(60), 9);
        var angles = Enumerable.Range(0, 120).Select(g.ViewAngleDeg).Order().ToArray();
        for (int i = 0; i < 120; i++) Assert.Equal(3.0 * i, angles[i], 9);
    }

    [Fact]
    public void Clockwise_cardiac_180_arc_decreases_the_start_angle_from_RAO_to_LPO()
    {
        // PS3.3 C.8.4.12: CW = decreasing angle. RAO 45 is 225°, LAO 45 135°, LPO 45 45°.
        var g = SpectGeometry.Circular(64, 64, 64, 6.4, 200, startAngleDeg: 225, arcDeg: 180, direction: RotationDirection.ClockwiseSeenFromFeet, detectors: 2);
        Assert.Equal(225, g.ViewAngleDeg(0), 9);
        Assert.Equal(225 - 2.8125, g.ViewAngleDeg(1), 9);
        Assert.Equal(135, g.ViewAngleDeg(32), 9); // second head 90° further on (L-mode)
        Assert.Equal(45 + 2.8125, g.ViewAngleDeg(63), 9);
    }

    [Fact]
    public void L_mode_second_head_behind_the_first_takes_its_own_start_angle()
    {
        var g = new SpectGeometry
        {
            NumberOfViews = 64, Bins = 64, Rows = 8, PixelSpacingMm = 6.4, StartAngleDeg = 135, ArcDeg = 180, Detectors = 2,
            Direction = RotationDirection.ClockwiseSeenFromFeet, DetectorStartAnglesDeg = [135, 225],
        }.Validate();
        Assert.Equal(135, g.ViewAngleDeg(0), 9);
        Assert.Equal(225, g.ViewAngleDeg(32), 9);
        var angles = Enumerable.Range(0, 64).Select(g.ViewAngleDeg).Order().ToArray();
        for (int i = 0; i < 64; i++) Assert.Equal(45 + 2.8125 * (i + 1), angles[i], 9); // (45°, 225°] covered once
    }

    [Theory]
    [InlineData(180, 1, 0)]   // ANT: bins towards the patient's left (+x)
    [InlineData(0, -1, 0)]    // POST: bins towards the patient's right
    [InlineData(90, 0, 1)]    // left lateral: bins towards the back (+y)
    [InlineData(270, 0, -1)]  // right lateral: bins towards the front
    public void Bin_axis_is_the_rigidly_rotated_anterior_row_direction(double startAngle, double x, double y)
    {
        var g = SpectGeometry.Circular(4, 16, 4, 4, 200, startAngleDeg: startAngle);
        var (tx, ty) = g.BinAxis(0);
        Assert.Equal(x, tx, 9);
        Assert.Equal(y, ty, 9);
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
