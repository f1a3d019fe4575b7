using Photopeak.Reconstruction.Quantification;

namespace Photopeak.Reconstruction.Tests;

/// <summary>The calibration-factor arithmetic against hand calculations (CLINICAL §1.2 and §4).</summary>
public sealed class CalibrationArithmeticTests
{
    // 10³ voxels of 4 mm (0.064 ml), 50 counts per 20 s view, 600 s scan of Tc-99m-like T½ = 6 h; 300 MBq in 8000 ml.
    // By hand: λT = ln2 / 21600 s × 600 s = 0.0192541; frame-average factor λT / (1 − e^(−λT)) = 1.0096579;
    // voxel rate at scan start = 50 / 20 × 1.0096579 = 2.5241448 cps; C = 300 / 8000 = 0.0375 MBq/ml;
    // CF = 2.5241448 / (0.0375 × 0.064) = 1051.7270 cps/MBq.
    private static readonly AcquisitionTiming Timing = new(20, 600, 6);

    private static Volume3D Uniform(float value)
    {
        var v = new Volume3D(10, 10, 10, 4, 4, 4);
        Array.Fill(v.Voxels, value);
        return v;
    }

    [Fact]
    public void Frame_average_factor_matches_the_hand_calculation()
    {
        Assert.Equal(1.0096579, Timing.FrameAverageFactor, 7);
        Assert.Equal(1.0, new AcquisitionTiming(20, 600, 1e12).FrameAverageFactor, 9); // stable source
    }

    [Fact]
    public void Concentration_calibration_factor_matches_the_hand_calculation()
    {
        var all = new CylinderVoi(0, 0, 0, 100, 100); // holds all 10 × 10 × 10 voxels (corners at 25.5 mm from the axis)
        var cf = CalibrationFactor.FromUniformCylinder(Uniform(50), all, 300, 8000, Timing);
        Assert.Equal(1051.7270, cf.CountsPerSecondPerMBq, 3);
        Assert.Equal(1000, cf.VoiVoxels);
        Assert.Equal(0, cf.VoiCoefficientOfVariationPercent!.Value, 6);
        Assert.Equal(CalibrationMethod.Concentration, cf.Method);
        // Inverse: 50 counts per view → 0.0375 MBq/ml = 37 500 Bq/ml; the volume holds 0.0375 × 64 ml = 2.4 MBq.
        Assert.Equal(37_500, cf.ConcentrationBqPerMl(50, 0.064, Timing), 6);
        Assert.Equal(37_500, cf.ConcentrationVolumeBqPerMl(Uniform(50), Timing)[3, 4, 5], 1);
        Assert.Equal(2.4, cf.TotalActivityMBq(Uniform(50), Timing), 9);
    }

    [Fact]
    public void Total_count_calibration_factor_matches_the_hand_calculation()
    {
        // Σ = 50 000 counts per view → 2524.1448 cps at scan start over 2.4 MBq = 1051.7270 cps/MBq, as above.
        var cf = CalibrationFactor.FromTotalCounts(Uniform(50), 2.4, Timing);
        Assert.Equal(1051.7270, cf.CountsPerSecondPerMBq, 3);
        Assert.Equal(CalibrationMethod.TotalCounts, cf.Method);
        Assert.Null(cf.VoiCoefficientOfVariationPercent);
    }

    [Fact]
    public void Concentration_voi_counts_voxels_by_their_centres()
    {
        // Radius 6 mm about the axis between voxel centres ±2, ±6 mm: the 4 central columns (centres 2.8 mm off) of the
        // 10 slices whose centres lie within ±18 mm of the middle... all 10 slices span ±18 mm, a 20 mm length holds 6.
        var voi = new CylinderVoi(0, 0, 0, 6, 20);
        var cf = CalibrationFactor.FromUniformCylinder(Uniform(50), voi, 300, 8000, Timing);
        Assert.Equal(4 * 6, cf.VoiVoxels);
        Assert.Equal(1051.7270, cf.CountsPerSecondPerMBq, 3); // a uniform image gives the same CF in any VOI
    }

    [Fact]
    public void Voi_at_the_centroid_shrinks_inwards_and_rejects_what_leaves_nothing()
    {
        var v = Uniform(0);
        v[7, 5, 5] = 1; // 2 voxels right of centre 4.5 → +10 mm
        var voi = CylinderVoi.AtCentroid(v, 108, 186).Shrunk(20);
        Assert.Equal(new CylinderVoi(10, 2, 2, 88, 146), voi);
        Assert.Throws<ArgumentException>(() => voi.Shrunk(90));
        Assert.Throws<ArgumentException>(() => CylinderVoi.AtCentroid(Uniform(0), 108, 186));
    }

    [Fact]
    public void Bad_calibration_input_is_rejected_with_a_message()
    {
        var outside = new CylinderVoi(500, 0, 0, 10, 10);
        var e = Assert.Throws<ArgumentException>(() => CalibrationFactor.FromUniformCylinder(Uniform(50), outside, 300, 8000, Timing));
        Assert.Contains("holds no voxel", e.Message);
        Assert.Throws<ArgumentException>(() => CalibrationFactor.FromUniformCylinder(Uniform(50), new CylinderVoi(0, 0, 0, 100, 100), 0, 8000, Timing));
        Assert.Throws<ArgumentException>(() => CalibrationFactor.FromTotalCounts(Uniform(0), 2.4, Timing));
        Assert.Throws<ArgumentException>(() => CalibrationFactor.FromTotalCounts(Uniform(50), 2.4, new AcquisitionTiming(0, 600, 6)));
        Assert.Throws<ArgumentException>(() => new AcquisitionTiming(20, 10, 6).Validate());
    }
}
