using Photopeak.Reporting.Model;
using Photopeak.Reporting.Rendering.Pdf;

namespace Photopeak.Reporting.Tests.Rendering;

public class PdfReportRendererTests
{
    private static string WriteTemp(byte[] bytes, string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "photopeak-report-tests");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Pdf_is_a_real_pdf_with_the_values_and_draft_marking()
    {
        var report = SampleReports.Mibg();
        var pdf = PdfReportRenderer.Render(report);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        if (!ExternalTool.Require("pdftotext")) return;
        var path = WriteTemp(pdf, "mibg-draft.pdf");
        var (code, text, err) = ExternalTool.Run("pdftotext", ["-layout", path, "-"]);
        Assert.True(code == 0, err);
        foreach (var m in report.Measurements) Assert.Contains(m.FormattedValue, text);
        Assert.Contains("DRAFT", text);
        Assert.Contains("0331T", text);
        Assert.Contains("PP-000123", text);
    }
}
