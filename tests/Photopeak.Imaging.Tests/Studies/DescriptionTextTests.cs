using Photopeak.Imaging.Studies;

namespace Photopeak.Imaging.Tests.Studies;

/// <summary>Header free text folded for word matching across the languages of the sites.</summary>
public class DescriptionTextTests
{
    [Theory]
    [InlineData("Scintigraphie pulmonaire", " SCINTIGRAPHIE PULMONAIRE ")]
    [InlineData("perfusão/ventilação", " PERFUSAO VENTILACAO ")]
    [InlineData("Ventilación_pulmonar", " VENTILACION PULMONAR ")]
    [InlineData("Lungenperfusionsszintigraphie, ÖSOPHAGUS", " LUNGENPERFUSIONSSZINTIGRAPHIE OSOPHAGUS ")]
    [InlineData("Straße × Œdème", " STRASSE OEDEME ")]
    [InlineData("  Tc-99m  MAA ", " TC 99M MAA ")]
    [InlineData("çà ÿ ž ł", " CA Y Z L ")]
    [InlineData(null, " ")]
    public void Text_is_folded_to_unaccented_upper_case_words(string? text, string expected) =>
        Assert.Equal(expected, DescriptionText.Fold(text));

    [Fact]
    public void Words_match_whole_and_stems_match_inside_words()
    {
        var folded = DescriptionText.Fold("Perfusionsszintigraphie ventral");
        Assert.True(DescriptionText.HasStem(folded, ["PERFUS"]));
        Assert.False(DescriptionText.HasWord(folded, ["VENT"]));
        Assert.True(DescriptionText.HasWord(folded, ["VENTRAL"]));
    }
}
