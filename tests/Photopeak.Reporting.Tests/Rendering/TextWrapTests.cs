using Photopeak.Reporting.Rendering;

namespace Photopeak.Reporting.Tests.Rendering;

public class TextWrapTests
{
    [Fact]
    public void No_wrapped_line_is_wider_than_the_column_even_for_one_long_word()
    {
        using var fonts = ReportFonts.Load();
        using var font = fonts.Font(8.2f);
        var text = "Heart circle (whole heart), mediastinum " + new string('x', 120) + " rectangle; mean counts/pixel";
        var lines = TextWrap.Lines(font, text, 60f);
        Assert.True(lines.Count > 5);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 60f, l));
        Assert.Equal(text.Replace(" ", ""), string.Concat(lines).Replace(" ", ""));
    }

    [Fact]
    public void Explicit_newlines_are_kept()
    {
        using var fonts = ReportFonts.Load();
        using var font = fonts.Font(10f);
        Assert.Equal(["one", "two"], TextWrap.Lines(font, "one\ntwo", 500f));
    }
}
