using System.CommandLine;
using System.Diagnostics;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Procedures;
using Photopeak.Procedures.CardiacSympathetic;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.PulmonaryPerfusion;

using Photopeak.Procedures.TumourLocalisation;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak process DIR --out DIR [--json] [--rois FILE] [--procedure NAME] [--views ANT,POST] [--cc VALUE] [lung options]: recognises the
/// procedure through <see cref="ProcedureRegistry"/> (or takes the stated one), analyses it and writes result.json,
/// report.pdf, report.html, report.txt and report.dcm (all or none).
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
        var procedure = new Option<string?>("--procedure") { Description = "State the procedure instead of recognising it from the header: " + ProcedureRegistry.Default.Names };
        var views = new Option<string?>("--views") { Description = "State the planar views where the header does not: one per detector (or frame) of each planar acquisition, in order, e.g. ANT,POST" };
        var resection = new Option<string[]>("--resection") { Description = "Lung perfusion: planned resection, lobe or segment names (e.g. RLL, LUL, RLL-PB, right)", AllowMultipleArgumentsPerToken = true };
        var cf = new Option<double?>("--cf") { Description = "Tumour SPECT: calibration factor, cps/MBq (recon --calibrate-cylinder, same nuclide, collimator and protocol): lesion concentrations in kBq/ml and SUV" };
        var cfNuclide = new Option<string?>("--cf-nuclide") { Description = "Tumour SPECT: the radionuclide --cf was measured with (checked against the study's)" };
        var weight = new Option<double?>("--weight-kg") { Description = "Tumour SPECT: patient weight, kg, for SUV where Patient's Weight (0010,1030) is missing" };
        var command = new Command("process", "Analyse a study and write its result and report");
        command.Arguments.Add(dir);
        command.Options.Add(outDir); command.Options.Add(json); command.Options.Add(rois); command.Options.Add(cc);
        command.Options.Add(fev1); command.Options.Add(fev1Percent); command.Options.Add(dlcoPercent); command.Options.Add(resection); command.Options.Add(procedure); command.Options.Add(views);
        command.Options.Add(cf); command.Options.Add(cfNuclide); command.Options.Add(weight);
        command.SetAction(pr =>
        {
            var lung = new PulmonaryPerfusionOptions
            {
                Fev1Litres = pr.GetValue(fev1), Fev1PercentPredicted = pr.GetValue(fev1Percent), DlcoPercentPredicted = pr.GetValue(dlcoPercent),
                Resection = pr.GetValue(resection) ?? [],
            };
            var tumour = new TumourSpectOptions { CfCpsPerMBq = pr.GetValue(cf), CfNuclide = pr.GetValue(cfNuclide), WeightKg = pr.GetValue(weight) };
            return Run(pr.GetValue(dir)!, pr.GetValue(outDir)!, pr.GetValue(json), pr.GetValue(rois), pr.GetValue(cc), Console.Out, Console.Error, lung, pr.GetValue(procedure), pr.GetValue(views), tumour);
        });
        return command;
    }

    /// <summary>ROI files larger than this are refused before reading: an edited result.json is kilobytes.</summary>
    public const long MaxRoisFileBytes = 16 << 20;

    // A FIFO or device would block or never end, and a huge file used to be read whole (OutOfMemory at 4.3 GB).
    private static string? RoisFileProblem(string path)
    {
        var kind = FileKinds.Of(path);
        if (!FileKinds.IsReadable(kind)) return $"not a regular file but {FileKinds.Describe(kind)}";
        var length = new FileInfo(path).Length;
        return length > MaxRoisFileBytes ? $"{length} bytes is too large for an ROI file (at most {MaxRoisFileBytes >> 20} MiB)" : null;
    }

    /// <summary>The command's work with its writers given (tests and <c>demo</c> call it directly). <paramref name="procedure"/>
    /// states the procedure (a name from <see cref="ProcedureRegistry"/>) instead of recognising it; <paramref name="views"/>
    /// ("ANT,POST") states the planar views.</summary>
    public static int Run(string dir, string outDir, bool json, string? roisFile, double? siteCc, TextWriter output, TextWriter error,
        PulmonaryPerfusionOptions? lungOptions = null, string? procedure = null, string? views = null, TumourSpectOptions? tumourOptions = null)
    {
        if (!Directory.Exists(dir) && !File.Exists(dir)) { error.WriteLine($"process: {dir}: no such file or folder"); return ExitCodes.UnreadableInput; }
        if (roisFile is not null && !File.Exists(roisFile)) { error.WriteLine($"process: --rois {roisFile}: no such file"); return ExitCodes.UnreadableInput; }
        if (roisFile is not null && RoisFileProblem(roisFile) is { } roisProblem) { error.WriteLine($"process: --rois {roisFile}: {roisProblem}"); return ExitCodes.UnreadableInput; }
        if (siteCc is { } c && !(c > 0 && c < 2)) { error.WriteLine($"process: --cc {c}: a conversion coefficient lies between 0 and 2"); return ExitCodes.Usage; }
        var runner = ProcedureRunner.Default;
        if (procedure is not null && runner.Registry.Find(procedure) is null)
        {
            error.WriteLine($"process: --procedure {procedure}: not a procedure Photopeak knows ({runner.Registry.Names})");
            return ExitCodes.Usage;
        }
        List<ViewKind>? statedViews = null;
        if (views is not null && !TryParseViews(views, error, out statedViews)) return ExitCodes.Usage;
        var request = new ProcedureRequest
        {
            RoisPath = roisFile,
            StatedViews = statedViews,
            Options =
            [
                new MibgOptions { SiteConversion = siteCc is { } v ? new ConversionCoefficient(v, 0, "site-measured (--cc)") : null },
                lungOptions ?? new PulmonaryPerfusionOptions(),
                tumourOptions ?? new TumourSpectOptions(),
            ],
        };
        try
        {
            request.Validate();
            ProcedureOutputs.CheckTarget(outDir, dir);
        }
        catch (ProcedureOptionException ex)
        {
            error.WriteLine($"process: {ex.Message}");
            return ExitCodes.Usage;
        }
        var clock = Stopwatch.StartNew();
        error.WriteLine($"process: reading {dir}...");
        ProcedureRun run;
        try
        {
            run = runner.Run(dir, request, procedure, line => error.WriteLine($"process: {line}"));
        }
        catch (NoReadableStudyException ex)
        {
            error.WriteLine($"process: {ex.Message}");
            return ExitCodes.UnreadableInput;
        }
        catch (ProcedureOptionException ex)
        {
            error.WriteLine($"process: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is ProcedureInputException or Imaging.StudyValidationException or DicomFormatException)
        {
            error.WriteLine($"process: cannot analyse {dir}: {ex.Message}");
            return ExitCodes.Failed;
        }
        error.WriteLine($"process: analysed in {clock.Elapsed.TotalSeconds:0.0} s; writing reports...");
        try
        {
            ProcedureOutputs.Write(run.Outcome, outDir);
        }
        catch (ProcedureOutputException ex)
        {
            error.WriteLine($"process: {ex.Message}");
            return ExitCodes.Failed;
        }
        error.WriteLine($"process: done in {clock.Elapsed.TotalSeconds:0.0} s");
        if (json) output.WriteLine(run.Outcome.ResultJson);
        else WriteSummary(run.Outcome, outDir, output);
        return ExitCodes.Ok;
    }

    // "ANT,POST" (commas or spaces) into view kinds; a token that names no view is a usage error naming it.
    private static bool TryParseViews(string views, TextWriter error, out List<ViewKind> parsed)
    {
        parsed = [];
        foreach (var token in views.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (PlanarView.ParseStated(token) is not { } kind)
            {
                error.WriteLine($"process: --views {views}: '{token}' is not a view (ANT, POST, LAO, RAO, LPO, RPO, LL, RL, LAT)");
                return false;
            }
            parsed.Add(kind);
        }
        if (parsed.Count > 0) return true;
        error.WriteLine("process: --views: no view given (e.g. --views ANT,POST)");
        return false;
    }

    private static void WriteSummary(ProcedureOutcome outcome, string outDir, TextWriter o)
    {
        foreach (var line in outcome.Summary) o.WriteLine($"{line.Label + ":",-22}{line.Text}");
        foreach (var w in outcome.Result.Warnings) o.WriteLine($"warning: {w}");
        var check = outcome.Report.DocumentationCheck;
        if (!check.IsComplete) o.WriteLine($"Documentation check:  missing {string.Join("; ", check.Missing.Select(m => m.ToString()))}");
        o.WriteLine($"Report:               {Path.GetFullPath(Path.Combine(outDir, "report.pdf"))} (also report.html, report.txt, report.dcm, result.json)");
    }
}
