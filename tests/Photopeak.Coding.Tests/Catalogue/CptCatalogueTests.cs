using Photopeak.Coding.Catalogue;

namespace Photopeak.Coding.Tests.Catalogue;

public class CptCatalogueTests
{
    [Fact]
    public void Catalogue_holds_exactly_the_seventeen_codes_in_scope()
    {
        string[] expected = ["0331T", "0332T", "78453", "78454", "78472", "78473", "78481", "78483", "78580", "78582", "78597", "78598", "78803", "78830", "78831", "78832", "78835"];
        Assert.Equal(expected, CptCatalogue.All.Select(c => c.Code));
    }

    [Fact]
    public void Only_the_mibg_codes_are_category_III_and_only_78835_is_an_add_on()
    {
        Assert.Equal(["0331T", "0332T"], CptCatalogue.All.Where(c => c.Category == CptCategory.CategoryIII).Select(c => c.Code));
        Assert.Equal(["78835"], CptCatalogue.All.Where(c => c.IsAddOn).Select(c => c.Code));
        Assert.Equal("+78835", CptCatalogue.QuantificationAddOn.Display);
    }

    [Theory]
    [InlineData("0331T", ProcedureFamily.CardiacSympatheticInnervation)]
    [InlineData("78454", ProcedureFamily.PlanarMyocardialPerfusion)]
    [InlineData("78598", ProcedureFamily.PulmonaryPerfusion)]
    [InlineData("+78835", ProcedureFamily.TumourLocalisation)]
    public void Get_finds_a_code_with_or_without_plus(string code, ProcedureFamily family) =>
        Assert.Equal(family, CptCatalogue.Get(code).Family);

    [Fact]
    public void Get_throws_a_specific_exception_naming_an_unknown_code()
    {
        var ex = Assert.Throws<UnknownCptCodeException>(() => CptCatalogue.Get("78451"));
        Assert.Contains("78451", ex.Message);
    }

    [Fact]
    public void Every_description_is_a_non_empty_sentence_of_our_own()
    {
        foreach (var c in CptCatalogue.All)
        {
            Assert.True(c.Description.Length > 20, c.Code);
            Assert.DoesNotContain("(List separately in addition to code for primary procedure)", c.Description);
        }
        Assert.Equal(CptCatalogue.All.Count, CptCatalogue.All.Select(c => c.Description).Distinct().Count());
    }
}
