using Photopeak.Reporting.Rendering;

namespace Photopeak.Reporting.Tests.Rendering;

public class TextReportRendererTests
{
    [Fact]
    public void Text_report_has_sections_values_methods_codes_and_draft_line()
    {
        var report = SampleReports.Mibg();
        var text = TextReportRenderer.Render(report);
        Assert.StartsWith("*** DRAFT", text);
        foreach (var section in new[] { "INDICATION", "TECHNIQUE", "FINDINGS", "MEASUREMENTS", "FIGURES", "IMPRESSION", "PROCEDURE CODES (CPT)", "QUALITY CONTROL" })
            Assert.Contains(section + "\n", text);
        foreach (var m in report.Measurements)
        {
            Assert.Contains(m.FormattedValue, text);
            Assert.Contains(m.Name, text);
        }
        Assert.Contains("0331T", text);
        Assert.Contains("why: I-123 mIBG innervation imaging", text);
        Assert.Contains("Injection:", text);
        Assert.Contains("15 min after injection", text);
        Assert.Contains("4 h 00 min after injection", text);
        // An acquisition before the injection (ventilation before the perfusion tracer) reads "before", not a negative time after.
        var before = report with { Technique = report.Technique with { Acquisitions = [new("Ventilation ANT", report.Technique.InjectionTime!.Value.AddMinutes(-13), 90)] } };
        Assert.Contains("13 min before injection", TextReportRenderer.Render(before));
        Assert.Contains("159 keV ± 10%", text);
        Assert.Contains("LOW", text);
        Assert.DoesNotContain("\r", text);
    }

    [Fact]
    public void Text_lines_stay_within_100_characters_except_unbreakable_words()
    {
        var text = TextReportRenderer.Render(SampleReports.LongWithAllFigures());
        foreach (var line in text.Split('\n'))
            Assert.True(line.Length <= 100 || !line.Trim().Contains(' ') || line.Contains("xxxxxxxxxx"), line);
    }

    [Fact]
    public void Polar_map_and_bar_chart_values_are_listed()
    {
        var text = TextReportRenderer.Render(SampleReports.LongWithAllFigures());
        Assert.Contains("segment scores 1-17: 0 0 1 2 3 4 0 1 1 2 3 0 0 1 2 0 1; summed 21", text);
        Assert.Contains("R upper 14.2", text);
    }

    [Fact]
    public void Line_chart_is_summarised_per_series_with_its_maximum()
    {
        var text = TextReportRenderer.Render(SampleReports.WithFirstPassCurves());
        Assert.Contains("\n    RV: 624 points, maximum 450 at 4 s\n", text);
        Assert.Contains("\n    LV: 625 points, maximum 312 at 9.4 s\n", text);
        var unitless = SampleReports.FirstPassCurves() with { XAxisLabel = "Frame" };
        Assert.Contains("LV: 625 points, maximum 312 at Frame 9.4", TextReportRenderer.Render(SampleReports.Mibg() with { Figures = [unitless] }));
    }
}
