using Photopeak.Procedures.CardiacSympathetic;

namespace Photopeak.Procedures.Tests.CardiacSympathetic;

public class FormulaTests
{
    private const double I123HalfLifeHours = 13.2235; // NNDC, the value the radionuclide table pins

    private static double Dcf(double hours) => Math.Pow(2, hours / I123HalfLifeHours);

    [Fact]
    public void Heart_to_mediastinum_ratio_is_the_ratio_of_mean_counts_per_pixel() =>
        Assert.Equal(2.5, HeartToMediastinumRatio.Compute(250, 100), 12);

    [Fact]
    public void Heart_to_mediastinum_ratio_refuses_an_empty_mediastinum() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HeartToMediastinumRatio.Compute(10, 0));

    [Fact]
    public void Washout_is_decay_corrected_for_I123()
    {
        // Pure decay over 3.6 h and no biological washout: late counts are early counts × 2^(-3.6/T½), so WR must be 0.
        var early = 1000.0;
        var late = early / Dcf(3.6);
        Assert.Equal(0.0, WashoutRate.WithoutBackground(early, late, Dcf(3.6)), 9);
        Assert.Equal(1.2076, Dcf(3.6), 3);
        // 20% biological loss on top of decay.
        Assert.Equal(20.0, WashoutRate.WithoutBackground(early, 0.8 * late, Dcf(3.6)), 9);
    }

    [Fact]
    public void Background_corrected_washout_subtracts_the_mediastinum_before_decay_correction()
    {
        var dcf = Dcf(3.75);
        // He 300, Me 100; late net heart 150 at the early time scale -> WR_BG = (200 - 150)/200 = 25 %.
        var heartLate = (150.0 + 80.0) / dcf;
        var mediastinumLate = 80.0 / dcf;
        Assert.Equal(25.0, WashoutRate.WithBackground(300, 100, heartLate, mediastinumLate, dcf), 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => WashoutRate.WithBackground(100, 100, 50, 50, dcf));
    }

    [Fact]
    public void Standardisation_maps_lehr_ratio_to_the_medium_energy_scale()
    {
        var cc = CollimatorConversion.Default(CollimatorClass.Lehr);
        Assert.Equal(0.53, cc.Value);
        // 1 + 0.88/0.53 × 0.6 = 1.99623
        Assert.Equal(1.0 + 0.88 / 0.53 * 0.6, CollimatorConversion.Standardise(1.6, cc), 12);
        Assert.Equal(1.0, CollimatorConversion.Standardise(1.0, cc), 12);
        // A system with CC 0.88 is the reference: unchanged.
        Assert.Equal(2.3, CollimatorConversion.Standardise(2.3, new ConversionCoefficient(0.88, 0, "reference")), 12);
    }

    [Theory]
    [InlineData("LEHR", CollimatorClass.Lehr)]
    [InlineData("LEUHR", CollimatorClass.Lehr)]
    [InlineData("LEGP", CollimatorClass.Legp)]
    [InlineData("LEAP", CollimatorClass.Legp)]
    [InlineData("ELEGP", CollimatorClass.Elegp)]
    [InlineData("ME", CollimatorClass.Megp)]
    [InlineData("MEGP", CollimatorClass.Megp)]
    [InlineData("MELP", CollimatorClass.Melp)]
    public void Collimator_class_is_recognised_from_vendor_names(string name, CollimatorClass expected) =>
        Assert.Equal(expected, CollimatorConversion.Recognise(name));

    [Fact]
    public void Unknown_collimator_name_is_not_guessed() => Assert.Null(CollimatorConversion.Recognise("PINHOLE"));

    [Theory]
    [InlineData(1.59, InnervationCategory.Low)]
    [InlineData(1.60, InnervationCategory.Intermediate)]
    [InlineData(2.19, InnervationCategory.Intermediate)]
    [InlineData(2.20, InnervationCategory.Normal)]
    public void Standardised_late_ratio_falls_in_the_published_bands(double hm, InnervationCategory expected) =>
        Assert.Equal(expected, InnervationThresholds.Categorise(hm));
}
