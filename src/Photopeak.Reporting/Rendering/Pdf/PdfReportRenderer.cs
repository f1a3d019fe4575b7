using Photopeak.Reporting.Model;
using SkiaSharp;

namespace Photopeak.Reporting.Rendering.Pdf;

/// <summary>
/// Renders a report to PDF (A4) with SkiaSharp's PDF backend: patient ID, study date and "page n of N" on every page,
/// a DRAFT watermark and banner while unsigned, tables wrapped to the page width.
/// </summary>
public static class PdfReportRenderer
{
    private const float PageWidth = 595.28f;   // A4 in points (ISO 216: 210 × 297 mm)
    private const float PageHeight = 841.89f;
    private const float Margin = 42f;
    private const float ContentTop = 74f;
    private const float ContentBottom = PageHeight - 48f;
    private const float ContentWidth = PageWidth - 2 * Margin;

    private static readonly SKColor Ink = new(20, 20, 20);
    private static readonly SKColor Muted = new(95, 95, 95);
    private static readonly SKColor Accent = new(25, 60, 120);
    private static readonly SKColor Alarm = new(190, 20, 20);
    private static readonly SKColor HeaderFill = new(228, 233, 242);

    /// <summary>The PDF bytes of the report; throws <see cref="ReportSignedException"/> if a signed report was altered.</summary>
    public static byte[] Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.VerifyIntegrity();
        using var fonts = ReportFonts.Load();
        using var content = new PdfContent(fonts, ContentWidth, ContentBottom - ContentTop);
        var blocks = content.Build(report);
        var pages = Paginate(blocks);

        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = report.Title,
            Author = report.Signature?.Signer ?? "",
            Creator = "Photopeak",
            Producer = "Photopeak (SkiaSharp PDF)",
            RasterDpi = 300,
            // Lossless (Flate) images: the default JPEG encoding blurred 128² NM images into blocks.
            EncodingQuality = 101,
            // PDF/A for long-term archiving of the clinical document.
            PdfA = true,
            Creation = report.Signature?.SignedAt.UtcDateTime ?? new DateTime(report.Header.StudyDate, TimeOnly.MinValue, DateTimeKind.Utc),
            Modified = report.Signature?.SignedAt.UtcDateTime ?? new DateTime(report.Header.StudyDate, TimeOnly.MinValue, DateTimeKind.Utc),
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            for (var p = 0; p < pages.Count; p++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                if (report.Status == ReportStatus.Draft) DrawWatermark(canvas, fonts);
                DrawPageFrame(canvas, fonts, report, p + 1, pages.Count);
                foreach (var (block, y) in pages[p]) block.Draw(canvas, Margin, y);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    private static List<List<(PdfBlock Block, float Y)>> Paginate(IReadOnlyList<PdfBlock> blocks)
    {
        var pages = new List<List<(PdfBlock, float)>> { new() };
        var y = ContentTop;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            // A heading moves with what it introduces: measure the chain of KeepWithNext blocks plus the first block after them.
            var needed = block.Height;
            for (var j = i; j < blocks.Count - 1 && blocks[j].KeepWithNext; j++) needed += blocks[j + 1].Height;
            if (y + needed > ContentBottom && y > ContentTop)
            {
                pages.Add([]);
                y = ContentTop;
                if (block.RepeatOnBreak is { } header)
                {
                    pages[^1].Add((header, y));
                    y += header.Height;
                }
            }
            if (block is PdfSpacer && y == ContentTop) continue;
            pages[^1].Add((block, y));
            y += block.Height;
        }
        return pages;
    }

    private static void DrawPageFrame(SKCanvas canvas, ReportFonts fonts, Report report, int page, int pageCount)
    {
        using var small = fonts.Font(8.5f);
        using var smallBold = fonts.Font(8.5f, bold: true);
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var muted = new SKPaint { Color = Muted, IsAntialias = true };
        using var rule = new SKPaint { Color = Accent, Style = SKPaintStyle.Stroke, StrokeWidth = 0.8f };
        var h = report.Header;

        canvas.DrawText(h.Institution, Margin, 40f, SKTextAlign.Left, smallBold, ink);
        canvas.DrawText($"Patient ID: {h.PatientId}", PageWidth - Margin, 40f, SKTextAlign.Right, smallBold, ink);
        var studyLine = $"Study date: {ReportFormatting.Date(h.StudyDate)}   Accession: {h.AccessionNumber}";
        canvas.DrawText(studyLine, PageWidth - Margin, 52f, SKTextAlign.Right, small, muted);
        // The title shares the line with the study date: shorten it rather than let the two collide.
        var room = ContentWidth - small.MeasureText(studyLine) - 12f;
        var title = report.Title;
        if (title.Length > 1 && small.MeasureText(title) > room)
            title = title[..TextWrap.FittingLength(small, title, room - small.MeasureText("…"))] + "…";
        canvas.DrawText(title, Margin, 52f, SKTextAlign.Left, small, muted);
        canvas.DrawLine(Margin, 60f, PageWidth - Margin, 60f, rule);

        canvas.DrawLine(Margin, PageHeight - 38f, PageWidth - Margin, PageHeight - 38f, rule);
        var state = report.Status == ReportStatus.Draft ? $"DRAFT (unsigned), version {report.Version}" : $"Signed, version {report.Version}";
        using var statePaint = new SKPaint { Color = report.Status == ReportStatus.Draft ? Alarm : Ink, IsAntialias = true };
        canvas.DrawText($"Photopeak report — {state}", Margin, PageHeight - 26f, SKTextAlign.Left, small, statePaint);
        canvas.DrawText($"Patient ID: {h.PatientId} — {ReportFormatting.Date(h.StudyDate)} — Page {page} of {pageCount}",
            PageWidth - Margin, PageHeight - 26f, SKTextAlign.Right, small, ink);
    }

