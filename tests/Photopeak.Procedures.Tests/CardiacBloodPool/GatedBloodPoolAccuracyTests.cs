using System.Text.Json;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacBloodPool;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Pipeline;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;
using static Photopeak.Procedures.Tests.CardiacFunction.EjectionFractionAgreement;

namespace Photopeak.Procedures.Tests.CardiacBloodPool;

/// <summary>Twenty development hearts, fifteen and twenty held-out ones (LVEF 15–75 %, EDV 60–250 ml, heart rate 50–110), and ten
/// noise realisations of each of three hearts, on the simulator's LEHR camera at the clinical protocol (64², 24 frames, 10 min,
/// 740 MBq), written once.</summary>
public sealed class SimulatedGatedHearts : IDisposable
{
    /// <summary>(LVEF %, EDV ml, heart rate /min) of each development heart, seeds 101–120: the engine's constants (edge
    /// fraction, harmonics, septal and phase limits) were chosen on these.</summary>
    public static readonly (double Lvef, double Edv, double Rate)[] Hearts =
    [
        (15, 60, 50), (20, 250, 110), (25, 200, 90), (30, 180, 60), (35, 150, 75), (40, 100, 100), (45, 120, 55), (50, 90, 80),
        (55, 140, 65), (60, 120, 70), (65, 70, 95), (70, 60, 85), (75, 80, 105), (18, 230, 72), (28, 110, 58), (38, 200, 88),
        (48, 75, 52), (58, 160, 98), (68, 95, 62), (72, 130, 78),
    ];

    /// <summary>Hearts held out at stop 46, seeds 301–315, drawn after the rule for the outline's base rays was final. They were
    /// looked at while the 20 % edge and the base's equivalent radii were chosen, and are held out no more. (The set before them,
    /// seeds 201–210, was looked at while that rule was chosen.)</summary>
    public static readonly (double Lvef, double Edv, double Rate)[] HeldOut =
    [
        (16, 190, 95), (24, 150, 62), (31, 230, 80), (36, 80, 105), (41, 140, 50), (46, 100, 88), (51, 170, 66), (56, 70, 100),
        (61, 150, 58), (66, 110, 84), (71, 75, 70), (73, 180, 92), (26, 120, 76), (44, 240, 64), (63, 60, 54),
    ];

    /// <summary>Held-out hearts, seeds 501–520, drawn after the 20 % edge and the base's equivalent radii were final and run
    /// once.</summary>
    public static readonly (double Lvef, double Edv, double Rate)[] Drawn =
    [
        (16, 200, 72), (24, 120, 88), (31, 75, 64), (36, 240, 94), (41, 160, 58), (46, 65, 100), (51, 220, 76), (56, 95, 54),
        (61, 175, 98), (66, 80, 62), (71, 140, 84), (19, 150, 106), (26, 210, 52), (34, 100, 80), (43, 130, 110), (49, 85, 66),
        (54, 250, 90), (63, 115, 56), (69, 70, 78), (73, 165, 96),
    ];

    /// <summary>Hearts given ten noise realisations each, and their seeds: a normal heart, a dilated one and a dilated failing
    /// one at 110/min.</summary>
    public static readonly ((double Lvef, double Edv, double Rate) Heart, int[] Seeds)[] Repeated =
    [
        ((55, 120, 70), [21, 22, 23, 24, 25, 26, 9001, 9002, 9003, 9004]),
        ((30, 180, 60), [.. Enumerable.Range(9011, 10)]),
        ((20, 250, 110), [.. Enumerable.Range(9021, 10)]),
    ];

    /// <summary>Seeds of development and held-out hearts also written at 128² (2.5 mm pixels), as some cameras acquire a
    /// blood pool: the three that read 36, 30 and 39 points high there before the engine smoothed in mm (their LV was not found,
    /// or not told from the RV), and three more.</summary>
    public static readonly int[] FineMatrixSeeds = [101, 115, 301, 109, 113, 303];

    /// <summary>Development hearts also written at coarse matrices over the same 320 mm, as a large-field camera's 64² without
    /// zoom gives: (seed, matrix) of those the engine read worst at 8 mm (40²) and 10 mm (32²) pixels before it interpolated
    /// coarse frames (−7.5, −21.1, −5.7; +36.6, +13.9, −20.9 points).</summary>
    public static readonly (int Seed, int Matrix)[] CoarseMatrix = [(101, 40), (112, 40), (117, 40), (101, 32), (106, 32), (113, 32)];

    /// <summary>Development hearts also written with their base descending in systole towards a still apex (--base-descent 1),
    /// as real hearts' AV plane does: the odd seeds 101–119.</summary>
    public static readonly int[] DescendingBaseSeeds = [101, 103, 105, 107, 109, 111, 113, 115, 117, 119];

    private readonly string root = Directory.CreateTempSubdirectory("photopeak-gbp-").FullName;

