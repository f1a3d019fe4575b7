using Photopeak.Procedures.TumourLocalisation;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

public sealed class TumourOptionValidationTests
{
    [Theory]
    [InlineData(-1.0, null, null, "--cf")]
    [InlineData(0.0, null, null, "--cf")]
    [InlineData(double.NaN, null, null, "--cf")]
    [InlineData(100.0, "Unobtainium-999", null, "--cf-nuclide")]
    [InlineData(null, "I-123", null, "without --cf")]
    [InlineData(null, null, 1000.0, "--weight-kg")]
    [InlineData(null, null, 0.0, "--weight-kg")]
    public void Out_of_range_options_are_named(double? cf, string? nuclide, double? weight, string named)
    {
        var problems = new TumourSpectOptions { CfCpsPerMBq = cf, CfNuclide = nuclide, WeightKg = weight }.Problems().ToList();
        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Sensible_options_have_no_problem() =>
        Assert.Empty(new TumourSpectOptions { CfCpsPerMBq = 107.3, CfNuclide = "I-123", WeightKg = 70 }.Problems());
}
