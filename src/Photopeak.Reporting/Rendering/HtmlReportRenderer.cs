using System.Net;
using System.Text;
using Photopeak.Reporting.Model;

namespace Photopeak.Reporting.Rendering;

/// <summary>
/// Self-contained HTML: CSS inline in the head, figures inlined as base64 PNG (rendered by <see cref="FigureDrawer"/>, identical
/// to the PDF), print-friendly (A4, table headers repeat, figures not split).
/// </summary>
public static class HtmlReportRenderer
{
    private const float FigureWidthPoints = 510f;

    private const string Css = """
        @page { size: A4; margin: 16mm 14mm 18mm 14mm; }
        body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #141414; max-width: 190mm; margin: 0 auto; }
        header.page { display: flex; justify-content: space-between; border-bottom: 1px solid #193c78; padding-bottom: 4px; font-size: 8.5pt; }
        h1 { color: #193c78; font-size: 15pt; margin: 10px 0 6px; }
        h2 { color: #193c78; font-size: 11pt; margin: 14px 0 4px; break-after: avoid; }
        h3 { color: #193c78; font-size: 10pt; margin: 10px 0 4px; break-after: avoid; }
        table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 8.5pt; }
        th, td { text-align: left; vertical-align: top; padding: 3px; border-bottom: 0.5px solid #bebebe; overflow-wrap: anywhere; }
        thead { display: table-header-group; }
        th, table.patient td.label { background: #e4e9f2; }
        table.patient td { background: #e4e9f2; }
        td.label { font-weight: bold; color: #5f5f5f; }
        td.value { font-weight: bold; }
        .flag-low, .flag-high { color: #be1414; font-weight: bold; }
        .draft { background: #fde4e4; color: #be1414; font-weight: bold; padding: 6px; margin: 8px 0; }
        .signed { background: #e4e9f2; font-weight: bold; padding: 6px; margin: 8px 0; }
        .warning { color: #be1414; }
        .missing { color: #be1414; }
        .muted { color: #5f5f5f; font-size: 8.5pt; }
        figure { margin: 6px 0; break-inside: avoid; }
        figure img { max-width: 100%; }
        figcaption { color: #5f5f5f; font-size: 8pt; }
        .watermark { position: fixed; top: 40%; left: 10%; font-size: 110pt; font-weight: bold; color: rgba(200, 30, 30, 0.10);
                     transform: rotate(-40deg); pointer-events: none; z-index: -1; }
        """;

