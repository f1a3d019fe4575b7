using System.Text;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;

namespace Photopeak.Reporting.Rendering;

/// <summary>Plain-text rendering (RIS messages, e-mail, terminals): same sections as the PDF, figures summarised by title.</summary>
public static class TextReportRenderer
{
    private const int Width = 100;

    /// <summary>The report as text with '\n' line ends; throws <see cref="ReportSignedException"/> if a signed report was altered.</summary>
    public static string Render(Report r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.VerifyIntegrity();
        var sb = new StringBuilder();
        void Line(string s = "") => sb.Append(s).Append('\n');
        void Section(string title)
        {
            Line();
            Line(title.ToUpperInvariant());
            Line(new string('-', title.Length));
        }
        void Wrapped(string text, string indent = "")
        {
            foreach (var l in Wrap(text, Width - indent.Length)) Line(indent + l);
        }

        var h = r.Header;
        if (r.Status == ReportStatus.Draft) Line("*** DRAFT - NOT SIGNED - not for clinical decisions until signed ***");
        Line(h.Institution);
        Line(r.Title);
        if (r.Amends is { } a) Line($"AMENDED (version {r.Version}, replaces signed version {a.PreviousVersion}): {a.Reason}");
        Line(new string('=', Math.Min(Width, Math.Max(r.Title.Length, h.Institution.Length))));
        Wrapped($"Patient: {ReportFormatting.PersonName(h.PatientName)}   ID: {h.PatientId}   Sex: {ReportFormatting.Sex(h.Sex)}   Born: {ReportFormatting.Date(h.BirthDate)}");
        Wrapped($"Accession: {h.AccessionNumber}   Study date: {ReportFormatting.Date(h.StudyDate)}   Referring: {ReportFormatting.PersonName(h.ReferringPhysician)}");

        Section("Indication");
        Wrapped(r.Indication);

        Section("Technique");
        if (!string.IsNullOrWhiteSpace(r.Technique.Description)) Wrapped(r.Technique.Description);
        var items = ReportFormatting.TechniqueItems(r.Technique);
        var labelWidth = items.Count == 0 ? 0 : items.Max(i => i.Label.Length) + 2;
        foreach (var (label, value) in items) Line((label + ":").PadRight(labelWidth) + value);

        Section("Findings");
        foreach (var f in r.Findings) Wrapped(f);

        if (r.Measurements.Count > 0)
        {
            Section("Measurements");
            string[] head = ["Measurement", "Value", "Unit", "Reference (source)", "Flag"];
            var rows = r.Measurements.Select(m => new[] { m.Name, m.FormattedValue, m.Unit, ReportFormatting.Reference(m.Reference), ReportFormatting.Flag(m.Flag) }).ToList();
            var widths = Enumerable.Range(0, head.Length).Select(c => rows.Select(x => x[c].Length).Append(head[c].Length).Max()).ToArray();
            Line(string.Join("  ", head.Select((s, i) => s.PadRight(widths[i]))).TrimEnd());
            foreach (var (row, m) in rows.Zip(r.Measurements))
            {
                Line(string.Join("  ", row.Select((s, i) => i == 1 ? s.PadLeft(widths[i]) : s.PadRight(widths[i]))).TrimEnd());
                Wrapped("method: " + m.Method, "    ");
            }
        }

        if (r.Figures.Count > 0)
        {
            Section("Figures");
            foreach (var fig in r.Figures)
            {
                Wrapped($"- {fig.Title}" + (fig.Caption is { Length: > 0 } c ? $": {c}" : ""));
                if (fig is PolarMapFigure pm) Wrapped($"segment scores 1-17: {string.Join(' ', pm.SegmentScores)}; summed {pm.SegmentScores.Sum()}", "    ");
                if (fig is BarChartFigure bc) Wrapped(string.Join("; ", bc.Bars.Select(b => FormattableString.Invariant($"{b.Label} {b.Value:0.#}"))), "    ");
                if (fig is LineChartFigure lc)
                    foreach (var series in lc.Series) Wrapped(SeriesSummary(series, lc.XAxisLabel), "    ");
            }
        }

        Section("Impression");
        Wrapped(string.IsNullOrWhiteSpace(r.Impression) ? "No impression recorded." : r.Impression);

        Section("Procedure codes (CPT)");
        if (r.Coding is null) Line("Not coded.");
        else
        {
            foreach (var s in r.Coding.Selections)
            {
                Wrapped($"{s.Code.Display}  {s.Code.Description}");
                Wrapped("why: " + s.Reason, "    ");
            }
            foreach (var n in r.Coding.Notes) Wrapped("coding note: " + n);
            var check = r.DocumentationCheck;
            if (check.IsComplete) Line("Documentation check: complete.");
            else
            {
                Line($"Documentation check: {check.Missing.Count} required element(s) missing:");
                foreach (var m in check.Missing) Wrapped("- " + m, "  ");
            }
        }

        if (r.QcNotes.Count > 0)
        {
            Section("Quality control");
            foreach (var n in r.QcNotes) Wrapped((n.Severity == QcSeverity.Warning ? "WARNING: " : "note: ") + n.Text);
        }

        Line();
        Wrapped(ReportFormatting.SignatureLine(r));
        return sb.ToString();
    }

    // "LV: 625 points, maximum 312 at 9.4 s": the unit comes from a trailing "(s)" of the X axis label, else the label names the X.
    private static string SeriesSummary(LineSeries s, string xAxisLabel)
    {
        var points = Enumerable.Range(0, Math.Min(s.X.Count, s.Y.Count)).Where(i => double.IsFinite(s.X[i]) && double.IsFinite(s.Y[i])).ToList();
        if (points.Count == 0) return $"{s.Label}: no points";
        var peak = points.MaxBy(i => s.Y[i]);
        var label = xAxisLabel.Trim();
        var open = label.LastIndexOf('(');
        var at = label.EndsWith(')') && open >= 0
            ? FormattableString.Invariant($"{s.X[peak]:0.##} {label[(open + 1)..^1].Trim()}").TrimEnd()
            : FormattableString.Invariant($"{label} {s.X[peak]:0.##}").TrimStart();
        return FormattableString.Invariant($"{s.Label}: {points.Count} points, maximum {s.Y[peak]:0.##} at {at}");
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    yield return line.ToString();
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }
            yield return line.ToString();
        }
    }
}