    // Opaque pale colour drawn before the content: PDF/A-1 allows no transparency.
    private static void DrawWatermark(SKCanvas canvas, ReportFonts fonts)
    {
        using var font = fonts.Font(130f, bold: true);
        using var paint = new SKPaint { Color = new SKColor(252, 226, 226), IsAntialias = true };
        canvas.Save();
        canvas.RotateDegrees(-40f, PageWidth / 2f, PageHeight / 2f);
        canvas.DrawText("DRAFT", PageWidth / 2f, PageHeight / 2f + 45f, SKTextAlign.Center, font, paint);
        canvas.Restore();
    }

    /// <summary>Turns the report into the flow of blocks, in reading order.</summary>
    private sealed class PdfContent(ReportFonts fonts, float width, float maxBlockHeight) : IDisposable
    {
        private readonly SKFont title = fonts.Font(15f, bold: true);
        private readonly SKFont heading = fonts.Font(11f, bold: true);
        private readonly SKFont body = fonts.Font(9.5f);
        private readonly SKFont bodyBold = fonts.Font(9.5f, bold: true);
        private readonly SKFont table = fonts.Font(8.2f);
        private readonly SKFont tableBold = fonts.Font(8.2f, bold: true);
        private readonly SKFont caption = fonts.Font(8f);
        private readonly List<PdfBlock> blocks = [];
        private readonly List<SKFont> extraFonts = [];

        public void Dispose()
        {
            foreach (var f in new[] { title, heading, body, bodyBold, table, tableBold, caption }.Concat(extraFonts)) f.Dispose();
        }

        public IReadOnlyList<PdfBlock> Build(Report r)
        {
            if (r.Status == ReportStatus.Draft)
            {
                blocks.Add(new PdfBanner("DRAFT — NOT SIGNED. Preliminary results, not for clinical decisions until signed by a physician.",
                    bodyBold, new SKColor(253, 228, 228), Alarm, width));
                blocks.Add(new PdfSpacer(6f));
            }
            foreach (var line in TextWrap.Lines(title, r.Title, width)) blocks.Add(new PdfTextLine(line, title, Accent, 20f));
            if (r.Amends is { } a)
                Paragraph($"Amended report (version {r.Version}, replaces signed version {a.PreviousVersion}): {a.Reason}", bodyBold, Alarm);
            blocks.Add(new PdfSpacer(4f));
            PatientBlock(r.Header);

            Heading("Indication");
            Paragraph(r.Indication, body, Ink);

            Heading("Technique");
            if (!string.IsNullOrWhiteSpace(r.Technique.Description)) Paragraph(r.Technique.Description, body, Ink);
            var items = ReportFormatting.TechniqueItems(r.Technique);
            if (items.Count > 0)
            {
                blocks.Add(new PdfSpacer(3f));
                var w = new[] { width * 0.28f, width * 0.72f };
                foreach (var (label, value) in items) Rows([new PdfCell(label, tableBold, Ink), new PdfCell(value, table, Ink)], w, null);
            }

            Heading("Findings");
            if (r.Findings.Count == 0) Paragraph("No findings recorded.", body, Muted);
            foreach (var f in r.Findings)
            {
                Paragraph(f, body, Ink);
                blocks.Add(new PdfSpacer(3f));
            }

            if (r.Measurements.Count > 0) MeasurementTable(r);

            foreach (var figure in r.Figures)
            {
                Heading(figure.Title, size: 10f);
                blocks.Add(new PdfFigureBlock(new FigureDrawer(fonts), figure, width, maxBlockHeight - 40f));
                if (figure.Caption is { Length: > 0 } c)
                {
                    blocks.Add(new PdfSpacer(2f));
                    Paragraph(c, caption, Muted);
                }
            }

            Heading("Impression");
            Paragraph(string.IsNullOrWhiteSpace(r.Impression) ? "No impression recorded." : r.Impression, bodyBold, Ink);

            CodingSection(r);

            if (r.QcNotes.Count > 0)
            {
                Heading("Quality control");
                foreach (var n in r.QcNotes)
                    Paragraph((n.Severity == QcSeverity.Warning ? "Warning: " : "Note: ") + n.Text, body, n.Severity == QcSeverity.Warning ? Alarm : Ink);
            }

            blocks.Add(new PdfSpacer(10f));
            blocks.Add(r.Signature is null
                ? new PdfBanner(ReportFormatting.SignatureLine(r), bodyBold, new SKColor(253, 228, 228), Alarm, width)
                : new PdfBanner(ReportFormatting.SignatureLine(r), bodyBold, HeaderFill, Ink, width));
            return blocks;
        }