    /// <summary>The report as one HTML document; throws <see cref="ReportSignedException"/> if a signed report was altered.</summary>
    public static string Render(Report r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.VerifyIntegrity();
        using var fonts = ReportFonts.Load();
        var drawer = new FigureDrawer(fonts);
        var h = r.Header;
        var sb = new StringBuilder();
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append($"<title>{E(r.Title)} — {E(h.PatientId)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n");
        if (r.Status == ReportStatus.Draft) sb.Append("<div class=\"watermark\" aria-hidden=\"true\">DRAFT</div>\n");
        sb.Append($"<header class=\"page\"><span><b>{E(h.Institution)}</b></span><span><b>Patient ID: {E(h.PatientId)}</b> — Study date: {ReportFormatting.Date(h.StudyDate)} — Accession: {E(h.AccessionNumber)}</span></header>\n");
        if (r.Status == ReportStatus.Draft)
            sb.Append("<div class=\"draft\">DRAFT — NOT SIGNED. Preliminary results, not for clinical decisions until signed by a physician.</div>\n");
        sb.Append($"<h1>{E(r.Title)}</h1>\n");
        if (r.Amends is { } a)
            sb.Append($"<p class=\"warning\"><b>Amended report (version {r.Version}, replaces signed version {a.PreviousVersion}):</b> {E(a.Reason)}</p>\n");

        sb.Append("<table class=\"patient\">\n");
        sb.Append($"<tr><td class=\"label\">Patient name</td><td>{E(ReportFormatting.PersonName(h.PatientName))}</td><td class=\"label\">Patient ID</td><td>{E(h.PatientId)}</td></tr>\n");
        sb.Append($"<tr><td class=\"label\">Sex</td><td>{ReportFormatting.Sex(h.Sex)}</td><td class=\"label\">Birth date</td><td>{ReportFormatting.Date(h.BirthDate)}</td></tr>\n");
        sb.Append($"<tr><td class=\"label\">Accession</td><td>{E(h.AccessionNumber)}</td><td class=\"label\">Study date</td><td>{ReportFormatting.Date(h.StudyDate)}</td></tr>\n");
        sb.Append($"<tr><td class=\"label\">Referring physician</td><td colspan=\"3\">{E(ReportFormatting.PersonName(h.ReferringPhysician))}</td></tr>\n</table>\n");

        sb.Append($"<h2>Indication</h2>\n<p>{E(r.Indication)}</p>\n");
        sb.Append("<h2>Technique</h2>\n");
        if (!string.IsNullOrWhiteSpace(r.Technique.Description)) sb.Append($"<p>{E(r.Technique.Description)}</p>\n");
        var items = ReportFormatting.TechniqueItems(r.Technique);
        if (items.Count > 0)
        {
            sb.Append("<table class=\"technique\"><colgroup><col style=\"width:28%\"><col></colgroup>\n");
            foreach (var (label, value) in items) sb.Append($"<tr><td class=\"label\">{E(label)}</td><td>{E(value)}</td></tr>\n");
            sb.Append("</table>\n");
        }

        sb.Append("<h2>Findings</h2>\n");
        foreach (var f in r.Findings) sb.Append($"<p>{E(f)}</p>\n");

        if (r.Measurements.Count > 0)
        {
            sb.Append("<h2>Measurements</h2>\n<table class=\"measurements\">\n");
            sb.Append("<colgroup><col style=\"width:20%\"><col style=\"width:9%\"><col style=\"width:7%\"><col style=\"width:33%\"><col style=\"width:22%\"><col style=\"width:9%\"></colgroup>\n");
            sb.Append("<thead><tr><th>Measurement</th><th>Value</th><th>Unit</th><th>Method</th><th>Reference (source)</th><th>Flag</th></tr></thead>\n<tbody>\n");
            foreach (var m in r.Measurements)
            {
                var flagClass = $"flag-{m.Flag.ToString().ToLowerInvariant()}";
                sb.Append($"<tr><td>{E(m.Name)}</td><td class=\"value {flagClass}\">{E(m.FormattedValue)}</td><td>{E(m.Unit)}</td><td>{E(m.Method)}</td>");
                sb.Append($"<td>{E(ReportFormatting.Reference(m.Reference))}</td><td class=\"{flagClass}\">{ReportFormatting.Flag(m.Flag)}</td></tr>\n");
            }
            sb.Append("</tbody>\n</table>\n");
        }

        foreach (var fig in r.Figures)
        {
            var png = Convert.ToBase64String(drawer.ToPng(fig, FigureWidthPoints));
            sb.Append($"<figure>\n<h3>{E(fig.Title)}</h3>\n<img alt=\"{E(fig.Title)}\" src=\"data:image/png;base64,{png}\">\n");
            if (fig.Caption is { Length: > 0 } c) sb.Append($"<figcaption>{E(c)}</figcaption>\n");
            sb.Append("</figure>\n");
        }

        sb.Append($"<h2>Impression</h2>\n<p><b>{E(string.IsNullOrWhiteSpace(r.Impression) ? "No impression recorded." : r.Impression)}</b></p>\n");

        sb.Append("<h2>Procedure codes (CPT)</h2>\n");
        if (r.Coding is null) sb.Append("<p class=\"muted\">Not coded.</p>\n");
        else
        {
            sb.Append("<table class=\"codes\"><colgroup><col style=\"width:10%\"><col style=\"width:42%\"><col></colgroup>\n");
            sb.Append("<thead><tr><th>Code</th><th>Description (paraphrased)</th><th>Why</th></tr></thead>\n<tbody>\n");
            foreach (var s in r.Coding.Selections)
                sb.Append($"<tr><td><b>{E(s.Code.Display)}</b></td><td>{E(s.Code.Description)}</td><td>{E(s.Reason)}</td></tr>\n");
            sb.Append("</tbody>\n</table>\n");
            foreach (var n in r.Coding.Notes) sb.Append($"<p class=\"muted\">Coding note: {E(n)}</p>\n");
            var check = r.DocumentationCheck;
            if (check.IsComplete) sb.Append("<p>Documentation check: complete — the report contains every element the codes require.</p>\n");
            else
            {
                sb.Append($"<p class=\"missing\"><b>Documentation check: {check.Missing.Count} required element(s) missing:</b></p>\n<ul class=\"missing\">\n");
                foreach (var m in check.Missing) sb.Append($"<li>{E(m.ToString())}</li>\n");
                sb.Append("</ul>\n");
            }
        }

        if (r.QcNotes.Count > 0)
        {
            sb.Append("<h2>Quality control</h2>\n<ul>\n");
            foreach (var n in r.QcNotes)
                sb.Append(n.Severity == QcSeverity.Warning ? $"<li class=\"warning\">Warning: {E(n.Text)}</li>\n" : $"<li>{E(n.Text)}</li>\n");
            sb.Append("</ul>\n");
        }

        sb.Append($"<div class=\"{(r.Signature is null ? "draft" : "signed")}\">{E(ReportFormatting.SignatureLine(r))}</div>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }
}
