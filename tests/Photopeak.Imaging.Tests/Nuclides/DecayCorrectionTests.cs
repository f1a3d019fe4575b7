using Photopeak.Imaging.Nuclides;

namespace Photopeak.Imaging.Tests.Nuclides;

// Hand-computed with CLINICAL.md 1.2: DCF = exp(ln2 · Δt / T½); frame average = λT / (1 - exp(-λT)).
public class DecayCorrectionTests
{
    [Fact]
    public void I123_counts_3_6_hours_later_are_corrected_by_1_208()
    {
        // exp(0.693147 · 3.6 / 13.223) = exp(0.188712) = 1.20769
        var factor = DecayCorrection.Factor(Radionuclide.I123.HalfLifeHours, 3.6);
        Assert.Equal(1.20769, factor, 1e-4);
    }

    [Fact]
    public void Factor_between_two_instants_uses_the_time_between_them()
    {
        var injection = new DateTime(2025, 3, 1, 9, 0, 0);
        var early = injection.AddMinutes(15);
        var late = early.AddHours(3.6);
        Assert.Equal(1.20769, DecayCorrection.Factor(Radionuclide.I123, early, late), 1e-4);
        Assert.Equal(1 / 1.20769, DecayCorrection.Factor(Radionuclide.I123, late, early), 1e-4);
    }

    [Fact]
    public void One_half_life_halves_the_activity_and_doubles_the_correction()
    {
        foreach (var n in Radionuclide.All)
        {
            Assert.Equal(0.5, DecayCorrection.RemainingFraction(n.HalfLifeHours, n.HalfLifeHours), 1e-12);
            Assert.Equal(2.0, DecayCorrection.Factor(n.HalfLifeHours, n.HalfLifeHours), 1e-12);
        }
    }

    [Fact]
    public void Tc99m_lambda_is_ln2_over_6_0072_hours()
    {
        Assert.Equal(0.1153860, Radionuclide.Tc99m.LambdaPerHour, 1e-6);
    }

    [Fact]
    public void Frame_average_factor_for_a_30_minute_Tc99m_frame()
    {
        // x = 0.1153861 · 0.5 = 0.0576930; x / (1 - e^-x) = 0.0576930 / 0.0560606 = 1.029124
        Assert.Equal(1.029124, DecayCorrection.FrameAverageFactor(Radionuclide.Tc99m.HalfLifeHours, 0.5), 1e-5);
        Assert.Equal(1.029124, DecayCorrection.FrameAverageFactor(Radionuclide.Tc99m.HalfLifeHours, TimeSpan.FromMinutes(30)), 1e-5);
    }

    [Fact]
    public void Frame_average_factor_tends_to_one_for_short_frames_without_losing_precision()
    {
        Assert.Equal(1.0, DecayCorrection.FrameAverageFactor(6.0072, 0), 15);
        // 1 s frame of Kr-81m (T½ 13.1 s): x = 0.052911, factor = 1 + x/2 + x²/12 ≈ 1.026689
        Assert.Equal(1.026689, DecayCorrection.FrameAverageFactor(Radionuclide.Kr81m.HalfLifeHours, 1.0 / 3600), 1e-5);
        // 0.1 s frame of Tc-99m: series branch; x/2 = 1.6e-6
        Assert.Equal(1 + Math.Log(2) / 6.0072 * (0.1 / 3600) / 2, DecayCorrection.FrameAverageFactor(6.0072, 0.1 / 3600), 1e-11);
    }

    [Fact]
    public void Non_positive_half_life_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DecayCorrection.LambdaPerHour(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecayCorrection.FrameAverageFactor(6, -1));
    }
}
