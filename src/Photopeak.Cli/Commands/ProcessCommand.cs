using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Photopeak.Dicom;
using Photopeak.Procedures;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacSympathetic;
using Photopeak.Procedures.PulmonaryPerfusion;
using Photopeak.Procedures.Results;
using Photopeak.Reporting.Dicom;
using Photopeak.Reporting.Rendering;
using Photopeak.Reporting.Rendering.Pdf;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak process DIR --out DIR [--json] [--rois FILE] [--cc VALUE] [lung options]: recognises the procedure (Tc-99m MAA
/// pulmonary perfusion, else I-123 mIBG cardiac sympathetic imaging), analyses it and writes result.json, report.pdf,
/// report.html, report.txt and report.dcm.
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
        var fev1 = new Option<double?>("--fev1-litres") { Description = "Lung perfusion: preoperative FEV1 in litres (for ppoFEV1)" };
        var fev1Percent = new Option<double?>("--fev1-percent-predicted") { Description = "Lung perfusion: preoperative FEV1, % predicted" };
        var dlcoPercent = new Option<double?>("--dlco-percent-predicted") { Description = "Lung perfusion: preoperative DLCO, % predicted" };
        var resection = new Option<string[]>("--resection") { Description = "Lung perfusion: planned resection, lobe or segment names (e.g. RLL, LUL, RLL-PB, right)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("process", "Analyse a study and write its result and report");
        command.Arguments.Add(dir);
        command.Options.Add(outDir); command.Options.Add(json); command.Options.Add(rois); command.Options.Add(cc);
        command.Options.Add(fev1); command.Options.Add(fev1Percent); command.Options.Add(dlcoPercent); command.Options.Add(resection);
        command.SetAction(pr =>
        {
            var lung = new PulmonaryPerfusionOptions
            {
                Fev1Litres = pr.GetValue(fev1), Fev1PercentPredicted = pr.GetValue(fev1Percent), DlcoPercentPredicted = pr.GetValue(dlcoPercent),
                Resection = pr.GetValue(resection) ?? [],
            };
            return Run(pr.GetValue(dir)!, pr.GetValue(outDir)!, pr.GetValue(json), pr.GetValue(rois), pr.GetValue(cc), Console.Out, Console.Error, lung);
        });
        return command;
    }

    /// <summary>The command's work with its writers given (tests and <c>demo</c> call it directly).</summary>
    public static int Run(string dir, string outDir, bool json, string? roisFile, double? siteCc, TextWriter output, TextWriter error,
        PulmonaryPerfusionOptions? lungOptions = null)
    {
        if (!Directory.Exists(dir) && !File.Exists(dir)) { error.WriteLine($"process: {dir}: no such file or folder"); return ExitCodes.Usage; }
        if (roisFile is not null && !File.Exists(roisFile)) { error.WriteLine($"process: --rois {roisFile}: no such file"); return ExitCodes.Usage; }
        if (siteCc is { } c && !(c > 0 && c < 2)) { error.WriteLine($"process: --cc {c}: a conversion coefficient lies between 0 and 2"); return ExitCodes.Usage; }
        var clock = Stopwatch.StartNew();
        error.WriteLine($"process: reading {dir}...");
        var loaded = StudyLoader.Load(dir);
        if (loaded.Studies.FirstOrDefault(PulmonaryPerfusionProcedure.Fits) is { } lungStudy)
            return RunLung(lungStudy, lungOptions ?? new PulmonaryPerfusionOptions(), roisFile, outDir, json, output, error, clock);
        MibgAnalysisResult analysis;
        try
        {
            var rois = roisFile is null ? null : ResultJson.ReadRois(roisFile);
            error.WriteLine("process: analysing as I-123 mIBG cardiac sympathetic imaging...");
            analysis = MibgProcedure.Run(loaded, dir, rois, siteCc is { } v ? new ConversionCoefficient(v, 0, "site-measured (--cc)") : null);
        }
        catch (ProcedureInputException ex) when (ex.Message.Contains("no readable DICOM study", StringComparison.Ordinal))
        {
            error.WriteLine($"process: {ex.Message}");
            return ExitCodes.UnreadableInput;
        }
        catch (Exception ex) when (ex is ProcedureInputException or Imaging.StudyValidationException or DicomFormatException or ArgumentOutOfRangeException)
        {
            error.WriteLine($"process: cannot analyse {dir}: {ex.Message}");
            if (ex.Message.Contains("not I-123 iobenguane", StringComparison.Ordinal) || ex.Message.Contains("not recognised as an I-123 mIBG study", StringComparison.Ordinal))
                error.WriteLine("process: the procedures recognised are Tc-99m MAA pulmonary perfusion and I-123 mIBG cardiac sympathetic imaging");
            return ExitCodes.Failed;
        }
        error.WriteLine($"process: analysed in {clock.Elapsed.TotalSeconds:0.0} s; writing reports...");

        Directory.CreateDirectory(outDir);
        var result = analysis.Result;
        var resultJson = ResultJson.Serialize(result);
        File.WriteAllText(Path.Combine(outDir, "result.json"), resultJson);
        var report = MibgReportBuilder.Build(analysis);
        var sources = new List<DicomDataset> { analysis.Inputs.Early.Acquisition.File.Dataset };
        if (analysis.Inputs.Late is { } late) sources.Add(late.Acquisition.File.Dataset);
        sources.AddRange(analysis.Inputs.Spect.Select(s => s.File.Dataset));
        if (!WriteReports(report, sources, outDir, error)) return ExitCodes.Failed;
        error.WriteLine($"process: done in {clock.Elapsed.TotalSeconds:0.0} s");

        if (json) output.WriteLine(resultJson);
        else WriteSummary(result, report.DocumentationCheck, outDir, output);
        return ExitCodes.Ok;
    }

    private static int RunLung(Study study, PulmonaryPerfusionOptions options, string? roisFile, string outDir, bool json, TextWriter output, TextWriter error, Stopwatch clock)
    {
        PulmonaryPerfusionResult analysis;
        try
        {
            if (roisFile is not null) options = options with { Rois = PulmonaryPerfusionResultJson.ReadRois(roisFile) };
            error.WriteLine("process: analysing as Tc-99m MAA pulmonary perfusion...");
            analysis = PulmonaryPerfusionProcedure.Analyse(study, options);
        }
        catch (Exception ex) when (ex is LungRoiException or Imaging.StudyValidationException or DicomFormatException or ArgumentException)
        {
            error.WriteLine($"process: cannot analyse study {study.StudyInstanceUid}: {ex.Message}");
            return ExitCodes.Failed;
        }
        Directory.CreateDirectory(outDir);
        var resultJson = PulmonaryPerfusionResultJson.Serialize(analysis);
        File.WriteAllText(Path.Combine(outDir, "result.json"), resultJson);
        var report = PulmonaryPerfusionProcedure.BuildReport(analysis);
        var sources = analysis.Perfusion.Views.Select(v => v.Acquisition.File.Dataset).Distinct().ToList();
        if (!WriteReports(report, sources, outDir, error)) return ExitCodes.Failed;
        error.WriteLine($"process: done in {clock.Elapsed.TotalSeconds:0.0} s");
        if (json) { output.WriteLine(resultJson); return ExitCodes.Ok; }
        var m = analysis.Measurements;
        string V(string key, string format) => m.TryGetValue(key, out var x) ? x.Value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a" : "n/a";
        output.WriteLine($"Procedure:            {PulmonaryPerfusionResultJson.ProcedureName}   CPT {string.Join(", ", analysis.Coding.Codes.Select(c => c.Display))}");
        output.WriteLine($"Right / left lung:    {V("lung_right_percent", "0.0")}% / {V("lung_left_percent", "0.0")}% (geometric mean)");
        output.WriteLine($"Right upper/mid/low:  {V("right_upper_percent", "0.0")} / {V("right_middle_percent", "0.0")} / {V("right_lower_percent", "0.0")} %");
        output.WriteLine($"Left upper/mid/low:   {V("left_upper_percent", "0.0")} / {V("left_middle_percent", "0.0")} / {V("left_lower_percent", "0.0")} %");
        if (m.ContainsKey("ppo_fev1_litres")) output.WriteLine($"ppoFEV1:              {V("ppo_fev1_litres", "0.00")} L, {V("ppo_fev1_percent_predicted", "0")}% predicted");
        if (m.ContainsKey("shunt_percent"))
            output.WriteLine($"R-to-L shunt:         {V("shunt_percent", "0.0")}% (whole-body method)" + (m.ContainsKey("shunt_brain_percent") ? $", {V("shunt_brain_percent", "0.0")}% (brain method)" : ""));
        output.WriteLine($"Defects:              {(analysis.Defects.Count == 0 ? "none found" : string.Join("; ", analysis.Defects))}");
        foreach (var w in analysis.Warnings) output.WriteLine($"warning: {w}");
        if (!report.DocumentationCheck.IsComplete) output.WriteLine($"Documentation check:  missing {string.Join("; ", report.DocumentationCheck.Missing.Select(x => x.ToString()))}");
        output.WriteLine($"Report:               {Path.GetFullPath(Path.Combine(outDir, "report.pdf"))} (also report.html, report.txt, report.dcm, result.json)");
        return ExitCodes.Ok;
    }

    /// <summary>Writes report.pdf, report.html, report.txt and report.dcm; false (message on stderr) when rendering fails.</summary>
    private static bool WriteReports(Reporting.Model.Report report, IReadOnlyList<DicomDataset> sources, string outDir, TextWriter error)
    {
        try
        {
            var pdf = PdfReportRenderer.Render(report);
            File.WriteAllBytes(Path.Combine(outDir, "report.pdf"), pdf);
            File.WriteAllText(Path.Combine(outDir, "report.html"), HtmlReportRenderer.Render(report));
            File.WriteAllText(Path.Combine(outDir, "report.txt"), TextReportRenderer.Render(report));
            File.WriteAllBytes(Path.Combine(outDir, "report.dcm"), EncapsulatedPdfWriter.ToBytes(report, pdf, sources));
            return true;
        }
        catch (Exception ex) when (ex is ReportFontMissingException or ReportDicomException or IOException)
        {
            error.WriteLine($"process: result.json written but the report could not be rendered: {ex.Message}");
            return false;
        }
    }

    private static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static void WriteSummary(ProcedureResult r, Coding.Documentation.DocumentationCheckResult check, string outDir, TextWriter o)
    {
        o.WriteLine($"Procedure:            {r.Procedure}   CPT {string.Join(", ", r.Cpt)}");
        o.WriteLine($"H/M early / late:     {F(r.Value("hm_early"), "0.00")} / {F(r.Value("hm_late"), "0.00")}");
        o.WriteLine($"H/M late (ME std):    {F(r.Value("hm_late_standardised"), "0.00")}   {(r.Methods.TryGetValue("conversion_coefficient", out var cc) ? "CC " + cc : "")}");
        o.WriteLine($"Washout:              {F(r.Value("washout_percent"), "0.0")}% (no background), {F(r.Value("washout_bg_corrected_percent"), "0.0")}% (mediastinum subtracted)");
        if (r.Findings.TryGetValue("category", out var category)) o.WriteLine($"Category:             {category}");
        if (r.Value("spect_summed_score") is { } summed)
            o.WriteLine($"SPECT summed score:   {summed:0} of 68; {(r.Findings.TryGetValue("spect_defects", out var d) ? d : "")}");
        if (r.Measurements.TryGetValue("spect_summed_score", out var spect) && spect.Note is { } note) o.WriteLine($"SPECT:                {note}");
        foreach (var w in r.Warnings) o.WriteLine($"warning: {w}");
        if (!check.IsComplete) o.WriteLine($"Documentation check:  missing {string.Join("; ", check.Missing.Select(m => m.ToString()))}");
        o.WriteLine($"Report:               {Path.GetFullPath(Path.Combine(outDir, "report.pdf"))} (also report.html, report.txt, report.dcm, result.json)");
    }
}