    public SimulatedGatedHearts()
    {
        var studies = Hearts.Select((h, i) => (Name: $"heart{101 + i}", Seed: 101 + i, Heart: h))
            .Concat(HeldOut.Select((h, i) => (Name: $"heart{301 + i}", Seed: 301 + i, Heart: h)))
            .Concat(Drawn.Select((h, i) => (Name: $"heart{501 + i}", Seed: 501 + i, Heart: h)))
            .Concat(Repeated.SelectMany(r => r.Seeds.Select(seed => (Name: $"repeat{seed}", Seed: seed, r.Heart))))
            .Select(s => (s.Name, s.Seed, s.Heart, Matrix: (int?)null, Descent: (double?)null))
            .Concat(FineMatrixSeeds.Select(seed => (Name: $"fine{seed}", Seed: seed, Heart: HeartOf(seed), Matrix: (int?)128, Descent: (double?)null)))
            .Concat(CoarseMatrix.Select(c => (Name: $"coarse{c.Seed}m{c.Matrix}", c.Seed, Heart: HeartOf(c.Seed), Matrix: (int?)c.Matrix, Descent: (double?)null)))
            .Concat(DescendingBaseSeeds.Select(seed => (Name: $"descending{seed}", Seed: seed, Heart: HeartOf(seed), Matrix: (int?)null, Descent: (double?)1)))
            .ToList();
        Parallel.ForEach(studies, new ParallelOptions { MaxDegreeOfParallelism = 2 }, s =>
        {
            var (lvef, edv, rate) = s.Heart;
            var result = Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = s.Seed, LvefPercent = lvef, EdvMl = edv, HeartRateBpm = rate, Matrix = s.Matrix, BaseDescent = s.Descent });
            Simulator.Write(result, Path.Combine(root, s.Name));
        });
    }

    public string Folder(string name) => Path.Combine(root, name);

    /// <summary>The development (101–120) or held-out (301–315, 501–520) heart of a seed.</summary>
    public static (double Lvef, double Edv, double Rate) HeartOf(int seed) => seed >= 501 ? Drawn[seed - 501] : seed >= 301 ? HeldOut[seed - 301] : Hearts[seed - 101];

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}

