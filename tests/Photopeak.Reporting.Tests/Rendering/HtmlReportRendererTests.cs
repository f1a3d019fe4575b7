using System.Text.RegularExpressions;
using Photopeak.Reporting.Rendering;

namespace Photopeak.Reporting.Tests.Rendering;

public class HtmlReportRendererTests
{
    [Fact]
    public void Html_contains_the_values_and_inlined_png_figures_and_nothing_external()
    {
        var report = SampleReports.LongWithAllFigures();
        var html = HtmlReportRenderer.Render(report);
        Assert.StartsWith("<!DOCTYPE html>", html);
        foreach (var m in report.Measurements) Assert.Contains(m.FormattedValue, html);
        var images = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(report.Figures.Count, images.Count);
        foreach (Match img in images)
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, Convert.FromBase64String(img.Groups[1].Value)[..4]);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("DRAFT", html);
        Assert.Contains("@page", html);
        Assert.Contains("0331T", html);
    }

    [Fact]
    public void Html_escapes_text()
    {
        var report = SampleReports.Mibg() with { Impression = "H/M <1.6 & WR >30% " };
        var html = HtmlReportRenderer.Render(report);
        Assert.Contains("H/M &lt;1.6 &amp; WR &gt;30%", html);
    }

    [Fact]
    public void Signed_html_has_no_draft_marking()
    {
        var html = HtmlReportRenderer.Render(SampleReports.Mibg().Sign("Dr. B. Nuclear", DateTimeOffset.UnixEpoch));
        Assert.DoesNotContain("DRAFT", html);
        Assert.Contains("Electronically signed by Dr. B. Nuclear", html);
    }
}