        private void Heading(string text, float size = 11f)
        {
            blocks.Add(new PdfSpacer(8f));
            var font = heading;
            if (size != heading.Size)
            {
                font = fonts.Font(size, bold: true);
                extraFonts.Add(font);
            }
            var lines = TextWrap.Lines(font, text, width);
            foreach (var line in lines) blocks.Add(new PdfTextLine(line, font, Accent, size * 1.45f) { KeepWithNext = true });
        }

        private void Paragraph(string text, SKFont font, SKColor colour)
        {
            foreach (var line in TextWrap.Lines(font, text, width))
                blocks.Add(new PdfTextLine(line, font, colour, font.Size * 1.35f));
        }

        // Table rows taller than a page (pathologically long text) are split so that nothing runs into the footer.
        private void Rows(IReadOnlyList<PdfCell> cells, float[] w, PdfBlock? header)
        {
            // Leave room for the table header and a section heading kept with the first row, or the heading would be orphaned.
            var room = maxBlockHeight - (header?.Height ?? 0) - 40f;
            foreach (var row in PdfTableRow.Split(cells, w, room))
            {
                row.RepeatOnBreak = header;
                blocks.Add(row);
            }
        }

        private void PatientBlock(ReportHeader h)
        {
            var w = new[] { width * 0.17f, width * 0.33f, width * 0.17f, width * 0.33f };
            PdfCell L(string s) => new(s, tableBold, Muted);
            PdfCell V(string s) => new(s, table, Ink);
            blocks.Add(new PdfTableRow([L("Patient name"), V(ReportFormatting.PersonName(h.PatientName)), L("Patient ID"), V(h.PatientId)], w, HeaderFill));
            blocks.Add(new PdfTableRow([L("Sex"), V(ReportFormatting.Sex(h.Sex)), L("Birth date"), V(ReportFormatting.Date(h.BirthDate))], w, HeaderFill));
            blocks.Add(new PdfTableRow([L("Accession"), V(h.AccessionNumber), L("Study date"), V(ReportFormatting.Date(h.StudyDate))], w, HeaderFill));
            blocks.Add(new PdfTableRow([L("Referring physician"), V(ReportFormatting.PersonName(h.ReferringPhysician)), L(""), V("")], w, HeaderFill));
        }

        private void MeasurementTable(Report r)
        {
            Heading("Measurements");
            var w = new[] { 0.20f, 0.09f, 0.07f, 0.33f, 0.22f, 0.09f }.Select(f => f * width).ToArray();
            var header = new PdfTableRow(
                new[] { "Measurement", "Value", "Unit", "Method", "Reference (source)", "Flag" }.Select(s => new PdfCell(s, tableBold, Ink)).ToArray(), w, HeaderFill)
            { KeepWithNext = true };
            blocks.Add(header);
            foreach (var m in r.Measurements)
            {
                var flagColour = m.Flag is MeasurementFlag.Low or MeasurementFlag.High ? Alarm : Ink;
                Rows(
                [
                    new PdfCell(m.Name, table, Ink), new PdfCell(m.FormattedValue, tableBold, flagColour), new PdfCell(m.Unit, table, Ink),
                    new PdfCell(m.Method, table, Ink), new PdfCell(ReportFormatting.Reference(m.Reference), table, Ink),
                    new PdfCell(ReportFormatting.Flag(m.Flag), tableBold, flagColour),
                ], w, header);
            }
        }

        private void CodingSection(Report r)
        {
            Heading("Procedure codes (CPT)");
            if (r.Coding is null)
            {
                Paragraph("Not coded.", body, Muted);
                return;
            }
            var w = new[] { 0.10f, 0.42f, 0.48f }.Select(f => f * width).ToArray();
            var header = new PdfTableRow(new[] { "Code", "Description (paraphrased)", "Why" }.Select(s => new PdfCell(s, tableBold, Ink)).ToArray(), w, HeaderFill)
            { KeepWithNext = true };
            blocks.Add(header);
            foreach (var s in r.Coding.Selections)
                Rows([new PdfCell(s.Code.Display, tableBold, Ink), new PdfCell(s.Code.Description, table, Ink), new PdfCell(s.Reason, table, Ink)], w, header);
            foreach (var n in r.Coding.Notes) Paragraph("Coding note: " + n, caption, Muted);
            var check = r.DocumentationCheck;
            blocks.Add(new PdfSpacer(3f));
            if (check.IsComplete) Paragraph("Documentation check: complete — the report contains every element the codes require.", body, Ink);
            else
            {
                Paragraph($"Documentation check: {check.Missing.Count} required element(s) missing:", bodyBold, Alarm);
                foreach (var m in check.Missing) Paragraph("• " + m, body, Alarm);
            }
        }
    }
}
