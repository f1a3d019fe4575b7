using System.Globalization;
using System.Text.Json;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Results;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;
using static Photopeak.Procedures.Tests.CardiacFunction.EjectionFractionAgreement;

namespace Photopeak.Procedures.Tests.CardiacBloodPool;

/// <summary>Simulated first passes (LVEF 15–75 %, EDV 60–250 ml, heart rate 52–110, RVEF 30–65 %; cardiac output 2.5–6 l/min,
/// so that the LV phase falls inside the 25 s acquired) and six noise realisations of one, on the simulator's LEAP camera at
/// the clinical protocol (925 MBq, RAO 20°, 64², 40 ms frames), written once.</summary>
public sealed class SimulatedFirstPasses : IDisposable
{
    /// <summary>(LVEF %, EDV ml, heart rate /min, RVEF %) of each development heart, seeds 301–320: the engine's constants
    /// (phase threshold, outline fraction, background ring) were chosen on these.</summary>
    public static readonly (double Lvef, double Edv, double Rate, double Rvef)[] Hearts =
    [
        (15, 250, 95, 35), (20, 230, 90, 40), (25, 200, 85, 45), (30, 180, 80, 35), (35, 160, 75, 50), (40, 150, 70, 55),
        (45, 130, 65, 45), (50, 120, 60, 50), (55, 110, 72, 60), (60, 120, 75, 50), (65, 100, 80, 55), (70, 90, 90, 60),
        (75, 80, 100, 65), (18, 220, 105, 30), (28, 190, 68, 40), (38, 140, 110, 45), (48, 100, 52, 50), (58, 85, 95, 55),
        (68, 75, 58, 60), (62, 60, 110, 55),
    ];

    /// <summary>Held-out hearts, seeds 401–410, written down before the engine's constants were final and run once after.</summary>
    public static readonly (double Lvef, double Edv, double Rate, double Rvef)[] HeldOut =
    [
        (22, 210, 88, 38), (33, 170, 76, 42), (42, 140, 66, 52), (52, 115, 84, 58), (57, 95, 70, 47), (64, 85, 92, 62),
        (73, 70, 104, 57), (27, 240, 100, 33), (46, 105, 56, 44), (67, 110, 62, 52),
    ];

    /// <summary>Irregular rhythms, seeds 51–56: (LVEF %, EDV ml, heart rate /min, % of beats premature), each premature beat
    /// at 75 % of the R-R interval with a compensatory pause.</summary>
    public static readonly (double Lvef, double Edv, double Rate, double PrematurePercent)[] Irregular =
        [(60, 120, 75, 33), (35, 170, 60, 25), (55, 110, 95, 20), (45, 140, 70, 33), (65, 95, 85, 25), (30, 200, 55, 50)];

    /// <summary>Development hearts also written at 128² (3.1 mm pixels): the four that read highest there before the engine
    /// smoothed and sized its background ring in mm (LVEF 40, 29, 27 and 31 points high).</summary>
    public static readonly int[] FineMatrixSeeds = [303, 307, 310, 314];

    /// <summary>Development hearts also written at 32² (12.5 mm pixels): the four the engine read worst there before it
    /// interpolated coarse frames (LVEF 14, 11 and 10 points low, one refused for want of still pixels round the LV).</summary>
    public static readonly int[] CoarseMatrixSeeds = [308, 309, 317, 320];

    /// <summary>Development hearts on fresh noise (seed 200 above their own): the two dilated, failing LVs that read 7.1 and 7.6
    /// points high when LV pixels each had to lose 10 % of their counts.</summary>
    public static readonly int[] FreshSeeds = [501, 514];

    /// <summary>Development hearts on fresh noise whose RVEF read 6.8 points high (EF 60 and 65 %) while the RV's background
    /// ring lay one to three pixels out, inside the RV's blur.</summary>
    public static readonly int[] FreshRvSeeds = [512, 513];

    private readonly string root = Directory.CreateTempSubdirectory("photopeak-fp-").FullName;

