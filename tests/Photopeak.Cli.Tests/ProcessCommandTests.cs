using System.Text.Json;
using Photopeak.Cli;
using Photopeak.Cli.Commands;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Output;

namespace Photopeak.Cli.Tests;

/// <summary>photopeak process on simulated mIBG studies (reduced size): files written, result.json contract, exit codes.</summary>
public sealed class ProcessCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("photopeak-process-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private string Simulate(string kind, long seed = 7)
    {
        var dir = Path.Combine(root, "study-" + kind);
        var sim = Simulator.Simulate(kind, new SimulationOptions { Seed = seed, Reduced = true, HmEarly = 2.3, HmLate = 1.9 });
        foreach (var s in sim.Series) NmDicomWriter.Write(dir, sim.Study, s);
        return dir;
    }

    private static (int Code, string Out, string Err) Run(string dir, string outDir, bool json = false, string? rois = null)
    {
        var o = new StringWriter(); var e = new StringWriter();
        var code = ProcessCommand.Run(dir, outDir, json, rois, null, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Process_writes_result_json_and_the_four_report_files_with_the_contract_keys()
    {
        var outDir = Path.Combine(root, "out");
        var (code, output, error) = Run(Simulate("mibg-planar"), outDir, json: true);
        Assert.True(code == ExitCodes.Ok, error);
        foreach (var f in new[] { "result.json", "report.pdf", "report.html", "report.txt", "report.dcm" })
            Assert.True(new FileInfo(Path.Combine(outDir, f)).Length > 100, f);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal("cardiac-sympathetic-mibg", r.GetProperty("procedure").GetString());
        Assert.Equal(["0331T"], r.GetProperty("cpt").EnumerateArray().Select(c => c.GetString()));
        var hmLate = r.GetProperty("measurements").GetProperty("hm_late").GetProperty("value").GetDouble();
        Assert.InRange(hmLate, 1.2, 2.5);
        Assert.Equal("%", r.GetProperty("measurements").GetProperty("washout_percent").GetProperty("unit").GetString());
        Assert.StartsWith("%PDF", File.ReadAllText(Path.Combine(outDir, "report.pdf"))[..4]);
        Assert.DoesNotContain("PHANTOM^", error + output); // no patient name in console output
    }

    // The reduced first pass (32², 12.5 mm pixels, 12 s) at its defaults: LVEF 60 %, the voxelised RV's EF 49.4 %; measured
    // 58.3 and 48.6 on frames interpolated to 6.25 mm (53.3 and 49.1 before they were; accuracy is FirstPassAccuracyTests'
    // business).
    [Fact]
    public void Process_recognises_a_first_pass_and_writes_lvef_and_rvef_with_their_method_and_78481()
    {
        var dir = Path.Combine(root, "first-pass");
        var sim = Simulator.Simulate("first-pass", new SimulationOptions { Seed = 31, Reduced = true });
        foreach (var s in sim.Series) NmDicomWriter.Write(dir, sim.Study, s);
        var outDir = Path.Combine(root, "first-pass-out");
        var (code, output, error) = Run(dir, outDir, json: true);
        Assert.True(code == ExitCodes.Ok, error);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal("cardiac-blood-pool-first-pass", r.GetProperty("procedure").GetString());
        Assert.Equal(["78481"], r.GetProperty("cpt").EnumerateArray().Select(c => c.GetString()));
        var m = r.GetProperty("measurements");
        var lvef = m.GetProperty("lvef_percent");
        Assert.InRange(lvef.GetProperty("value").GetDouble(), sim.Truth.Quantities["lvef.physicalPercent"] - 10, sim.Truth.Quantities["lvef.physicalPercent"] + 10);
        Assert.StartsWith("first pass", lvef.GetProperty("method").GetString());
        Assert.Equal(lvef.GetProperty("value").GetDouble(), m.GetProperty("lvef_first_pass_percent").GetProperty("value").GetDouble());
        Assert.InRange(m.GetProperty("rvef_first_pass_percent").GetProperty("value").GetDouble(), sim.Truth.Quantities["rvef.physicalPercent"] - 10, sim.Truth.Quantities["rvef.physicalPercent"] + 10);
        Assert.Equal(["lv.ed", "rv.ed"], r.GetProperty("rois").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
        // The report gives the camera's matrix, not the 64² the analysis interpolated to.
        Assert.Matches(@"Matrix:\s+32 × 32", File.ReadAllText(Path.Combine(outDir, "report.txt")));
    }

    [Fact]
    public void A_dynamic_study_with_frames_too_long_for_a_first_pass_is_refused_naming_the_tag()
    {
        var dir = Path.Combine(root, "slow-frames");
        var sim = Simulator.Simulate("first-pass", new SimulationOptions { Seed = 32, Reduced = true, FrameSeconds = 0.2 });
        foreach (var s in sim.Series) NmDicomWriter.Write(dir, sim.Study, s);
        var o = new StringWriter(); var e = new StringWriter();
        var code = ProcessCommand.Run(dir, Path.Combine(root, "slow-out"), false, null, null, o, e, procedure: "first-pass");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("Actual Frame Duration (0018,1242)", e.ToString());
        Assert.Contains("200 ms", e.ToString());
    }

    [Fact]
    public void A_fragmented_bolus_is_a_qc_warning_in_the_result()
    {
        var dir = Path.Combine(root, "fragmented");
        var sim = Simulator.Simulate("first-pass", new SimulationOptions { Seed = 41, FragmentedBolus = true });
        foreach (var s in sim.Series) NmDicomWriter.Write(dir, sim.Study, s);
        var (code, output, error) = Run(dir, Path.Combine(root, "fragmented-out"), json: true);
        Assert.True(code == ExitCodes.Ok, error);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal("fragmented", r.GetProperty("findings").GetProperty("bolus").GetString());
        Assert.Contains(r.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("fragmented bolus", StringComparison.Ordinal));
    }

    [Fact]
    public void Process_with_spect_selects_0332T_and_the_report_carries_the_segment_scores()
    {
        var outDir = Path.Combine(root, "out-spect");
        var (code, output, error) = Run(Simulate("mibg-spect"), outDir);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("0332T", output);
        var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(outDir, "report.txt")), @"\s+", " ");
        Assert.Contains("segment scores 1-17:", text);
        Assert.Contains("0332T", text);
        Assert.DoesNotContain("SPECT assessment (defect location) (required", text);
        Assert.DoesNotContain("Segment scores and summed score (required", text);
        using var result = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, result.RootElement.GetProperty("measurements").GetProperty("spect_summed_score").GetProperty("value").ValueKind);
    }

    [Fact]
    public void Process_recomputes_from_an_edited_roi_file()
    {
        var dir = Simulate("mibg-planar", 8);
        var first = Path.Combine(root, "first");
        Assert.Equal(ExitCodes.Ok, Run(dir, first).Code);
        var rois = Path.Combine(first, "result.json");
        var (code, output, error) = Run(dir, Path.Combine(root, "second"), json: true, rois: rois);
        Assert.True(code == ExitCodes.Ok, error);
        using var a = JsonDocument.Parse(File.ReadAllText(rois));
        using var b = JsonDocument.Parse(output);
        double Hm(JsonDocument d) => d.RootElement.GetProperty("measurements").GetProperty("hm_late").GetProperty("value").GetDouble();
        Assert.Equal(Hm(a), Hm(b), 6);
    }

    [Fact]
    public void Missing_late_image_fails_with_a_message_naming_it()
    {
        var dir = Simulate("mibg-planar", 9);
        File.Delete(Path.Combine(dir, "late_ant.dcm"));
        var (code, _, error) = Run(dir, Path.Combine(root, "x"));
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("no late anterior image", error);
        Assert.False(File.Exists(Path.Combine(root, "x", "result.json")));
    }

    [Fact]
    public void Exit_codes_distinguish_usage_and_unreadable_input()
    {
        Assert.Equal(ExitCodes.UnreadableInput, Run(Path.Combine(root, "does-not-exist"), Path.Combine(root, "y")).Code);
        var junk = Path.Combine(root, "junk");
        Directory.CreateDirectory(junk);
        File.WriteAllText(Path.Combine(junk, "a.dcm"), "not dicom");
        Assert.Equal(ExitCodes.UnreadableInput, Run(junk, Path.Combine(root, "z")).Code);
    }

    [Fact]
    public void Process_recognises_a_lung_perfusion_study_and_writes_the_split_within_a_point_of_truth()
    {
        var dir = Path.Combine(root, "study-lung");
        var sim = Simulator.Simulate("lung-perfusion", new SimulationOptions { Seed = 11, Reduced = true, RightLungPercent = 40 });
        foreach (var s in sim.Series) NmDicomWriter.Write(dir, sim.Study, s);
        var outDir = Path.Combine(root, "out-lung");
        var o = new StringWriter(); var e = new StringWriter();
        var lung = new Photopeak.Procedures.PulmonaryPerfusion.PulmonaryPerfusionOptions { Fev1Litres = 2.0, Fev1PercentPredicted = 70, Resection = ["RLL"] };
        var code = ProcessCommand.Run(dir, outDir, true, null, null, o, e, lung);
        Assert.True(code == ExitCodes.Ok, e.ToString());
        foreach (var f in new[] { "result.json", "report.pdf", "report.html", "report.txt", "report.dcm" })
            Assert.True(new FileInfo(Path.Combine(outDir, f)).Length > 100, f);
        using var doc = JsonDocument.Parse(o.ToString());
        var r = doc.RootElement;
        Assert.Equal("pulmonary-perfusion-maa", r.GetProperty("procedure").GetString());
        Assert.Equal(["78597"], r.GetProperty("cpt").EnumerateArray().Select(c => c.GetString()));
        var m = r.GetProperty("measurements");
        double V(string key) => m.GetProperty(key).GetProperty("value").GetDouble();
        Assert.Equal(sim.Truth.Quantities["perf.lung.right.expectedPercent"], V("lung_right_percent"), 1.0);
        Assert.Equal(100.0, V("lung_right_percent") + V("lung_left_percent"), 3);
        foreach (var key in new[] { "right_upper_percent", "right_middle_percent", "right_lower_percent", "left_upper_percent", "left_middle_percent", "left_lower_percent", "ppo_fev1_litres", "ppo_fev1_percent_predicted" })
            Assert.True(m.TryGetProperty(key, out _), key);
        Assert.True(r.GetProperty("rois").GetProperty("rightSpans").GetArrayLength() > 0);

        // The written ROIs, given back with --rois, reproduce the split exactly.
        var again = new StringWriter();
        Assert.Equal(ExitCodes.Ok, ProcessCommand.Run(dir, Path.Combine(root, "out-lung-2"), true, Path.Combine(outDir, "result.json"), null, again, new StringWriter(), lung));
        using var doc2 = JsonDocument.Parse(again.ToString());
        Assert.Equal(V("lung_right_percent"), doc2.RootElement.GetProperty("measurements").GetProperty("lung_right_percent").GetProperty("value").GetDouble(), 9);
    }

    [Fact]
    public void An_unknown_procedure_is_a_usage_error_and_a_stated_one_is_analysed()
    {
        var dir = Simulate("mibg-planar", 12);
        var o = new StringWriter(); var e = new StringWriter();
        Assert.Equal(ExitCodes.Usage, ProcessCommand.Run(dir, Path.Combine(root, "unknown"), true, null, null, o, e, procedure: "bone-scan"));
        Assert.Contains("--procedure bone-scan", e.ToString());
        Assert.False(Directory.Exists(Path.Combine(root, "unknown")));

        o = new StringWriter(); e = new StringWriter();
        Assert.Equal(ExitCodes.Ok, ProcessCommand.Run(dir, Path.Combine(root, "stated"), true, null, null, o, e, procedure: "mibg"));
        using var doc = JsonDocument.Parse(o.ToString());
        Assert.Equal("cardiac-sympathetic-mibg", doc.RootElement.GetProperty("procedure").GetString());

        o = new StringWriter(); e = new StringWriter();
        Assert.Equal(ExitCodes.Failed, ProcessCommand.Run(dir, Path.Combine(root, "wrong"), true, null, null, o, e, procedure: "lung-perfusion"));
        Assert.Contains("perfusion", e.ToString());
        Assert.False(Directory.Exists(Path.Combine(root, "wrong")));
    }

    [Fact]
    public void Stated_views_that_are_not_views_or_do_not_match_the_detectors_are_usage_errors_and_matching_ones_are_used()
    {
        var dir = Simulate("lung-perfusion", 14);
        var o = new StringWriter(); var e = new StringWriter();
        Assert.Equal(ExitCodes.Usage, ProcessCommand.Run(dir, Path.Combine(root, "views-bad"), true, null, null, o, e, views: "ANT,BACK"));
        Assert.Contains("'BACK' is not a view", e.ToString());
        Assert.False(Directory.Exists(Path.Combine(root, "views-bad")));

        e = new StringWriter();
        Assert.Equal(ExitCodes.Usage, ProcessCommand.Run(dir, Path.Combine(root, "views-count"), true, null, null, o, e, views: "ANT,POST"));
        Assert.Contains("--views ANT,POST", e.ToString());
        Assert.Contains("holds 8 planar views", e.ToString());
        Assert.False(Directory.Exists(Path.Combine(root, "views-count")));

        // The views the header codes, stated in study order (series 1 ANT/POST, 2 RAO/LPO, 3 LAO/RPO, 4 right/left lateral):
        // the same split as from the header, and the result says they were stated.
        double Right(StringWriter json) => JsonDocument.Parse(json.ToString()).RootElement.GetProperty("measurements").GetProperty("lung_right_percent").GetProperty("value").GetDouble();
        var fromHeader = new StringWriter();
        Assert.Equal(ExitCodes.Ok, ProcessCommand.Run(dir, Path.Combine(root, "views-header"), true, null, null, fromHeader, new StringWriter()));
        o = new StringWriter(); e = new StringWriter();
        Assert.Equal(ExitCodes.Ok, ProcessCommand.Run(dir, Path.Combine(root, "views-ok"), true, null, null, o, e, views: "ANT,POST,RAO,LPO,LAO,RPO,RL,LL"));
        Assert.Equal(Right(fromHeader), Right(o), 9);
        using var doc = JsonDocument.Parse(o.ToString());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("views stated with --views"));
    }

    [Fact]
    public void Implausible_spirometry_or_an_overlapping_resection_is_a_usage_error_before_the_study_is_read()
    {
        var o = new StringWriter(); var e = new StringWriter();
        var missing = Path.Combine(root, "no-such-study-needed");
        Directory.CreateDirectory(missing);
        var lung = new Photopeak.Procedures.PulmonaryPerfusion.PulmonaryPerfusionOptions { Fev1Litres = -2, Resection = ["RLL", "RLL"] };
        Assert.Equal(ExitCodes.Usage, ProcessCommand.Run(missing, Path.Combine(root, "bad-options"), true, null, null, o, e, lung));
        Assert.Contains("--fev1-litres -2", e.ToString());
        Assert.Contains("'RLL' overlaps 'RLL'", e.ToString());
        Assert.DoesNotContain("reading", e.ToString());
        Assert.False(Directory.Exists(Path.Combine(root, "bad-options")));
    }

    [Fact]
    public void An_output_path_that_is_a_file_or_inside_the_input_is_refused_before_the_analysis()
    {
        var dir = Simulate("mibg-planar", 13);
        var file = Path.Combine(root, "a-file");
        File.WriteAllText(file, "x");
        var (code, _, error) = Run(dir, file);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("is a file", error);
        Assert.DoesNotContain("analysing", error);

        var before = Directory.GetFiles(dir).Length;
        (code, _, error) = Run(dir, Path.Combine(dir, "reports"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("input folder", error);
        Assert.Equal(before, Directory.GetFiles(dir).Length);
        Assert.False(Directory.Exists(Path.Combine(dir, "reports")));
    }

    [Fact]
    public void A_failed_rerun_leaves_the_earlier_reports_untouched()
    {
        var dir = Simulate("mibg-planar", 14);
        var outDir = Path.Combine(root, "kept");
        Assert.Equal(ExitCodes.Ok, Run(dir, outDir).Code);
        var before = Directory.GetFiles(outDir).ToDictionary(f => f, File.ReadAllBytes);
        File.Delete(Path.Combine(dir, "late_ant.dcm"));
        Assert.Equal(ExitCodes.Failed, Run(dir, outDir).Code);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(outDir).Order());
        foreach (var (f, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(f));
    }
}