public sealed class GatedBloodPoolAccuracyTests(SimulatedGatedHearts hearts, ITestOutputHelper output) : IClassFixture<SimulatedGatedHearts>
{
    private static (GatedLvFunction Function, JsonElement Truth) Analyse(string folder)
    {
        var study = StudyLoader.Load(folder).Studies.Single();
        var cycle = GatedCycle.Read(study.Acquisitions.Single());
        using var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "truth.json")));
        return (GatedVentricularAnalysis.Analyse(cycle), truth.RootElement.GetProperty("quantities").Clone());
    }

    // Development hearts (seeds 101–120), against the true LVEF: mean −0.95 points, rms 1.58, 19 of 20 within 3, worst −3.8,
    // slope 1.015. With the 15 % edge and the base moved by its threshold edges (stop 47): mean −1.5, rms 2.3, 15 of 20. Before
    // the outline's base kept to the ventricles' phase: mean −2.0, rms 3.0, 13 of 20, worst −7.8 (heart 102, EDV 250 ml at
    // 110/min: the end-systolic outline took in the filled atria; see A_dilated_lv_keeps_its_end_systolic_outline_out_of_the_filling_atria).
    // The counts method's ideal (the CLINICAL §3 formula with the simulator's own ROIs, 20 % of the LV's own projection, on
    // noiseless frames) reads 1.8 below the truth; the engine reads 0.8 above it. CLINICAL §6 asks ±3 for every heart: not
    // met for 1 of 20.
    [Fact]
    public void Gated_lvef_follows_the_true_lvef_without_a_slope_at_low_ef()
    {
        AssertWithinReach(Errors(SimulatedGatedHearts.Hearts, 101, out var slope), slope, 18, 1.5);
    }

    // Held-out hearts (seeds 501–520), run once after the 20 % edge and the base's equivalent radii were final: mean −0.7,
    // rms 1.66, 18 of 20 within 3, worst −4.2, slope 1.021. The engine of stop 47 read them −1.3, 1.95, 19 of 20, worst −3.6,
    // slope 0.978.
    [Fact]
    public void Gated_lvef_holds_on_hearts_never_used_to_choose_the_method()
    {
        AssertWithinReach(Errors(SimulatedGatedHearts.Drawn, 501, out var slope), slope, 17, 2.0);
    }

    // The hearts held out at stop 46 (seeds 301–315), looked at while this engine was chosen: mean −1.1, rms 1.55, 15 of 15
    // within 3, worst −2.4, slope 1.009 (stop 47: −1.5, 2.15, 14 of 15, worst −3.6).
    [Fact]
    public void Gated_lvef_holds_on_the_hearts_held_out_at_stop_46()
    {
        AssertWithinReach(Errors(SimulatedGatedHearts.HeldOut, 301, out var slope), slope, 14, 1.5);
    }

    // Bounds shared by the still-base sets: no slope, a mean within −2…+0.5 points, none beyond 4.5, rms ≤ 2.0, at least
    // within3 hearts within 3 points, and a mean against the counts method's ideal within −1…aboveIdeal.
    private static void AssertWithinReach((List<double> Errors, List<double> MethodErrors) set, double slope, int within3, double aboveIdeal)
    {
        var (errors, methodErrors) = set;
        Assert.InRange(slope, 0.95, 1.05);
        Assert.InRange(errors.Average(), -2.0, 0.5);
        Assert.True(errors.All(e => Math.Abs(e) <= 4.5), $"worst error {errors.MaxBy(Math.Abs):0.0} points");
        Assert.True(errors.Count(e => Math.Abs(e) <= 3) >= within3, $"{errors.Count(e => Math.Abs(e) <= 3)} of {errors.Count} hearts within 3 points");
        Assert.True(Rms(errors) <= 2.0, $"rms {Rms(errors):0.00}");
        Assert.InRange(methodErrors.Average(), -1.0, aboveIdeal);
    }

    private (List<double> Errors, List<double> MethodErrors) Errors((double Lvef, double Edv, double Rate)[] set, int firstSeed, out double slope)
    {
        var truth = new List<double>(); var measured = new List<double>(); var ideal = new List<double>();
        for (var i = 0; i < set.Length; i++)
        {
            var (f, t) = Analyse(hearts.Folder($"heart{firstSeed + i}"));
            var physical = t.GetProperty("lvef.physicalPercent").GetDouble();
            var expected = t.GetProperty("lvef.expectedPercent").GetDouble();
            truth.Add(physical); measured.Add(f.EjectionFractionPercent); ideal.Add(expected);
            output.WriteLine($"heart {firstSeed + i}: EDV {set[i].Edv} ml, HR {set[i].Rate}: LVEF {f.EjectionFractionPercent:0.0} % vs true {physical:0.0} % ({f.EjectionFractionPercent - physical:+0.0;-0.0}), vs the method's ideal {expected:0.0} % ({f.EjectionFractionPercent - expected:+0.0;-0.0})");
        }
        var errors = measured.Zip(truth, (m, t) => m - t).ToList();
        slope = Slope(truth, measured);
        output.WriteLine($"mean error {errors.Average():+0.00;-0.00}, rms {Rms(errors):0.00}, worst {errors.MaxBy(Math.Abs):+0.0;-0.0}, slope {slope:0.000}, within 3 points {errors.Count(e => Math.Abs(e) <= 3)} of {errors.Count}");
        var methodErrors = measured.Zip(ideal, (m, t) => m - t).ToList();
        output.WriteLine($"against the method's ideal (CLINICAL §3 formula with the simulator's ROIs on noiseless frames): mean {methodErrors.Average():+0.00;-0.00}, SD {Sd(methodErrors):0.00}");
        return (errors, methodErrors);
    }

    // Hearts whose base descends in systole (DescendingBaseSeeds). There the counts method itself reads below the volume EF:
    // its ideal (the simulator's own ROIs on noiseless frames) 5.6 points below over the 20 development hearts. The engine
    // reads 1.8 below that ideal over those 20, 2.5 over the hearts 301–315, 2.4 over 401–420 and 1.1 over 501–520 (stop 47:
    // 2.7, 4.2, 4.2, 3.0); on these ten −2.7 (−8.3 … +8.4). A heart may read above its ideal, towards its volume EF (heart
    // 105: +8.4 above the ideal, +1.8 above the truth), but not above the truth by more than 3 points. The still-base tests
    // cannot see this, and changes that helped there lost here: the base rays anchored to the cycle's mean image (repeat SD
    // 1.63 → 1.26 on still-base hearts) read −7.4 on these ten, a choice among the descents weighted by their steepness
    // (repeat SD 0.99) −5.6 on all 20, the base's equivalent radii with the step height read on its plateau 10 mm inside the
    // edge −4.4 on these ten. Held here so that a change is judged on hearts whose base descends too.
    [Fact]
    public void Hearts_whose_base_descends_read_within_reach_of_the_counts_method()
    {
        var methodErrors = new List<double>();
        var errors = new List<double>();
        foreach (var seed in SimulatedGatedHearts.DescendingBaseSeeds)
        {
            var (f, t) = Analyse(hearts.Folder($"descending{seed}"));
            var truth = t.GetProperty("lvef.physicalPercent").GetDouble();
            var ideal = t.GetProperty("lvef.expectedPercent").GetDouble();
            methodErrors.Add(f.EjectionFractionPercent - ideal);
            errors.Add(f.EjectionFractionPercent - truth);
            output.WriteLine($"heart {seed} (base descending): LVEF {f.EjectionFractionPercent:0.0} % vs true {truth:0.0} % ({f.EjectionFractionPercent - truth:+0.0;-0.0}), vs the method's ideal {ideal:0.0} % ({methodErrors[^1]:+0.0;-0.0})");
            Assert.DoesNotContain(f.Warnings, w => w.Contains("one ventricle", StringComparison.Ordinal));
        }
        output.WriteLine($"against the method's ideal: mean {methodErrors.Average():+0.00;-0.00}, from {methodErrors.Min():+0.0;-0.0} to {methodErrors.Max():+0.0;-0.0}");
        Assert.InRange(methodErrors.Average(), -4.5, 1.5);
        Assert.True(methodErrors.All(e => e >= -11), $"errors against the ideal {Signed(methodErrors)}");
        Assert.True(errors.All(e => e <= 3), $"errors against the truth {Signed(errors)}");
    }

    // These ten realisations each: SD 1.29 (EF 55 %), 0.75 (EF 30 %, EDV 180 ml) and 1.58 points (EF 20 %, EDV 250 ml,
    // 110/min, one realisation 4.5 above the others' mean); pooled 1.26. On 30 other realisations of each (seeds 9201–9290) the
    // SDs are 1.03, 1.02 and 0.93, pooled 0.99: the issue's ≤ 1 point, met there; an SD from ten realisations scatters by
    // about ±25 %. With the base moved by its threshold edges (stop 47) they were 1.04, 1.56 and 1.87 here and 1.84, 1.57 and
    // 1.45 on the thirty: one frame's counting noise moved the base rays' edges together (see
    // GatedVentricularAnalysis.KeepFirstHarmonic). Before the base kept to the ventricles' phase: 1.48, 2.67 and 3.43 on these
    // seeds. The seeds are fixed, so the test does not flake.
    [Fact]
    public void Repeat_noise_realisations_of_a_heart_agree_within_one_to_two_points()
    {
        double[] bounds = [1.6, 1.2, 2.0];
        var variances = new List<double>();
        for (var h = 0; h < SimulatedGatedHearts.Repeated.Length; h++)
        {
            var (heart, seeds) = SimulatedGatedHearts.Repeated[h];
            var values = seeds.Select(s => Analyse(hearts.Folder($"repeat{s}")).Function.EjectionFractionPercent).ToList();
            using var truthFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(hearts.Folder($"repeat{seeds[0]}"), "truth.json")));
            var truth = truthFile.RootElement.GetProperty("quantities").GetProperty("lvef.physicalPercent").GetDouble();
            output.WriteLine($"EF {heart.Lvef} %, EDV {heart.Edv} ml, {heart.Rate}/min: " + string.Join(", ", values.Select(v => v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))) + $" → mean {values.Average():0.0}, SD {Sd(values):0.00}");
            Assert.True(Sd(values) <= bounds[h], $"SD {Sd(values):0.00} points at EF {heart.Lvef} %");
            Assert.InRange(values.Average(), truth - 2.5, truth + 2.5);
            variances.Add(Sd(values) * Sd(values));
        }
        var pooled = Math.Sqrt(variances.Average());
        output.WriteLine($"pooled SD {pooled:0.00}");
        Assert.True(pooled <= 1.5, $"pooled SD {pooled:0.00} points");
    }

    // Coarse pixels: over all 20 development hearts, at 8 mm (40²) the engine read mean −3.2, rms 5.8, 11 of 20 within 3,
    // worst −21.1, and at 10 mm (32²) rms 11.7, worst +36.6: its outline, smoothing and peak search were sized in 5 mm pixels.
    // The frames are now interpolated to 5 mm or finer: 8 mm −1.3, rms 1.6, 19 of 20, worst −3.3 (held-out −1.4, rms 1.6; 15
    // fresh hearts, seeds 501–515, −0.7, rms 1.8); 10 mm −1.2, rms 2.2, 16 of 20, worst −4.3 (held-out rms 2.2, fresh 2.5).
    [Fact]
    public void Coarse_pixels_are_interpolated_and_read_the_lvef_as_at_5_mm()
    {
        var errors = new List<double>();
        foreach (var (seed, matrix) in SimulatedGatedHearts.CoarseMatrix)
        {
            var (f, truth) = Analyse(hearts.Folder($"coarse{seed}m{matrix}"));
            var physical = truth.GetProperty("lvef.physicalPercent").GetDouble();
            errors.Add(f.EjectionFractionPercent - physical);
            output.WriteLine($"heart {seed} at {matrix}²: LVEF {f.EjectionFractionPercent:0.0} % vs true {physical:0.0} % ({errors[^1]:+0.0;-0.0})");
            Assert.Equal(matrix, f.Cycle.Acquisition.Rows);
            Assert.True(f.Cycle.PixelMm <= 5.0 + 1e-9, $"analysed on {f.Cycle.PixelMm} mm pixels");
            Assert.Contains(f.Warnings, w => w.Contains("interpolated to", StringComparison.Ordinal));
        }
        Assert.True(errors.All(e => Math.Abs(e) <= 4.5), $"errors {Signed(errors)}");
        Assert.InRange(errors.Average(), -3.0, 0.5);
    }

    // The same hearts at 128² (2.5 mm pixels). The engine's constants were chosen at 64² of 5 mm; with one 1-2-1 pass on the
    // finer grid the pixel noise stood twice as high against the amplitude test, and the three hearts named in
    // FineMatrixSeeds read 36, 30 and 39 points high (heart 301: 55 % for a true 16; the RV outlined as the LV). Over all 20
    // development hearts at 128² the error was then +2.1 mean, rms 10.8, and over the 15 held-out ones +2.3, rms 10.4; now
    // −1.2, rms 1.8, worst −4.2 and −0.8, rms 1.6, worst −3.5, as at 64².
    [Fact]
    public void A_128_matrix_finds_the_lv_and_reads_its_ef_as_64_does()
    {
        var errors = new List<double>();
        foreach (var seed in SimulatedGatedHearts.FineMatrixSeeds)
        {
            var (f, t) = Analyse(hearts.Folder($"fine{seed}"));
            Assert.Equal(128, f.Cycle.Rows);
            var truth = t.GetProperty("lvef.physicalPercent").GetDouble();
            output.WriteLine($"heart {seed} at 128²: LVEF {f.EjectionFractionPercent:0.0} % vs true {truth:0.0} % ({f.EjectionFractionPercent - truth:+0.0;-0.0})");
            Assert.DoesNotContain(f.Warnings, w => w.Contains("one ventricle", StringComparison.Ordinal));
            errors.Add(f.EjectionFractionPercent - truth);
        }
        Assert.True(errors.All(e => Math.Abs(e) <= 4.5), $"worst error {errors.MaxBy(Math.Abs):0.0} points");
        Assert.InRange(errors.Average(), -2.5, 0.5);
    }

    // A dilated failing LV (EDV 250 ml, EF 20 %: development heart 102, on which the fix was worked out) on noiseless frames:
    // its base rays followed the atria filling at end-systole, the ES outline (168 pixels) came out larger than the ED one
    // (157) and the EF read 5.0 % against a true 20 (the simulator's own ROIs: 18.4). Now 19.7 %, ES 120 pixels against ED 139.
    [Fact]
    public void A_dilated_lv_keeps_its_end_systolic_outline_out_of_the_filling_atria()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp-dilated-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 1, LvefPercent = 20, EdvMl = 250, HeartRateBpm = 110, Noise = false }), dir);
            var (f, t) = Analyse(dir);
            int edPixels = f.EndDiastolicRoi.Mask(f.Cycle.Rows, f.Cycle.Columns).Count(p => p), esPixels = f.EndSystolicRoi.Mask(f.Cycle.Rows, f.Cycle.Columns).Count(p => p);
            output.WriteLine($"LVEF {f.EjectionFractionPercent:0.0} % (true {t.GetProperty("lvef.physicalPercent").GetDouble():0.0}), ED {edPixels} px, ES {esPixels} px");
            Assert.True(esPixels < edPixels, $"ES outline {esPixels} px, ED {edPixels} px");
            var truth = t.GetProperty("lvef.physicalPercent").GetDouble();
            Assert.InRange(f.EjectionFractionPercent, truth - 4, truth + 3);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // A small failing LV (EDV 60 ml, EF 15 %, 50/min: development heart 101, the fixture's descending101) whose base
    // descends pulses at its edges only: its count maximum lay 15 mm from the nearest pixel that passed the noise test, only
    // the RV was found, and the EF read 47.8 % (with the one-ventricle warning). Its LV is now found beside the RV: 7.5 %,
    // against a true 15 (the counts method's ideal, the simulator's own ROIs: 9.9; where the base descends the counts method
    // reads about 5 points below the volume EF).
    [Fact]
    public void A_small_failing_lv_whose_base_descends_is_found_beside_the_rv()
    {
        Assert.Equal((15.0, 60.0, 50.0), SimulatedGatedHearts.HeartOf(101));
        var (f, t) = Analyse(hearts.Folder("descending101"));
        var truth = t.GetProperty("lvef.physicalPercent").GetDouble();
        var ideal = t.GetProperty("lvef.expectedPercent").GetDouble();
        output.WriteLine($"LVEF {f.EjectionFractionPercent:0.0} % (true {truth:0.0}, the method's ideal {ideal:0.0}); {string.Join(" | ", f.Warnings)}");
        Assert.DoesNotContain(f.Warnings, w => w.Contains("one ventricle", StringComparison.Ordinal));
        Assert.Contains(f.Warnings, w => w.Contains("a ventricle pulses weakly at its centre", StringComparison.Ordinal));
        Assert.InRange(f.EjectionFractionPercent, ideal - 3, ideal + 3);
        Assert.InRange(f.EjectionFractionPercent, truth - 8, truth + 3);
    }

    [Fact]
    public void Ed_and_es_frames_are_found_where_the_lv_is_largest_and_smallest()
    {
        var (f, t) = Analyse(hearts.Folder("heart110"));
        var n = f.Cycle.Count;
        var trueEs = t.GetProperty("es.frame").GetInt32() - 1;
        Assert.True(Math.Min(Math.Abs(f.EndSystolicFrame - trueEs), n - Math.Abs(f.EndSystolicFrame - trueEs)) <= 1, $"ES frame {f.EndSystolicFrame + 1}, true {trueEs + 1}");
        // ED at the R wave: frame 1, or the last frame, whose centre lies as close to the end of diastole.
        Assert.True(f.EndDiastolicFrame is 0 or 1 || f.EndDiastolicFrame >= n - 2, $"ED frame {f.EndDiastolicFrame + 1}");
    }

    [Fact]
    public void A_normal_heart_has_no_wall_motion_abnormality_and_a_narrow_lv_phase()
    {
        foreach (var seed in new[] { 21, 22, 23 })
        {
            var (f, _) = Analyse(hearts.Folder($"repeat{seed}"));
            Assert.All(f.WallMotion, s => Assert.Equal(WallMotion.Normal, s.Motion));
            Assert.InRange(f.LvPhase.SdDegrees, 0, 15);
            Assert.InRange(f.LvPhase.BandwidthDegrees, 0, 60);
        }
    }

    // A real heart's AV plane descends towards a nearly still apex [Carlsson2007]. Radii from a fixed centre read that as an
    // inferoapical wall that hardly moves: on all ten development hearts written with a descending base (odd seeds 101–119)
    // it was called abnormal (1–8 % radial shortening), the four normal ones listed below hypokinetic (5–8 %). With the centre
    // floating along the long axis (LongAxisReference) the normal ones read 11–31 % on every wall, and the three failing ones
    // (true LVEF 15, 25 and 28 %) two or three abnormal walls.
    [Fact]
    public void Normal_hearts_whose_base_descends_have_no_wall_motion_abnormality_and_failing_ones_several()
    {
        foreach (var (seed, normal) in new[] { (109, true), (111, true), (113, true), (119, true), (101, false), (103, false), (115, false) })
        {
            var (f, _) = Analyse(hearts.Folder($"descending{seed}"));
            var walls = string.Join(", ", f.WallMotion.Select(w => FormattableString.Invariant($"{w.Name} {w.Motion} ({w.ShorteningPercent:0} %)")));
            output.WriteLine($"heart {seed} (base descending), LVEF {f.EjectionFractionPercent:0.0} %: {walls}");
            Assert.Equal(3, f.WallMotion.Count);
            if (normal) Assert.True(f.WallMotion.All(w => w.Motion == WallMotion.Normal), $"heart {seed}: {walls}");
            else Assert.True(f.WallMotion.Count(w => w.Motion != WallMotion.Normal) >= 2, $"heart {seed}: {walls}");
        }
    }

    // The recipe of the shipped phase-SD limit: mean + 2 SD of the LV phase SD over the simulated normal hearts (true LVEF ≥ 50 %)
    // of the development set and the normal heart's repeats with seeds 21–26, processed as patients.
    [Fact]
    public void The_phase_sd_normal_limit_is_the_one_its_recipe_gives()
    {
        var normals = SimulatedGatedHearts.Hearts.Select((h, i) => (h, Name: $"heart{101 + i}")).Where(x => x.h.Lvef >= 50).Select(x => x.Name)
            .Concat(Enumerable.Range(21, 6).Select(s => $"repeat{s}"))
            .Select(name => Analyse(hearts.Folder(name)).Function.LvPhase.SdDegrees).ToList();
        var limit = normals.Average() + 2 * Sd(normals);
        output.WriteLine($"{normals.Count} normal hearts: phase SD {string.Join(", ", normals.Select(v => v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} → limit {limit:0.00}°");
        Assert.InRange(GatedBloodPoolProcedure.LvPhaseSdUpperLimitDegrees, limit - 0.1, limit + 0.1);
    }

    [Fact]
    public void A_delayed_lateral_wall_raises_the_lv_phase_sd_above_the_normal_limit()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp-dys-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 7, LateralDelayPercent = 15 }), dir);
            var outcome = new GatedBloodPoolProcedure().Analyse(StudyLoader.Load(dir).Studies.Single(), new ProcedureRequest());
            Assert.True(outcome.Result.Value(BloodPoolMeasurementKeys.LvPhaseSdDegrees) > GatedBloodPoolProcedure.LvPhaseSdUpperLimitDegrees,
                $"phase SD {outcome.Result.Value(BloodPoolMeasurementKeys.LvPhaseSdDegrees):0.0}°");
            Assert.Equal("dyssynchronous", outcome.Result.Findings["lv_synchrony"]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Severely_reduced_ef_is_called_hypokinetic()
    {
        var (f, _) = Analyse(hearts.Folder("heart101"));
        Assert.Contains(f.WallMotion, s => s.Motion != WallMotion.Normal);
    }

    [Fact]
    public void Process_writes_the_contract_keys_and_codes_78472()
    {
        var outcome = new ProcedureRunnerAdapter().Run(hearts.Folder("heart110"));
        using var json = JsonDocument.Parse(outcome.ResultJson);
        var root = json.RootElement;
        Assert.Equal("cardiac-blood-pool-gated", root.GetProperty("procedure").GetString());
        Assert.Equal("78472", Assert.Single(root.GetProperty("cpt").EnumerateArray()).GetString());
        var m = root.GetProperty("measurements");
        foreach (var key in new[] { "lvef_percent", "lvef_gated_percent", "lv_phase_sd_degrees", "lv_phase_bandwidth_degrees" })
            Assert.True(m.GetProperty(key).GetProperty("value").ValueKind == JsonValueKind.Number, key);
        Assert.StartsWith("gated", m.GetProperty("lvef_percent").GetProperty("method").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("findings").GetProperty("wall_motion").GetString()));
        Assert.DoesNotContain(outcome.Report.DocumentationCheck.Missing, e => e.Element != Coding.Documentation.ReportElement.Indication);
    }

    [Fact]
    public void Edited_rois_are_taken_back_and_give_the_same_ef_when_unchanged()
    {
        var folder = hearts.Folder("heart109");
        var runner = new ProcedureRunnerAdapter();
        var first = runner.Run(folder);
        var rois = Path.Combine(Path.GetTempPath(), $"gbp-rois-{Guid.NewGuid():N}.json");
        File.WriteAllText(rois, first.ResultJson);
        try
        {
            var again = runner.Run(folder, rois);
            double Ef(ProcedureOutcome o) => o.Result.Value(BloodPoolMeasurementKeys.LvefPercent)!.Value;
            Assert.Equal("edited", again.Result.Methods["roi_source"]);
            // Edited ROIs count the raw ED and ES frames instead of the 3-harmonic fit: within counting noise.
            Assert.InRange(Ef(again) - Ef(first), -2.5, 2.5);
            // The outlines given back carry the same wall motion (radii from the same centre along the same rays).
            Assert.Equal(first.Result.Findings["wall_motion"], again.Result.Findings["wall_motion"]);
        }
        finally { File.Delete(rois); }
    }

    private static string Signed(IEnumerable<double> v) => string.Join(", ", v.Select(e => e.ToString("+0.0;-0.0", System.Globalization.CultureInfo.InvariantCulture)));

    private sealed class ProcedureRunnerAdapter
    {
        public ProcedureOutcome Run(string folder, string? rois = null)
        {
            var study = StudyLoader.Load(folder).Studies.Single();
            return new GatedBloodPoolProcedure().Analyse(study, new ProcedureRequest { RoisPath = rois });
        }
    }
}