    public SimulatedFirstPasses()
    {
        var studies = Hearts.Select((h, i) => (Name: $"heart{301 + i}", Seed: 301 + i, Heart: h, Fragmented: false))
            .Concat(HeldOut.Select((h, i) => (Name: $"heart{401 + i}", Seed: 401 + i, Heart: h, Fragmented: false)))
            .Concat(Enumerable.Range(31, 6).Select(seed => (Name: $"repeat{seed}", Seed: seed, Heart: (55.0, 120.0, 70.0, 50.0), Fragmented: false)))
            .Append((Name: "fragmented", Seed: 41, Heart: (55.0, 120.0, 70.0, 50.0), Fragmented: true))
            .Select(s => (s.Name, s.Seed, s.Heart, s.Fragmented, Irregular: (double?)null))
            .Concat(Irregular.Select((h, i) => (Name: $"irregular{51 + i}", Seed: 51 + i, Heart: (h.Lvef, h.Edv, h.Rate, 50.0), Fragmented: false, Irregular: (double?)h.PrematurePercent)))
            .Select(s => (s.Name, s.Seed, s.Heart, s.Fragmented, s.Irregular, Matrix: (int?)null))
            .Concat(FineMatrixSeeds.Select(seed => (Name: $"fine{seed}", Seed: seed, Heart: Hearts[seed - 301], Fragmented: false, Irregular: (double?)null, Matrix: (int?)128)))
            .Concat(CoarseMatrixSeeds.Select(seed => (Name: $"coarse{seed}", Seed: seed, Heart: Hearts[seed - 301], Fragmented: false, Irregular: (double?)null, Matrix: (int?)32)))
            .Concat(FreshSeeds.Concat(FreshRvSeeds).Select(seed => (Name: $"fresh{seed}", Seed: seed, Heart: Hearts[seed - 501], Fragmented: false, Irregular: (double?)null, Matrix: (int?)null)))
            .ToList();
        Parallel.ForEach(studies, new ParallelOptions { MaxDegreeOfParallelism = 2 }, s =>
        {
            var (lvef, edv, rate, rvef) = s.Heart;
            var result = Simulator.Simulate("first-pass", new SimulationOptions
            {
                Seed = s.Seed, LvefPercent = lvef, EdvMl = edv, HeartRateBpm = rate, RvefPercent = rvef, FragmentedBolus = s.Fragmented,
                IrregularBeatsPercent = s.Irregular, Matrix = s.Matrix,
            });
            Simulator.Write(result, Path.Combine(root, s.Name));
        });
    }

    public string Folder(string name) => Path.Combine(root, name);

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}

