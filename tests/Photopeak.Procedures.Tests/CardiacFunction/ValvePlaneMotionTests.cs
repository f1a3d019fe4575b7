using Photopeak.Procedures.CardiacFunction;

namespace Photopeak.Procedures.Tests.CardiacFunction;

/// <summary>The valve line's motion and cut on images built here with known geometry, not by the simulator.</summary>
public sealed class ValvePlaneMotionTests
{
    private const int Size = 64;
    private const double PixelMm = 4;

    // Eight snapshots of a band of "basal myocardium" beyond a valve line 3 pixels above the centre (row 32, column 32), moving
    // up and down by amplitudeMm·cos(2πf/8), on a flat background.
    private static float[][] MovingBand(double amplitudeMm) => [.. Enumerable.Range(0, 8).Select(f =>
    {
        var frame = new float[Size * Size];
        var offsetPx = amplitudeMm * Math.Cos(2 * Math.PI * f / 8) / PixelMm;
        for (var r = 0; r < Size; r++)
            for (var c = 0; c < Size; c++)
            {
                double dr = r - (32 - 8 - offsetPx), dc = c - 32;
                frame[r * Size + c] = (float)(10 + 100 * Math.Exp(-dr * dr / (2 * 2.0 * 2.0)) * Math.Exp(-dc * dc / (2 * 6.0 * 6.0)));
            }
        return frame;
    })];

    [Theory]
    [InlineData(2.0)]
    [InlineData(6.0)]
    public void A_band_moving_along_the_long_axis_moves_the_valve_line_by_its_translation(double amplitudeMm)
    {
        // Up the image is away from the apex here: u = (−1, 0) in (row, column).
        var shifts = ValvePlaneMotion.ShiftsPx(MovingBand(amplitudeMm), Size, Size, PixelMm, (32, 32), (-1, 0), lineDistancePx: 3, outermostBorderPx: 6);
        // Snapshots, not frames averaging their eighth of the cycle: the first harmonic comes back divided by sinc(π/8).
        var expectedMm = amplitudeMm / GatedCycle.FrameIntegrationGain(1, 8);
        for (var f = 0; f < 8; f++)
            Assert.InRange(shifts[f] * PixelMm, expectedMm * Math.Cos(2 * Math.PI * f / 8) - 0.25, expectedMm * Math.Cos(2 * Math.PI * f / 8) + 0.25);
    }

    [Fact]
    public void A_still_heart_keeps_its_valve_line()
    {
        var shifts = ValvePlaneMotion.ShiftsPx(MovingBand(0), Size, Size, PixelMm, (32, 32), (-1, 0), lineDistancePx: 3, outermostBorderPx: 6);
        Assert.All(shifts, s => Assert.InRange(s * PixelMm, -0.05, 0.05));
    }

    [Theory]
    [InlineData(2.0, 70.0)]
    [InlineData(-7.0, 0.0)]
    [InlineData(10.0, 100.0)]
    [InlineData(-2.5, 25.0)]
    public void The_cavity_is_cut_by_a_half_plane(double lineDistancePx, double expectedAreaPx2)
    {
        // A 10-pixel square round (5, 5), the line across the columns.
        double[][] square = [[0, 0], [0, 10], [10, 10], [10, 0]];
        Assert.Equal(expectedAreaPx2, ValvePlaneMotion.AreaBelowLinePx2(square, (5, 5), (0, 1), lineDistancePx), 9);
    }
}