public sealed class GatedBloodPoolInputTests
{
    [Fact]
    public void Fewer_than_eight_time_slots_are_refused_naming_the_tag()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp6-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 3, Reduced = true, GatedFrames = 6 }), dir);
            var study = StudyLoader.Load(dir).Studies.Single();
            var ex = Assert.Throws<ProcedureInputException>(() => new GatedBloodPoolProcedure().Analyse(study, new ProcedureRequest()));
            Assert.Contains("(0054,0071)", ex.Message);
            Assert.Contains("at least 8", ex.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Frame_counts_that_betray_an_irregular_rhythm_are_flagged_in_the_qc_and_the_warnings()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp-af-").FullName;
        try
        {
            var sim = Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 4, Reduced = true, IrregularBeatsPercent = 25 });
            Simulator.Write(sim, dir);
            var outcome = new GatedBloodPoolProcedure().Analyse(StudyLoader.Load(dir).Studies.Single(), new ProcedureRequest());
            var check = Assert.Single(outcome.Result.Qc, q => q.Name == "frame counts");
            Assert.Equal(Photopeak.Procedures.Results.QcStatus.Warning, check.Status);
            Assert.Contains(outcome.Result.Warnings, w => w.Contains("arrhythmia", StringComparison.Ordinal));
            Assert.InRange(outcome.Result.Value(BloodPoolMeasurementKeys.FrameCountDropPercent)!.Value, 15, 35);
            // The under-filled late slots are scaled up to the first half's counts before the LV is read: unscaled, they read
            // like a small ventricle, and this study's LVEF read about 25 points high (three 24-slot studies at 55 %: 78, 87
            // and 81; scaled, 49, 50 and 55).
            Assert.Contains(outcome.Result.Warnings, w => w.Contains("each was scaled up to the first half's counts", StringComparison.Ordinal));
            var truth = sim.Truth.Quantities["lvef.physicalPercent"];
            Assert.InRange(outcome.Result.Value(BloodPoolMeasurementKeys.LvefPercent)!.Value, truth - 8, truth + 8);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_regular_rhythm_passes_the_frame_count_check()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp-sr-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 4, Reduced = true }), dir);
            var outcome = new GatedBloodPoolProcedure().Analyse(StudyLoader.Load(dir).Studies.Single(), new ProcedureRequest());
            Assert.Equal(Photopeak.Procedures.Results.QcStatus.Pass, Assert.Single(outcome.Result.Qc, q => q.Name == "frame counts").Status);
            // 16 slots of a 70/min beat (Nominal Interval 857 ms): 54 ms each, said but not warned.
            var slots = Assert.Single(outcome.Result.Qc, q => q.Name == "time slots");
            Assert.Equal(Photopeak.Procedures.Results.QcStatus.Pass, slots.Status);
            Assert.StartsWith("16 frames per R-R interval, 54 ms each (longer than the 50 ms", slots.Detail, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // Without Frame Time and Nominal Interval in the Gated Information Sequence the slot's length comes from Heart Rate
    // (0018,1088); without that too, the QC gives the slot count alone.
    [Theory]
    [InlineData(true, "16 frames per R-R interval, 54 ms each (longer than the 50 ms")]
    [InlineData(false, "16 frames per R-R interval")]
    public void The_time_slot_length_falls_back_to_the_heart_rate(bool keepHeartRate, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp-hr-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 4, Reduced = true }), dir);
            var path = Path.Combine(dir, "gated_lao45.dcm");
            var file = Photopeak.Dicom.DicomFile.Open(path);
            foreach (var interval in file.Dataset.GetSequence(Photopeak.Dicom.DicomTags.GatedInformationSequence))
                foreach (var data in interval.GetSequence(Photopeak.Dicom.DicomTags.DataInformationSequence))
                {
                    data.Remove(Photopeak.Dicom.DicomTags.FrameTime);
                    data.Remove(Photopeak.Dicom.DicomTags.NominalInterval);
                }
            if (!keepHeartRate) file.Dataset.Remove(Photopeak.Dicom.DicomTags.HeartRate);
            file.Save(path);
            var cycle = GatedCycle.Read(StudyLoader.Load(dir).Studies.Single().Acquisitions.Single());
            var slots = GatedBloodPoolProcedure.TimeSlots(cycle);
            Assert.StartsWith(expected, slots.Detail, StringComparison.Ordinal);
            if (!keepHeartRate) Assert.DoesNotContain(" ms", slots.Detail, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // A slot no beat reached (the heart rate rose past the slots' span, say) holds no counts: refused, naming the slot, not
    // read as an empty ventricle.
    [Fact]
    public void A_time_slot_without_counts_is_refused_naming_it()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp-empty-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 4, Reduced = true }), dir);
            var path = Path.Combine(dir, "gated_lao45.dcm");
            var file = Photopeak.Dicom.DicomFile.Open(path);
            var ds = file.Dataset;
            var pixels = ds[Photopeak.Dicom.DicomTags.PixelData]!.Value.ToArray();
            var frameBytes = pixels.Length / ds.GetInt32(Photopeak.Dicom.DicomTags.NumberOfFrames)!.Value;
            // The photopeak window's last slot (the file may hold a scatter window's slots too).
            var acquisition = StudyLoader.Load(dir).Studies.Single().Acquisitions.Single();
            var last = acquisition.Frames.Where(f => (f.EnergyWindow ?? 1) == (acquisition.PhotopeakWindowNumber ?? 1)).MaxBy(f => f.TimeSlot ?? 0)!;
            Array.Clear(pixels, last.Frame * frameBytes, frameBytes);
            ds.SetBytes(Photopeak.Dicom.DicomTags.PixelData, Photopeak.Dicom.DicomVR.OW, pixels);
            file.Save(path);
            var ex = Assert.Throws<ProcedureInputException>(() => new GatedBloodPoolProcedure().Analyse(StudyLoader.Load(dir).Studies.Single(), new ProcedureRequest()));
            Assert.Contains("time slot 16 of 16 holds no counts (Time Slot Vector (0054,0070))", ex.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Eight_time_slots_are_analysed_with_a_qc_warning_giving_their_length()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp8-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 4, Reduced = true, GatedFrames = 8, HeartRateBpm = 90 }), dir);
            var outcome = new GatedBloodPoolProcedure().Analyse(StudyLoader.Load(dir).Studies.Single(), new ProcedureRequest());
            var slots = Assert.Single(outcome.Result.Qc, q => q.Name == "time slots");
            Assert.Equal(Photopeak.Procedures.Results.QcStatus.Warning, slots.Status);
            Assert.StartsWith("8 frames per R-R interval, 83 ms each (longer than the 50 ms", slots.Detail, StringComparison.Ordinal);
            Assert.EndsWith("fewer than 16 widen the frames round end-systole and lower the EF", slots.Detail, StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_gated_perfusion_study_is_not_taken_for_a_blood_pool_study()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp-mpi-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 3, Reduced = true }), dir);
            var study = StudyLoader.Load(dir).Studies.Single();
            Assert.False(new GatedBloodPoolProcedure().Fits(study).Fits);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