public sealed class FirstPassAccuracyTests(SimulatedFirstPasses passes, ITestOutputHelper output) : IClassFixture<SimulatedFirstPasses>
{
    private static (FirstPassFunction Function, JsonElement Truth) Analyse(string folder)
    {
        var study = StudyLoader.Load(folder).Studies.Single();
        var frames = FirstPassFrames.Read(study.Acquisitions.Single());
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "truth.json")));
        return (FirstPassAnalysis.Analyse(frames), truth.RootElement.GetProperty("quantities").Clone());
    }

    private (List<double> Lv, List<double> Rv, double LvSlope) Errors((double Lvef, double Edv, double Rate, double Rvef)[] hearts, int firstSeed)
    {
        var lvErrors = new List<double>(); var rvErrors = new List<double>();
        var truths = new List<double>(); var measured = new List<double>();
        output.WriteLine("seed  LVEF true  meas   err | RVEF true  meas   err | beats LV/RV  LV net ED counts  heart rate");
        for (var i = 0; i < hearts.Length; i++)
        {
            var (f, truth) = Analyse(passes.Folder($"heart{firstSeed + i}"));
            var lvTrue = truth.GetProperty("lvef.physicalPercent").GetDouble();
            var rvTrue = truth.GetProperty("rvef.physicalPercent").GetDouble();
            // A dilated LV carves the phantom's RV, and where the carving changes over the cycle the voxelised RV no longer
            // follows the asked RVEF (seed 408: 17 % for 33 %): no valid RV truth there, and it is left out of the RV figures.
            var rvValid = Math.Abs(rvTrue - truth.GetProperty("rvef.modelPercent").GetDouble()) <= 10;
            lvErrors.Add(f.Lv.EjectionFractionPercent - lvTrue);
            if (rvValid) rvErrors.Add(f.Rv.EjectionFractionPercent - rvTrue);
            truths.Add(lvTrue); measured.Add(f.Lv.EjectionFractionPercent);
            Assert.Equal(1, f.BolusPeaks);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{firstSeed + i}  {lvTrue,8:0.0} {f.Lv.EjectionFractionPercent,6:0.0} {lvErrors[^1],5:+0.0;-0.0} | {rvTrue,8:0.0} {f.Rv.EjectionFractionPercent,6:0.0} {(rvValid ? rvErrors[^1].ToString("+0.0;-0.0", CultureInfo.InvariantCulture) : "n/a"),5} | {f.Lv.Beats,5}/{f.Rv.Beats}  {f.Lv.EndDiastolicNetCounts,10:N0}  {f.HeartRateBpm,5:0.0}/min"));
        }
        var slope = Slope(truths, measured);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LV: mean {lvErrors.Average():+0.0;-0.0}, SD {Sd(lvErrors):0.0}, worst {lvErrors.MaxBy(Math.Abs):+0.0;-0.0}, slope {slope:0.000}; RV: mean {rvErrors.Average():+0.0;-0.0}, SD {Sd(rvErrors):0.0}, worst {rvErrors.MaxBy(Math.Abs):+0.0;-0.0}, {rvErrors.Count(e => Math.Abs(e) <= 6)} of {rvErrors.Count} within 6"));
        return (lvErrors, rvErrors, slope);
    }

    // At 128² (3.1 mm pixels) the engine's 64² constants (one 1-2-1 pass, a background ring 1 to 3 pixels out, inside the
    // blurred ventricle) read all 20 development hearts' LVEF high, by +15 on average and up to +40, and refused one ("no still
    // pixels round the RV"). Smoothed and sized in mm: LV −4.4 … +7.7, mean −0.3, 17 of 20 within 5; RV −2.0 … +13.4, 18 of
    // 20 within 6. With the failing LV's relative emptying threshold (see A_dilated_failing_lv_is_outlined_whole): LV −4.4 …
    // +5.8, mean −0.8, 19 of 20. Not yet at par with 64² (32² is in the next test). The four hearts that read highest before
    // must meet the issue's tolerances (the ones still outside them at 128² are not in this test).
    [Fact]
    public void A_128_matrix_first_pass_meets_the_tolerances_on_the_hearts_it_failed()
    {
        foreach (var seed in SimulatedFirstPasses.FineMatrixSeeds)
            Assert.Equal(128, MeetsTolerances("fine", seed, 128).Frames.Rows);
    }

    /// <summary>Analyses the study <paramref name="prefix"/><paramref name="seed"/> and asserts the issue's 5 (LV) and 6 (RV)
    /// points against its truth.</summary>
    private FirstPassFunction MeetsTolerances(string prefix, int seed, int cameraMatrix)
    {
        var (f, truth) = Analyse(passes.Folder($"{prefix}{seed}"));
        Assert.Equal(cameraMatrix, f.Frames.Acquisition.Rows);
        double lvTrue = truth.GetProperty("lvef.physicalPercent").GetDouble(), rvTrue = truth.GetProperty("rvef.physicalPercent").GetDouble();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heart {seed} at {cameraMatrix}²: LVEF {f.Lv.EjectionFractionPercent:0.0} vs {lvTrue:0.0}, RVEF {f.Rv.EjectionFractionPercent:0.0} vs {rvTrue:0.0}"));
        Assert.InRange(f.Lv.EjectionFractionPercent, lvTrue - 5, lvTrue + 5);
        Assert.InRange(f.Rv.EjectionFractionPercent, rvTrue - 6, rvTrue + 6);
        return f;
    }

    // At 32² (12.5 mm) the outlines, smoothing and background ring, chosen on 6.25 mm pixels, kept their pixels: LVEF −14 …
    // +6, rms 5.6, 14 of 19 within 5, one study refused; held-out hearts −11 … +5, 5 of 10. The frames are now interpolated to
    // 6.25 mm, and the RV's ring starts an acquired pixel out: development LVEF −3.0 … +7.0 (mean +1.5, 17 of 20 within 5),
    // RVEF −3.8 … +2.7; held-out LVEF −4.0 … +7.0 (8 of 10), RVEF −2.5 … +3.3 (9 valid). The LV reads high on mid and high EFs
    // (the blur of coarse pixels shrinks the emptying core the ED ROI holds). The four hearts that failed worst must meet the
    // issue's tolerances, and the report says that the frames were interpolated.
    [Fact]
    public void A_32_matrix_first_pass_is_interpolated_and_meets_the_tolerances_on_the_hearts_it_failed()
    {
        foreach (var seed in SimulatedFirstPasses.CoarseMatrixSeeds)
        {
            var f = MeetsTolerances("coarse", seed, 32);
            Assert.Equal(64, f.Frames.Rows);
            Assert.Equal(12.5, f.Frames.AcquiredPixelMm, 6);
            Assert.Contains(f.Warnings, w => w.Contains("interpolated to 6.25 mm pixels", StringComparison.Ordinal));
        }
    }

    // Outlines given back on the camera's 12.5 mm pixels (drawn on the acquired images, or saved before coarse frames were
    // interpolated) are moved onto the 6.25 mm grid the analysis outlines on, not applied at a quarter of their area.
    [Fact]
    public void Edited_rois_on_the_cameras_coarse_pixels_are_moved_onto_the_interpolated_grid()
    {
        var frames = FirstPassFrames.Read(StudyLoader.Load(passes.Folder("coarse308")).Studies.Single().Acquisitions.Single());
        var automatic = FirstPassAnalysis.Analyse(frames);
        static RoiDefinition OnCameraPixels(RoiDefinition r) =>
            r with { Points = [.. r.Points!.Select(p => new[] { (p[0] + 0.5) / 2 - 0.5, (p[1] + 0.5) / 2 - 0.5 })], PixelSpacingMm = 12.5 };
        var edited = FirstPassAnalysis.Analyse(frames, [OnCameraPixels(automatic.Lv.Roi), OnCameraPixels(automatic.Rv.Roi)]);
        Assert.Equal(automatic.Lv.EjectionFractionPercent, edited.Lv.EjectionFractionPercent, 6);
        Assert.Equal(automatic.Rv.EjectionFractionPercent, edited.Rv.EjectionFractionPercent, 6);
        Assert.Equal(6.25, edited.Lv.Roi.PixelSpacingMm!.Value, 6);
    }

    // The development hearts' parameters on fresh noise (seeds 501–520), run once with the engine as it was: LVEF −5.3 … +7.6,
    // rms 3.3, 16 of 20 within 5. The two dilated, failing LVs (EF 15 and 18 %, EDV 250 and 220 ml) read 7.1 and 7.6 high:
    // their central pixels lose less than 10 %, and the ED ROI shrank to 33 and 8 pixels round the edge that moves. With
    // the threshold relative to the bright region's own emptying: −5.3 … +3.0, rms 2.5, 18 of 20 (the two outside, −5.3 and
    // −5.1, are high EFs); 128²: 19 of 20 (was 17), worst +5.8 (was +7.7); 64² development and held-out sets and 32² within
    // 0.2 of what they were.
    [Fact]
    public void A_dilated_failing_lv_is_outlined_whole()
    {
        foreach (var seed in SimulatedFirstPasses.FreshSeeds)
        {
            var (f, truth) = Analyse(passes.Folder($"fresh{seed}"));
            double lvTrue = truth.GetProperty("lvef.physicalPercent").GetDouble(), rvTrue = truth.GetProperty("rvef.physicalPercent").GetDouble();
            var pixels = f.Lv.Roi.Mask(f.Frames.Rows, f.Frames.Columns).Count(b => b);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heart {seed}: LVEF {f.Lv.EjectionFractionPercent:0.0} vs {lvTrue:0.0} ({pixels} pixels), RVEF {f.Rv.EjectionFractionPercent:0.0} vs {rvTrue:0.0}"));
            Assert.InRange(f.Lv.EjectionFractionPercent, lvTrue - 5, lvTrue + 5);
            Assert.InRange(f.Rv.EjectionFractionPercent, rvTrue - 6, rvTrue + 6);
            Assert.True(pixels >= 40, $"an ED ROI of {pixels} pixels for an LV of {SimulatedFirstPasses.Hearts[seed - 501].Edv:0} ml");
        }
    }

    // The RV's background is the mean of a ring round it that takes in what fills in systole (see FirstPassAnalysis.Chamber).
    // A ring one to three 6.25 mm pixels out still held the RV's own blur: too high a background, an RVEF too high (these two
    // hearts +6.8 and +6.8; the noiseless development hearts +2.0 on average). Two to four pixels out: +3.9 and +3.9.
    [Fact]
    public void The_rv_background_ring_lies_beyond_the_rvs_blur()
    {
        foreach (var seed in SimulatedFirstPasses.FreshRvSeeds)
        {
            var (f, truth) = Analyse(passes.Folder($"fresh{seed}"));
            var rvTrue = truth.GetProperty("rvef.physicalPercent").GetDouble();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heart {seed}: RVEF {f.Rv.EjectionFractionPercent:0.0} vs {rvTrue:0.0}"));
            Assert.InRange(f.Rv.EjectionFractionPercent, rvTrue - 6, rvTrue + 6);
        }
    }

    // Development hearts (seeds 301–320) against the true LVEF and the voxelised RV's EF: LV mean −0.7, SD 2.2, worst −3.9,
    // slope 0.950; RV mean −0.7, SD 2.4, 20 of 20 within 6, worst +6.0 (seed 319). Held-out hearts (seeds 401–410, run once
    // with the engine final): LV mean −0.7, SD 2.8, worst −4.7, slope 0.962; RV mean −0.5, 9 of 9 valid within 6. The RV's
    // background ring moved from one to three to two to four pixels out after that (it read RV means of +1.0 and +1.6, and
    // +2.5 with 16 of 20 within 6 on the development hearts' fresh noise, seeds 501–520; now +0.8 and 18 of 20). That choice
    // was made looking at the held-out hearts too, so they are no longer held out for the RV.
    //
    // These hearts keep their base still (the simulator's first-pass default). On the development hearts' parameters with the
    // base carrying a share of the long-axis shortening (--base-descent; seeds 7901–7920, a scratch run at stop 52, never
    // committed) the LVEF reads low: share 0 mean −1.2, 19 of 20 within 5; 0.5: −7.4, 7 of 20; 0.8: −8.9, 2 of 20; 1: −8.8,
    // 8 of 20 (one ED outline of 13 pixels, −33). RVEF at 0.8: −4.0, 17 of 20 within 6. On noiseless frames at 0.8 (seeds
    // 7801–7813) the shortfall is: the counts' depth (the blood moves towards the camera in systole: all the LV's counts read
    // 1–2 below the volume EF), the fixed outline's capture (the LV's own counts in the simulator's ED mask, 2–3 more) and
    // the left atrium's filling inside that mask (1–10 more, most at high EF); the engine 0–4.5 below that. A dual (ED and
    // ES) outline with the simulator's own masks read −1.7 to +0.6 from the truth at 0.8 (+1.6 to +4.2 on still bases).
    // Automatic ES outlines inside the ED outline at 0.8: 50 % of the ES frame's maximum by pixels mean +0.5 but rms 7.7
    // (+5.3 on still bases), 40 % −6.1 (rms 7.9), along rays −6.9 and −12.0 (rms 9.4, 12.5); an ED outline kept 6 mm clear
    // of pixels that fill in systole −8.2. None kept. See stop 52's closing note.
    [Fact]
    public void First_pass_lvef_and_rvef_follow_the_truth()
    {
        var (lv, rv, slope) = Errors(SimulatedFirstPasses.Hearts, 301);
        AssertWithinIssueTolerance(lv, rv, slope);
    }

    [Fact]
    public void First_pass_ejection_fractions_hold_on_held_out_hearts()
    {
        var (lv, rv, slope) = Errors(SimulatedFirstPasses.HeldOut, 401);
        AssertWithinIssueTolerance(lv, rv, slope);
    }

    // The issue's tolerances: LVEF within 5 points of the truth for every heart, no bias and no slope (measured against true
    // 0.93–1.07: the development set sits at 0.950); RVEF within 6 for 90 % of hearts, none beyond 11, no bias beyond 3.
    private static void AssertWithinIssueTolerance(List<double> lv, List<double> rv, double slope)
    {
        Assert.True(lv.All(e => Math.Abs(e) <= 5), $"LVEF errors {Join(lv)}");
        Assert.InRange(slope, 0.93, 1.07);
        Assert.InRange(lv.Average(), -2.5, 2.5);
        Assert.True(rv.Count(e => Math.Abs(e) <= 6) >= 0.9 * rv.Count, $"RVEF errors {Join(rv)}");
        Assert.True(rv.All(e => Math.Abs(e) <= 11), $"RVEF errors {Join(rv)}");
        Assert.InRange(rv.Average(), -3, 3);
    }

    // These hearts contract uniformly, so the segments follow the global EF: on the development hearts every segment of the
    // hearts with LVEF ≥ 58 % read normal (regional EF 42–97 %), and at LVEF ≤ 25 % at least four of five read abnormal
    // (regional EF 9–46 %).
    //
    // Since stop 52 the simulator writes first passes with one abnormal wall (--wall-motion). A scratch run then (36 hearts:
    // LVEF 60 %/120 ml, 35 %/180 ml, 70 %/80 ml, each wall hypokinetic, akinetic or dyskinetic, seeds 8101–8136, base still)
    // found what these tests could not: the LV outline keeps to the pixels that empty, so it leaves out a wall that does not.
    // LVEF error: hypokinetic +0.4 on average (12 of 12 within 5), akinetic +3.4 (10 of 12; an inferior one +10.2),
    // dyskinetic +7.8 (4 of 12; up to +17.2 for an inferior one), against the issue's 5 "with and without wall-motion
    // defects". The RAO segments called three of the six anterior akinetic or dyskinetic walls akinetic (the anterobasal
    // segment), none of the six inferior ones (hypokinetic or normal). On the simulator as it was before its stroke volume
    // followed the abnormal wall, adding the bright pixels within 6–12 mm of the outline on its apical half (not beyond the
    // base) took the 36 from 19 to 26 within 5 but the development hearts' mean from −0.8 (as run then) to −1.2, one at
    // −5.2: not kept. See stop 52's closing note.
    [Fact]
    public void Rao_wall_segments_are_normal_in_normal_hearts_and_reduced_in_failing_ones()
    {
        for (var i = 0; i < SimulatedFirstPasses.Hearts.Length; i++)
        {
            var (lvef, _, _, _) = SimulatedFirstPasses.Hearts[i];
            if (lvef is > 25 and < 58) continue;
            var (f, _) = Analyse(passes.Folder($"heart{301 + i}"));
            var summary = string.Join(", ", f.WallMotion.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Name} {w.Motion} {w.ShorteningPercent:0}")));
            Assert.Equal(5, f.WallMotion.Count);
            if (lvef >= 58) Assert.True(f.WallMotion.All(w => w.Motion == Photopeak.Procedures.CardiacFunction.WallMotion.Normal), $"LVEF {lvef}: {summary}");
            else Assert.True(f.WallMotion.Count(w => w.Motion != Photopeak.Procedures.CardiacFunction.WallMotion.Normal) >= 4, $"LVEF {lvef}: {summary}");
        }
    }

    // The rhythm is judged from the LV ROI curve's beats in the LV phase: no regular heart (rates 52–110, LVEF 15–75 %) reads
    // irregular (those whose beats cannot be timed are not judged: measured LVEF < 28 %, fewer than 15 frames per beat), and
    // premature beats are found in all but at most one of six irregular rhythms. These hearts set the two limits (development
    // data, not held out).
    [Fact]
    public void Premature_beats_in_the_LV_phase_are_reported_and_a_regular_rhythm_is_not()
    {
        var regular = SimulatedFirstPasses.Hearts.Select((_, i) => $"heart{301 + i}").Concat(SimulatedFirstPasses.HeldOut.Select((_, i) => $"heart{401 + i}"))
            .Concat(Enumerable.Range(31, 6).Select(seed => $"repeat{seed}")).ToList();
        var lines = new List<string>();
        var falseAlarms = regular.Where(name =>
        {
            var (f, _) = Analyse(passes.Folder(name));
            lines.Add($"{name}: {(f.Rhythm!.Irregular ? "IRREGULAR" : f.Rhythm.NotAssessed ?? "regular")} {string.Join(", ", f.Rhythm.IntervalsMs.Select(i => i.ToString("0", CultureInfo.InvariantCulture)))} ms");
            return f.Rhythm.Irregular;
        }).ToList();
        var found = SimulatedFirstPasses.Irregular.Select((_, i) => $"irregular{51 + i}").Count(name =>
        {
            var (f, _) = Analyse(passes.Folder(name));
            lines.Add($"{name}: {(f.Rhythm!.Irregular ? "irregular" : "MISSED " + f.Rhythm.NotAssessed)} {string.Join(", ", f.Rhythm.IntervalsMs.Select(i => i.ToString("0", CultureInfo.InvariantCulture)))} ms");
            if (f.Rhythm.Irregular) Assert.Contains(f.Warnings, w => w.Contains("irregular rhythm in the LV phase", StringComparison.Ordinal));
            return f.Rhythm.Irregular;
        });
        output.WriteLine(string.Join("\n", lines));
        Assert.Empty(falseAlarms);
        Assert.True(found >= SimulatedFirstPasses.Irregular.Length - 1, $"{found} of {SimulatedFirstPasses.Irregular.Length} irregular rhythms found");
    }

    // Six noise realisations of one heart (LVEF 55 %, RVEF 50 %).
    [Fact]
    public void Repeat_noise_realisations_give_a_steady_ejection_fraction()
    {
        var lv = new List<double>(); var rv = new List<double>();
        foreach (var seed in Enumerable.Range(31, 6))
        {
            var (f, _) = Analyse(passes.Folder($"repeat{seed}"));
            lv.Add(f.Lv.EjectionFractionPercent); rv.Add(f.Rv.EjectionFractionPercent);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LVEF {Join(lv)}: SD {Sd(lv):0.00}; RVEF {Join(rv)}: SD {Sd(rv):0.00}"));
        Assert.True(Sd(lv) <= 2.0, $"LVEF SD {Sd(lv):0.00} over {Join(lv)}");
        Assert.True(Sd(rv) <= 3.0, $"RVEF SD {Sd(rv):0.00} over {Join(rv)}");
    }

    [Fact]
    public void A_fragmented_bolus_is_reported_with_its_peaks()
    {
        var (f, _) = Analyse(passes.Folder("fragmented"));
        Assert.True(f.BolusPeaks >= 2, $"{f.BolusPeaks} peak(s), FWHM {f.BolusFwhmSeconds:0.0} s");
        var (compact, _) = Analyse(passes.Folder("repeat31"));
        Assert.Equal(1, compact.BolusPeaks);
        Assert.True(compact.BolusFwhmSeconds <= Photopeak.Procedures.CardiacBloodPool.FirstPassProcedure.CompactBolusFwhmSeconds,
            $"compact bolus measured {compact.BolusFwhmSeconds:0.0} s wide");
    }

    // The automatic outlines written to result.json and read back by --rois give the same EFs; an LV outline shrunk to 60 %
    // of its size round its centre is used as drawn (its background still outside the ventricle) and changes the LVEF.
    [Fact]
    public void Edited_outlines_from_result_json_are_taken_back()
    {
        var folder = passes.Folder("repeat32");
        var study = StudyLoader.Load(folder).Studies.Single();
        var procedure = new Photopeak.Procedures.CardiacBloodPool.FirstPassProcedure();
        var automatic = procedure.Analyse(study, new Photopeak.Procedures.Pipeline.ProcedureRequest());
        var rois = Path.Combine(folder, "..", "repeat32-rois.json");
        try
        {
            File.WriteAllText(rois, automatic.ResultJson);
            var same = procedure.Analyse(study, new Photopeak.Procedures.Pipeline.ProcedureRequest { RoisPath = rois });
            Assert.Equal("edited", same.Result.Methods["roi_source"]);
            Assert.Equal(automatic.Result.Value("lvef_percent")!.Value, same.Result.Value("lvef_percent")!.Value, 6);
            Assert.Equal(automatic.Result.Value("rvef_first_pass_percent")!.Value, same.Result.Value("rvef_first_pass_percent")!.Value, 6);

            var json = System.Text.Json.Nodes.JsonNode.Parse(automatic.ResultJson)!;
            var lv = json["rois"]!.AsArray().Single(r => (string?)r!["name"] == "lv.ed")!;
            var points = lv["points"]!.AsArray().Select(p => (Row: (double)p![0]!, Col: (double)p[1]!)).ToList();
            double cr = points.Average(p => p.Row), cc = points.Average(p => p.Col);
            lv["points"] = new System.Text.Json.Nodes.JsonArray(points.Select(p =>
                (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonArray(cr + 0.6 * (p.Row - cr), cc + 0.6 * (p.Col - cc))).ToArray());
            File.WriteAllText(rois, json.ToJsonString());
            var shrunk = procedure.Analyse(study, new Photopeak.Procedures.Pipeline.ProcedureRequest { RoisPath = rois });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LVEF automatic {automatic.Result.Value("lvef_percent"):0.0}, shrunk outline {shrunk.Result.Value("lvef_percent"):0.0}"));
            Assert.True(Math.Abs(shrunk.Result.Value("lvef_percent")!.Value - automatic.Result.Value("lvef_percent")!.Value) > 1);
        }
        finally { File.Delete(rois); }
    }

    // A first pass before or after a slower phase (here 20 frames of 1 s, as a camera's protocol may add for the lungs' or
    // the kidneys' later phase) is recognised and analysed on its fast frames alone; the slow phase is left out and named.
    // Before, the study was refused ("frames of different durations"), and with the slow phase first not recognised.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_slower_phase_is_left_out_and_named(bool slowFirst)
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-fp-2phase-").FullName;
        try
        {
            // Without "first pass" in the series description, the study is recognised by its fast frames alone.
            var (one, two) = WithSlowPhase(dir, slowFirst, file => file.Dataset.Remove(Photopeak.Dicom.DicomTags.SeriesDescription));
            Assert.Equal("cardiac-blood-pool-first-pass", two.Procedure);
            Assert.Equal(one.Value("lvef_first_pass_percent")!.Value, two.Value("lvef_first_pass_percent")!.Value, 6);
            Assert.Equal(one.Value("rvef_first_pass_percent")!.Value, two.Value("rvef_first_pass_percent")!.Value, 6);
            var (slow, fast) = slowFirst ? (1, 2) : (2, 1);
            Assert.Contains(two.Warnings, w => w.Contains(string.Create(CultureInfo.InvariantCulture,
                $"phase {slow} (20 frames of 1000 ms) of the Phase Information Sequence (0054,0032) left out: the first pass is analysed on phase {fast} "), StringComparison.Ordinal));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // A slower phase written without its Actual Frame Duration cannot be timed: it is left out, named, and the first pass is
    // analysed on the timed phase, not refused as a whole.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_slower_phase_without_a_frame_duration_is_left_out_naming_it(bool slowFirst)
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-fp-untimed-").FullName;
        try
        {
            var (slow, fast) = slowFirst ? (1, 2) : (2, 1);
            var (one, two) = WithSlowPhase(dir, slowFirst,
                file => file.Dataset.GetSequence(Photopeak.Dicom.DicomTags.PhaseInformationSequence)[slow - 1].Remove(Photopeak.Dicom.DicomTags.ActualFrameDuration));
            Assert.Equal(one.Value("lvef_first_pass_percent")!.Value, two.Value("lvef_first_pass_percent")!.Value, 6);
            Assert.Contains(two.Warnings, w => w.Contains(string.Create(CultureInfo.InvariantCulture,
                $"phase {slow} of the Phase Information Sequence (0054,0032) left out: no Actual Frame Duration (0018,1242)"), StringComparison.Ordinal));
            Assert.DoesNotContain(two.Warnings, w => w.Contains($"phase {fast} ", StringComparison.Ordinal) && w.Contains("left out", StringComparison.Ordinal));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // The fixture's repeat32 first pass written into dir with 20 frames of 1 s before or after it, edited, and both studies'
    // results through the procedure runner.
    private (Photopeak.Procedures.Results.ProcedureResult One, Photopeak.Procedures.Results.ProcedureResult Two) WithSlowPhase(string dir, bool slowFirst, Action<Photopeak.Dicom.DicomFile> edit)
    {
        var path = Path.Combine(dir, "first_pass_rao20.dcm");
        Photopeak.Procedures.Tests.CardiacFunction.MultiFrameFiles.WithSlowPhase(Path.Combine(passes.Folder("repeat32"), "first_pass_rao20.dcm"),
            path, slowFrames: 20, slowMs: 1000, slowFirst);
        var file = Photopeak.Dicom.DicomFile.Open(path);
        edit(file);
        file.Save(path);
        var one = Photopeak.Procedures.Pipeline.ProcedureRunner.Default.Run(passes.Folder("repeat32"), new Photopeak.Procedures.Pipeline.ProcedureRequest()).Outcome.Result;
        var two = Photopeak.Procedures.Pipeline.ProcedureRunner.Default.Run(dir, new Photopeak.Procedures.Pipeline.ProcedureRequest()).Outcome.Result;
        return (one, two);
    }


    private static string Join(IEnumerable<double> v) => string.Join(", ", v.Select(e => e.ToString("0.0", CultureInfo.InvariantCulture)));
}
