using System.CommandLine;
using System.Diagnostics;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Output;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak demo [--out DIR] [--planar] [--reduced]: simulates an I-123 mIBG study (early and late anterior planar plus a
/// late SPECT) as NM DICOM, processes it like <c>photopeak process</c>, and prints the key numbers and where the report is.
/// The simulator's truth.json is written beside the study folder, not in it, so the analysis cannot see it.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Output folder (default ./out)", DefaultValueFactory = _ => "out" };
        var planar = new Option<bool>("--planar") { Description = "Planar only (no SPECT): coded 0331T instead of 0332T" };
        var reduced = new Option<bool>("--reduced") { Description = "Coarse phantom and small matrices (seconds instead of a minute)" };
        var command = new Command("demo", "Simulate an mIBG study, process it and show the report");
        command.Options.Add(outDir); command.Options.Add(planar); command.Options.Add(reduced);
        command.SetAction(pr => Run(pr.GetValue(outDir)!, pr.GetValue(planar), pr.GetValue(reduced), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string outDir, bool planarOnly, bool reduced, TextWriter output, TextWriter error)
    {
        var clock = Stopwatch.StartNew();
        var studyDir = Path.Combine(outDir, "study");
        var reportDir = Path.Combine(outDir, "report");
        if (Directory.Exists(studyDir)) Directory.Delete(studyDir, recursive: true);
        var kind = planarOnly ? "mibg-planar" : "mibg-spect";
        // A heart-failure-like patient: reduced late uptake and increased washout (ME-equivalent H/M 1.9 early, 1.55 late).
        var options = new SimulationOptions
        {
            Seed = 2026, Reduced = reduced, HmEarly = 1.9, HmLate = 1.55,
            // An inferior scar (ischaemic cardiomyopathy), which the SPECT part shows as reduced inferior segments.
            MyocardialDefect = new Dictionary<int, double> { [4] = 0.35, [10] = 0.4, [15] = 0.6 },
        };
        error.WriteLine($"demo: simulating {kind} ({(reduced ? "reduced" : "full")} size: phantom, LEHR camera, Poisson noise)...");
        var simulation = Simulator.Simulate(kind, options);
        Directory.CreateDirectory(studyDir);
        foreach (var series in simulation.Series) NmDicomWriter.Write(studyDir, simulation.Study, series);
        File.WriteAllText(Path.Combine(outDir, "truth.json"), simulation.Truth.ToJson());
        error.WriteLine($"demo: {simulation.Series.Count} DICOM series written to {studyDir} in {clock.Elapsed.TotalSeconds:0.0} s (truth: {Path.Combine(outDir, "truth.json")})");

        var code = ProcessCommand.Run(studyDir, reportDir, json: false, roisFile: null, siteCc: null, output, error);
        if (code != ExitCodes.Ok) return code;
        var q = simulation.Truth.Quantities;
        output.WriteLine(FormattableString.Invariant(
            $"Simulator truth:      H/M early {q["hm.early.expected"]:0.00}, late {q["hm.late.expected"]:0.00}, washout {q["washout.noBackground.expectedPercent"]:0.0}% (noiseless, truth ROIs)"));
        if (!planarOnly && simulation.Truth.Phantom.Defects is { Count: > 0 } defects)
            output.WriteLine($"Simulator defects:    {string.Join("; ", defects)} (myocardial uptake relative to normal)");
        output.WriteLine($"Total time:           {clock.Elapsed.TotalSeconds:0.0} s");
        return ExitCodes.Ok;
    }
}