/// <summary>The LV side and the feet come from Image Orientation (Patient) (PS3.3 C.7.6.2.1.1), not from the simulator's
/// display: a study mirrored left-right with its row direction negated, or turned upside down with its column direction
/// negated, describes the same patient and must give the same LVEF, with the background crescent still posterolateral.</summary>
public sealed class GatedBloodPoolOrientationTests
{
    private static GatedLvFunction Analyse(string dir) =>
        GatedVentricularAnalysis.Analyse(GatedCycle.Read(StudyLoader.Load(dir).Studies.Single().Acquisitions.Single()));

    // A reduced study written under root/original and again, as detector laoDetector of a two-detector file whose other
    // detector is a blank left lateral, under root/two.
    private static (string Original, string Two) TwoDetectorStudy(string root, int laoDetector)
    {
        var original = Path.Combine(root, "original");
        Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 12, LvefPercent = 45, Reduced = true }), original);
        var two = Path.Combine(root, "two");
        Photopeak.Procedures.Tests.CardiacFunction.MultiFrameFiles.WithSecondDetector(Path.Combine(original, "gated_lao45.dcm"), Path.Combine(two, "gated_lao45.dcm"), laoDetector);
        return (original, two);
    }

    // A two-headed camera may write the LAO and a second view (here a left lateral, written as its Image Orientation and
    // Start Angle only) as detectors 1 and 2 of one file, in either order. The LAO's frames are analysed; the other
    // detector's are blank here, so reading them would refuse the study or give another EF.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Of_two_detectors_the_one_facing_lao_is_analysed(int laoDetector)
    {
        var root = Directory.CreateTempSubdirectory("photopeak-gbp-2det-").FullName;
        try
        {
            var (original, two) = TwoDetectorStudy(root, laoDetector);
            var a = Analyse(original); var b = Analyse(two);
            Assert.Equal(a.EjectionFractionPercent, b.EjectionFractionPercent, 6);
            Assert.Contains(b.Warnings, w => w.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"2 detectors (1 {(laoDetector == 1 ? "LAO" : "LEFT LATERAL")}, 2 {(laoDetector == 1 ? "LEFT LATERAL" : "LAO")}); detector {laoDetector} (LAO) analysed"), StringComparison.Ordinal));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    // Where no detector is recorded as the LAO (here detector 1's view is struck from its header), the lowest-numbered one
    // is analysed and the report says so, naming the option that chooses.
    [Fact]
    public void Of_two_detectors_none_recorded_as_lao_the_first_is_analysed_with_a_warning()
    {
        var root = Directory.CreateTempSubdirectory("photopeak-gbp-2det-none-").FullName;
        try
        {
            var (original, two) = TwoDetectorStudy(root, laoDetector: 1);
            var path = Path.Combine(two, "gated_lao45.dcm");
            var file = Photopeak.Dicom.DicomFile.Open(path);
            var first = file.Dataset.GetSequence(Photopeak.Dicom.DicomTags.DetectorInformationSequence)[0];
            foreach (var tag in new[] { Photopeak.Dicom.DicomTags.ViewCodeSequence, Photopeak.Dicom.DicomTags.ImageOrientationPatient, Photopeak.Dicom.DicomTags.StartAngle })
                first.Remove(tag);
            file.Save(path);

            var b = Analyse(two);
            Assert.Equal(Analyse(original).EjectionFractionPercent, b.EjectionFractionPercent, 6);
            Assert.Contains(b.Warnings, w => w.Contains("2 detectors (1 view not recorded, 2 LEFT LATERAL), none facing LAO: detector 1 analysed; state the views with --views to choose", StringComparison.Ordinal));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void A_mirrored_or_upside_down_study_gives_the_same_lvef(bool mirror, bool flip)
    {
        var root = Directory.CreateTempSubdirectory("photopeak-gbp-orient-").FullName;
        try
        {
            var original = Path.Combine(root, "original");
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 12, LvefPercent = 45 }), original);
            var file = Photopeak.Dicom.DicomFile.Open(Path.Combine(original, "gated_lao45.dcm"));
            var ds = file.Dataset;
            int rows = ds.GetInt32(Photopeak.Dicom.DicomTags.Rows)!.Value, cols = ds.GetInt32(Photopeak.Dicom.DicomTags.Columns)!.Value;
            var pixels = ds[Photopeak.Dicom.DicomTags.PixelData]!.Value.ToArray();
            var turned = new byte[pixels.Length];
            var frames = pixels.Length / (rows * cols * 2);
            for (var f = 0; f < frames; f++)
            for (var y = 0; y < rows; y++)
            for (var x = 0; x < cols; x++)
            {
                int sy = flip ? rows - 1 - y : y, sx = mirror ? cols - 1 - x : x;
                var from = ((f * rows + sy) * cols + sx) * 2; var to = ((f * rows + y) * cols + x) * 2;
                turned[to] = pixels[from]; turned[to + 1] = pixels[from + 1];
            }
            ds.SetBytes(Photopeak.Dicom.DicomTags.PixelData, Photopeak.Dicom.DicomVR.OW, turned);
            var detector = ds.GetSequence(Photopeak.Dicom.DicomTags.DetectorInformationSequence)[0];
            var iop = detector.GetDoubles(Photopeak.Dicom.DicomTags.ImageOrientationPatient);
            double[] changed = [.. iop];
            if (mirror) { changed[0] = -iop[0]; changed[1] = -iop[1]; changed[2] = -iop[2]; }
            if (flip) { changed[3] = -iop[3]; changed[4] = -iop[4]; changed[5] = -iop[5]; }
            detector.SetNumbers(Photopeak.Dicom.DicomTags.ImageOrientationPatient, changed);
            var moved = Path.Combine(root, "turned");
            Directory.CreateDirectory(moved);
            file.Save(Path.Combine(moved, "gated_lao45.dcm"));

            var fa = Analyse(original); var fb = Analyse(moved);
            double a = fa.EjectionFractionPercent, b = fb.EjectionFractionPercent;
            Assert.True(Math.Abs(b - a) <= 0.5, $"LVEF {a:0.00} → {b:0.00}; ED {fa.EndDiastolicFrame}/{fb.EndDiastolicFrame} ES {fa.EndSystolicFrame}/{fb.EndSystolicFrame} bg {fa.BackgroundCountsPerPixel:0.0}/{fb.BackgroundCountsPerPixel:0.0} ED px {fa.EndDiastolicRoi.Mask(64, 64).Count(x => x)}/{fb.EndDiastolicRoi.Mask(64, 64).Count(x => x)} ES px {fa.EndSystolicRoi.Mask(64, 64).Count(x => x)}/{fb.EndSystolicRoi.Mask(64, 64).Count(x => x)} bgpx {fa.BackgroundRoi.Mask(64, 64).Count(x => x)}/{fb.BackgroundRoi.Mask(64, 64).Count(x => x)} centre {fa.EndDiastolicRoi.Centre}/{fb.EndDiastolicRoi.Centre}");
            // The crescent sits on the LV's patient-left side and towards the feet in both.
            var (ca, ba) = (fa.EndSystolicRoi.Centre, fa.BackgroundRoi.Centre);
            var (cb, bb) = (fb.EndSystolicRoi.Centre, fb.BackgroundRoi.Centre);
            Assert.True(Math.Sign(ba.Column - ca.Column) == (mirror ? -1 : 1) * Math.Sign(bb.Column - cb.Column) || Math.Abs(bb.Column - cb.Column) < 1);
            Assert.True((bb.Row - cb.Row) * (flip ? -1 : 1) > 0, $"crescent row offset {bb.Row - cb.Row:0.0}");
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
