using System.Text.RegularExpressions;
using Photopeak.Reporting.Model;
using Photopeak.Reporting.Rendering.Pdf;

namespace Photopeak.Reporting.Tests.Rendering;

public class PdfReportRendererTests
{
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 20, 15, 30, 0, TimeSpan.Zero);

    private static string? PdfText(byte[] pdf, string name)
    {
        if (!ExternalTool.Require("pdftotext")) return null;
        var (code, text, err) = ExternalTool.Run("pdftotext", ["-layout", TempFiles.Write(name, pdf), "-"]);
        Assert.True(code == 0, err);
        return text;
    }

    private static int? PageCount(byte[] pdf, string name)
    {
        if (!ExternalTool.Require("pdfinfo")) return null;
        var (code, info, err) = ExternalTool.Run("pdfinfo", [TempFiles.Write(name, pdf)]);
        Assert.True(code == 0, err);
        return int.Parse(Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Draft_pdf_is_a_real_pdf_with_the_values_codes_and_draft_marking()
    {
        var report = SampleReports.Mibg();
        var pdf = PdfReportRenderer.Render(report);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.Equal(2, PageCount(pdf, "mibg-draft.pdf") ?? 2);
        var text = PdfText(pdf, "mibg-draft.pdf");
        if (text is null) return;
        foreach (var m in report.Measurements) Assert.Contains(m.FormattedValue, text);
        Assert.Contains("DRAFT", text);
        Assert.Contains("0331T", text);
        Assert.Contains("Documentation check: complete", text);
        Assert.Contains("Doe, Jane", text);
    }

    [Fact]
    public void Every_page_shows_patient_id_study_date_and_page_number()
    {
        var pdf = PdfReportRenderer.Render(SampleReports.LongWithAllFigures());
        var pages = PageCount(pdf, "long.pdf");
        var text = PdfText(pdf, "long.pdf");
        if (pages is null || text is null) return;
        Assert.True(pages >= 3, $"{pages} pages");
        var pageTexts = text.Split('\f', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Trim().Length > 0).ToArray();
        Assert.Equal(pages, pageTexts.Length);
        for (var i = 0; i < pageTexts.Length; i++)
        {
            Assert.Contains($"Page {i + 1} of {pages}", pageTexts[i]);
            Assert.Contains("Patient ID: PP-000123", pageTexts[i]);
            Assert.Contains("2026-11-20", pageTexts[i]);
            Assert.Contains("DRAFT", pageTexts[i]);
        }
    }

    [Fact]
    public void A_table_running_over_a_page_keeps_every_row_and_repeats_its_header()
    {
        var report = SampleReports.LongWithAllFigures();
        var text = PdfText(PdfReportRenderer.Render(report), "long-table.pdf");
        if (text is null) return;
        foreach (var m in report.Measurements) Assert.Contains(m.FormattedValue, text);
        for (var i = 1; i <= 45; i++) Assert.Contains($"Segment {i} uptake", text);
        Assert.True(Regex.Matches(text, @"Measurement\s+Value\s+Unit").Count >= 2, "table header should repeat on the next page");
    }

    [Fact]
    public void Signed_pdf_has_no_draft_marking_and_names_the_signer()
    {
        var pdf = PdfReportRenderer.Render(SampleReports.Mibg().Sign("Dr. B. Nuclear", SignedAt));
        var text = PdfText(pdf, "mibg-signed.pdf");
        if (text is null) return;
        Assert.DoesNotContain("DRAFT", text);
        Assert.Contains("Electronically signed by Dr. B. Nuclear", text);
        Assert.Contains("Signed, version 1", text);
    }

    [Fact]
    public void Missing_documentation_is_shown_in_the_pdf()
    {
        var report = SampleReports.Mibg() with { Impression = "" };
        var text = PdfText(PdfReportRenderer.Render(report), "missing.pdf");
        if (text is null) return;
        Assert.Contains("1 required element(s) missing", text);
        Assert.Contains("Impression (required by 0331T)", text);
    }

    [Fact]
    public void Images_are_embedded_losslessly_at_their_native_matrix()
    {
        if (!ExternalTool.Require("pdfimages")) return;
        var (code, list, err) = ExternalTool.Run("pdfimages", ["-list", TempFiles.Write("images.pdf", PdfReportRenderer.Render(SampleReports.Mibg()))]);
        Assert.True(code == 0, err);
        var rows = list.Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToArray();
        Assert.Equal(2, rows.Length);
        foreach (var row in rows)
        {
            var cols = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["128", "128", "gray"], cols[3..6]);
            Assert.NotEqual("jpeg", cols[8]);
        }
    }

    [Fact]
    public void A_table_cell_longer_than_a_page_is_split_and_no_text_enters_the_footer()
    {
        var words = string.Join(' ', Enumerable.Range(1, 700).Select(i => $"word{i}"));
        var report = SampleReports.Mibg() with { Measurements = [new Measurement("Very long method", 1.234, "", words) { Decimals = 3 }] };
        var pdf = PdfReportRenderer.Render(report);
        if (!ExternalTool.Require("pdftotext")) return;
        var (code, bbox, err) = ExternalTool.Run("pdftotext", ["-bbox", TempFiles.Write("long-cell.pdf", pdf), "-"]);
        Assert.True(code == 0, err);
        var found = new HashSet<string>();
        foreach (Match m in Regex.Matches(bbox, "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>"))
        {
            var word = m.Groups[5].Value;
            if (!word.StartsWith("word", StringComparison.Ordinal)) continue;
            found.Add(word);
            double D(int g) => double.Parse(m.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture);
            // Content ends 48 points above the bottom of the A4 page (841.89 pt); the footer rule is at 803.9.
            Assert.True(D(4) < 841.89 - 48 + 1, $"{word} reaches y = {D(4)}");
            Assert.True(D(3) <= 595.28 - 42 + 1, $"{word} reaches x = {D(3)}");
        }
        Assert.Equal(700, found.Count);
    }

    [Fact]
    public void Line_chart_is_drawn_in_the_pdf_with_its_axis_legend_and_marker_labels()
    {
        var pdf = PdfReportRenderer.Render(SampleReports.WithFirstPassCurves());
        var text = PdfText(pdf, "first-pass.pdf");
        if (text is null) return;
        foreach (var s in new[] { "First-pass time-activity curves", "Time (s)", "RV start", "LV end" })
            Assert.Contains(s, text);
        Assert.Matches(@"RV\s+LV", text);                                   // the legend row
    }
}
