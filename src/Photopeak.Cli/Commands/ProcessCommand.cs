using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Photopeak.Dicom;
using Photopeak.Procedures;
using Photopeak.Procedures.CardiacSympathetic;
using Photopeak.Procedures.Results;
using Photopeak.Reporting.Dicom;
using Photopeak.Reporting.Rendering;
using Photopeak.Reporting.Rendering.Pdf;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak process DIR --out DIR [--json] [--rois FILE] [--cc VALUE]: recognises the procedure (I-123 mIBG cardiac
/// sympathetic imaging), analyses it and writes result.json, report.pdf, report.html, report.txt and report.dcm.
/// Exit codes: 0 ok, 1 the study cannot be analysed (message names what is missing), 2 usage, 3 no readable study.
/// </summary>
public static class ProcessCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "Folder (or file) with the study's DICOM files" };
        var outDir = new Option<string>("--out") { Description = "Folder for result.json and the reports", Required = true };
        var json = new Option<bool>("--json") { Description = "Print result.json to standard output instead of a summary" };
        var rois = new Option<string?>("--rois") { Description = "ROI file (result.json or its \"rois\" array, edited) to recompute from" };
        var cc = new Option<double?>("--cc") { Description = "Site-measured collimator conversion coefficient (replaces the class default)" };
        var command = new Command("process", "Analyse a study and write its result and report");
        command.Arguments.Add(dir);
        command.Options.Add(outDir); command.Options.Add(json); command.Options.Add(rois); command.Options.Add(cc);
        command.SetAction(pr => Run(pr.GetValue(dir)!, pr.GetValue(outDir)!, pr.GetValue(json), pr.GetValue(rois), pr.GetValue(cc), Console.Out, Console.Error));
        return command;
    }

    /// <summary>The command's work with its writers given (tests and <c>demo</c> call it directly).</summary>
    public static int Run(string dir, string outDir, bool json, string? roisFile, double? siteCc, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(dir) && !File.Exists(dir)) { error.WriteLine($"process: {dir}: no such file or folder"); return ExitCodes.Usage; }
        if (roisFile is not null && !File.Exists(roisFile)) { error.WriteLine($"process: --rois {roisFile}: no such file"); return ExitCodes.Usage; }
        if (siteCc is { } c && !(c > 0 && c < 2)) { error.WriteLine($"process: --cc {c}: a conversion coefficient lies between 0 and 2"); return ExitCodes.Usage; }
        var clock = Stopwatch.StartNew();
        MibgAnalysisResult analysis;
        try
        {
            var rois = roisFile is null ? null : ResultJson.ReadRois(roisFile);
            error.WriteLine($"process: reading and analysing {dir}...");
            analysis = MibgProcedure.Run(dir, rois, siteCc is { } v ? new ConversionCoefficient(v, 0, "site-measured (--cc)") : null);
        }
        catch (ProcedureInputException ex) when (ex.Message.Contains("no readable DICOM study", StringComparison.Ordinal))
        {
            error.WriteLine($"process: {ex.Message}");
            return ExitCodes.UnreadableInput;
        }
        catch (Exception ex) when (ex is ProcedureInputException or Imaging.StudyValidationException or DicomFormatException or ArgumentOutOfRangeException)
        {
            error.WriteLine($"process: cannot analyse {dir}: {ex.Message}");
            return ExitCodes.Failed;
        }
        error.WriteLine($"process: analysed in {clock.Elapsed.TotalSeconds:0.0} s; writing reports...");

        Directory.CreateDirectory(outDir);
        var result = analysis.Result;
        var resultJson = ResultJson.Serialize(result);
        File.WriteAllText(Path.Combine(outDir, "result.json"), resultJson);
        var report = MibgReportBuilder.Build(analysis);
        try
        {
            var pdf = PdfReportRenderer.Render(report);
            File.WriteAllBytes(Path.Combine(outDir, "report.pdf"), pdf);
            File.WriteAllText(Path.Combine(outDir, "report.html"), HtmlReportRenderer.Render(report));
            File.WriteAllText(Path.Combine(outDir, "report.txt"), TextReportRenderer.Render(report));
            var sources = new List<DicomDataset> { analysis.Inputs.Early.Acquisition.File.Dataset };
            if (analysis.Inputs.Late is { } late) sources.Add(late.Acquisition.File.Dataset);
            sources.AddRange(analysis.Inputs.Spect.Select(s => s.File.Dataset));
            File.WriteAllBytes(Path.Combine(outDir, "report.dcm"), EncapsulatedPdfWriter.ToBytes(report, pdf, sources));
        }
        catch (Exception ex) when (ex is ReportFontMissingException or ReportDicomException or IOException)
        {
            error.WriteLine($"process: result.json written but the report could not be rendered: {ex.Message}");
            return ExitCodes.Failed;
        }
        error.WriteLine($"process: done in {clock.Elapsed.TotalSeconds:0.0} s");

        if (json) output.WriteLine(resultJson);
        else WriteSummary(result, report.DocumentationCheck, outDir, output);
        return ExitCodes.Ok;
    }

    private static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static void WriteSummary(ProcedureResult r, Coding.Documentation.DocumentationCheckResult check, string outDir, TextWriter o)
    {
        o.WriteLine($"Procedure:            {r.Procedure}   CPT {string.Join(", ", r.Cpt)}");
        o.WriteLine($"H/M early / late:     {F(r.Value("hm_early"), "0.00")} / {F(r.Value("hm_late"), "0.00")}");
        o.WriteLine($"H/M late (ME std):    {F(r.Value("hm_late_standardised"), "0.00")}   {(r.Methods.TryGetValue("conversion_coefficient", out var cc) ? "CC " + cc : "")}");
        o.WriteLine($"Washout:              {F(r.Value("washout_percent"), "0.0")}% (no background), {F(r.Value("washout_bg_corrected_percent"), "0.0")}% (mediastinum subtracted)");
        if (r.Findings.TryGetValue("category", out var category)) o.WriteLine($"Category:             {category}");
        if (r.Measurements.TryGetValue("spect_summed_score", out var spect) && spect.Note is { } note) o.WriteLine($"SPECT:                {note}");
        foreach (var w in r.Warnings) o.WriteLine($"warning: {w}");
        if (!check.IsComplete) o.WriteLine($"Documentation check:  missing {string.Join("; ", check.Missing.Select(m => m.ToString()))}");
        o.WriteLine($"Report:               {Path.GetFullPath(Path.Combine(outDir, "report.pdf"))} (also report.html, report.txt, report.dcm, result.json)");
    }
}
