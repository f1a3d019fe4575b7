using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.PulmonaryPerfusion;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>Spirometry and resection options are checked before any file is read: a value that cannot be right is a usage
/// error naming the option, never a predicted postoperative function printed as "normal".</summary>
public class LungOptionValidationTests
{
    private static List<string> Problems(PulmonaryPerfusionOptions o) => o.Problems().ToList();

    [Theory]
    [InlineData(new[] { "RLL", "RLL" }, "'RLL' overlaps 'RLL'")]
    [InlineData(new[] { "right", "RLL" }, "'RLL' overlaps 'right'")]
    [InlineData(new[] { "LUL", "lingula" }, "'lingula' overlaps 'LUL'")]
    [InlineData(new[] { "RLL", "RLL-PB" }, "'RLL-PB' overlaps 'RLL'")]
    [InlineData(new[] { "right", "left" }, "takes both lungs")]
    [InlineData(new[] { "RXL" }, "unknown resection region 'RXL'")]
    public void A_resection_that_counts_lung_twice_or_names_no_region_is_refused(string[] regions, string expected)
    {
        var problems = Problems(new PulmonaryPerfusionOptions { Resection = regions });
        Assert.Contains(problems, p => p.Contains(expected) && p.StartsWith("--resection", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("RLL")]
    [InlineData("RUL RML")]
    [InlineData("LUL-SL LUL-IL LLL")]
    [InlineData("right lung")]
    public void Distinct_regions_are_accepted(string regions) =>
        Assert.Empty(Problems(new PulmonaryPerfusionOptions { Resection = regions == "right lung" ? [regions] : regions.Split(' ') }));

    [Theory]
    [InlineData(-2.0, null, null, "--fev1-litres -2")]
    [InlineData(0.0, null, null, "--fev1-litres 0")]
    [InlineData(double.NaN, null, null, "--fev1-litres NaN")]
    [InlineData(null, 1000.0, null, "--fev1-percent-predicted 1000")]
    [InlineData(null, -5.0, null, "--fev1-percent-predicted -5")]
    [InlineData(null, null, 0.0, "--dlco-percent-predicted 0")]
    public void Spirometry_outside_plausible_ranges_is_refused_naming_the_option(double? litres, double? fev1Percent, double? dlcoPercent, string expected)
    {
        var o = new PulmonaryPerfusionOptions { Fev1Litres = litres, Fev1PercentPredicted = fev1Percent, DlcoPercentPredicted = dlcoPercent };
        Assert.Contains(Problems(o), p => p.StartsWith(expected, StringComparison.Ordinal));
        var ex = Assert.Throws<ProcedureOptionException>(() => new ProcedureRequest { Options = [o] }.Validate());
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_lobe_is_the_sum_of_its_segments_and_a_lung_of_its_lobes()
    {
        Assert.Equal(5, PredictedPostoperativeFunction.Segments("RLL").Count);
        Assert.Equal(10, PredictedPostoperativeFunction.Segments("right lung").Count);
        Assert.Equal(8, PredictedPostoperativeFunction.Segments("left").Count);
        Assert.Equal(["LUL-IL", "LUL-SL"], PredictedPostoperativeFunction.Segments("lingula").Order());
    }
}
