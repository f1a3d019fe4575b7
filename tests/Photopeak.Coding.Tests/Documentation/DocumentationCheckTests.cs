using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Documentation;

namespace Photopeak.Coding.Tests.Documentation;

public class DocumentationCheckTests
{
    private static HashSet<ReportElement> AllBut(IEnumerable<ReportElement> required, params ReportElement[] absent) =>
        required.Except(absent).ToHashSet();

    [Fact]
    public void A_report_with_every_required_element_is_complete()
    {
        var result = DocumentationCheck.Check([CptCatalogue.MibgPlanar], CodeRequirements.For(CptCatalogue.MibgPlanar).ToHashSet());
        Assert.True(result.IsComplete);
    }

    [Fact]
    public void Check_lists_exactly_the_missing_elements_with_readable_names()
    {
        var required = CodeRequirements.For(CptCatalogue.MibgPlanar);
        var present = AllBut(required, ReportElement.WashoutRate, ReportElement.HeartToMediastinumLate);
        var result = DocumentationCheck.Check([CptCatalogue.MibgPlanar], present);
        Assert.Equal([ReportElement.HeartToMediastinumLate, ReportElement.WashoutRate], result.Missing.Select(m => m.Element));
        Assert.Equal(["Late heart-to-mediastinum ratio", "Washout rate with method"], result.Missing.Select(m => m.Name));
        Assert.All(result.Missing, m => Assert.Equal(["0331T"], m.RequiredBy.Select(c => c.Code)));
    }

    [Fact]
    public void Spect_code_0332T_additionally_requires_the_spect_assessment()
    {
        var present = CodeRequirements.For(CptCatalogue.MibgPlanar).ToHashSet();
        var result = DocumentationCheck.Check([CptCatalogue.MibgPlanarWithSpect], present);
        Assert.Equal([ReportElement.SpectAssessment, ReportElement.SegmentScores], result.Missing.Select(m => m.Element));
    }

    [Theory]
    [InlineData("78453", ReportElement.EjectionFractionWithMethod)]
    [InlineData("78453", ReportElement.WallMotion)]
    [InlineData("78454", ReportElement.Reversibility)]
    [InlineData("78580", ReportElement.PerfusionViews)]
    [InlineData("78582", ReportElement.VentilationPerfusionComparison)]
    [InlineData("78597", ReportElement.QuantitativeDifferentialSplit)]
    [InlineData("78598", ReportElement.QuantitativeDifferentialSplit)]
    [InlineData("78830", ReportElement.CtLocalisation)]
    [InlineData("78831", ReportElement.AreasAndDaysImaged)]
    [InlineData("78835", ReportElement.QuantificationMeasurementWithDefinition)]
    [InlineData("0331T", ReportElement.HeartToMediastinumLate)]
    public void Each_code_requires_its_key_element(string code, ReportElement element) =>
        Assert.Contains(element, CodeRequirements.For(CptCatalogue.Get(code)));

    [Fact]
    public void Imaging_only_lung_and_spect_only_codes_do_not_require_what_they_do_not_include()
    {
        Assert.DoesNotContain(ReportElement.QuantitativeDifferentialSplit, CodeRequirements.For(CptCatalogue.LungPerfusion));
        Assert.DoesNotContain(ReportElement.VentilationImages, CodeRequirements.For(CptCatalogue.LungQuantitativePerfusion));
        Assert.DoesNotContain(ReportElement.CtLocalisation, CodeRequirements.For(CptCatalogue.TumourSpectMultiple));
        Assert.DoesNotContain(ReportElement.SpectAssessment, CodeRequirements.For(CptCatalogue.MibgPlanar));
    }

    [Fact]
    public void An_element_missing_for_two_codes_is_listed_once_naming_both()
    {
        var present = AllBut(CodeRequirements.For(CptCatalogue.TumourSpectCtSingle), ReportElement.Impression);
        var result = DocumentationCheck.Check([CptCatalogue.TumourSpectCtSingle, CptCatalogue.QuantificationAddOn], present);
        Assert.Equal([ReportElement.Impression, ReportElement.QuantificationMeasurementWithDefinition], result.Missing.Select(m => m.Element));
        Assert.Equal(["78830"], result.Missing[0].RequiredBy.Select(c => c.Code));
        Assert.Equal("Impression (required by 78830)", result.Missing[0].ToString());
    }

    [Fact]
    public void Every_element_has_a_readable_name_and_every_code_has_requirements()
    {
        foreach (var e in Enum.GetValues<ReportElement>()) Assert.False(string.IsNullOrWhiteSpace(ReportElementNames.Of(e)));
        foreach (var c in CptCatalogue.All) Assert.NotEmpty(CodeRequirements.For(c));
    }

    [Fact]
    public void No_codes_means_nothing_is_missing()
    {
        Assert.True(DocumentationCheck.Check([], new HashSet<ReportElement>()).IsComplete);
    }
}
