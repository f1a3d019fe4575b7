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

    [Fact]
    public void An_8000_character_unbroken_word_wraps_in_linear_time()
    {
        using var fonts = ReportFonts.Load();
        using var font = fonts.Font(8.2f);
        var text = "Series " + new string('W', 8000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lines = TextWrap.Lines(font, text, 120f);
        clock.Stop();
        // Counting down a character at a time took minutes on this input (issue 17.3); doubling and bisecting is milliseconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 120f, l));
        Assert.Equal(text.Replace(" ", ""), string.Concat(lines).Replace(" ", ""));
        Assert.True(lines.Count > 100);
    }

    [Fact]
    public void Fitting_length_is_the_longest_prefix_that_fits()
    {
        using var fonts = ReportFonts.Load();
        using var font = fonts.Font(10f);
        var text = new string('m', 500);
        var n = TextWrap.FittingLength(font, text, 100f);
        Assert.True(font.MeasureText(text[..n]) <= 100f);
        Assert.True(font.MeasureText(text[..(n + 1)]) > 100f);
    }
}
