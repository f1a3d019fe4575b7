using System.CommandLine;
using System.Globalization;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;

namespace Photopeak.Cli.Commands;

/// <summary>photopeak simulate KIND --out DIR --seed N: writes a simulated NM DICOM study plus truth.json.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "Study kind: " + string.Join(", ", Simulator.Kinds) };
        kind.AcceptOnlyFromAmong([.. Simulator.Kinds]);
        var output = new Option<string>("--out") { Description = "Output directory", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed for noise and UIDs (same seed, same files)", DefaultValueFactory = _ => 1 };
        var size = new Option<string>("--size") { Description = "full (4 mm phantom, 128² planar) or reduced (8 mm, 64², few views: fast tests)", DefaultValueFactory = _ => "full" };
        size.AcceptOnlyFromAmong("full", "reduced");
        var collimator = new Option<string?>("--collimator") { Description = "LEHR, LEGP or ME (default: LEHR; ME for tumour-spect)" };
        var mbq = new Option<double?>("--mbq") { Description = "Administered activity, MBq (mIBG 370, MAA 150, RBC 740, first pass 925, sestamibi rest 370, tumour 185)" };
        var matrix = new Option<int?>("--matrix") { Description = "Image matrix (planar 128, gated/first-pass 64, SPECT 128)" };
        var seconds = new Option<double?>("--frame-seconds") { Description = "Frame/view duration in s (mIBG planar 600, MPI 300, SPECT 20/view, first-pass 0.04; gated: total)" };
        var early = new Option<double?>("--early-minutes") { Description = "mIBG early image, minutes after injection (15)" };
        var late = new Option<double?>("--late-hours") { Description = "mIBG late image, hours after injection (4; tumour-spect 24)" };
        var hmEarly = new Option<double?>("--hm-early") { Description = "mIBG early H/M, ME-equivalent without septal penetration (2.3)" };
        var hmLate = new Option<double?>("--hm-late") { Description = "mIBG late H/M, ME-equivalent without septal penetration (2.2)" };
        var ef = new Option<double?>("--lvef") { Description = "LV ejection fraction, % (60)" };
        var edv = new Option<double?>("--edv") { Description = "LV end-diastolic volume, ml (120)" };
        var rvef = new Option<double?>("--rvef") { Description = "first-pass: RV ejection fraction, % (50)" };
        var firstPassAtStress = new Option<bool>("--first-pass") { Description = "mpi-planar: add a first pass (RAO 20, 40 ms frames) of the stress injection" };
        var fragmented = new Option<bool>("--fragmented-bolus") { Description = "first-pass: the bolus arrives in two parts 2.5 s apart (a poor injection)" };
        var hr = new Option<double?>("--heart-rate") { Description = "Heart rate, bpm (70; first-pass 75)" };
        var defect = new Option<string?>("--defect") { Description = "Myocardial defect: AHA segments and residual uptake, e.g. '7,13:0.4'" };
        var dilation = new Option<double?>("--stress-dilation") { Description = "mpi-planar: stress LV cavity volume over rest (transient ischaemic dilation), 1–2 (1)" };
        var female = new Option<bool>("--female") { Description = "A woman (Patient's Sex F): breasts on the chest, sized by the seed (their attenuation shows in anterior cardiac views)" };
        var fixedDefect = new Option<bool>("--fixed-defect") { Description = "MPI: defect at rest too (fixed) instead of stress only" };
        var lungDefects = new Option<string?>("--lung-defects") { Description = "Lung segmental defects, e.g. 'RLL-PB:0,LUL-A:0.3' (codes: " + string.Join(" ", LungSegment.All.Select(l => l.Code)) + ")" };
        var ventilation = new Option<bool>("--ventilation") { Description = "lung-perfusion: add a Tc-99m DTPA aerosol ventilation study" };
        var ventDefects = new Option<string?>("--vent-defects") { Description = "lung-perfusion with --ventilation: ventilation defects, same form as --lung-defects (same segment = matched)" };
        var shunt = new Option<double?>("--shunt-percent") { Description = "lung-perfusion: right-to-left shunt, % of MAA particles bypassing the lungs; adds a whole-body ANT/POST scan" };
        var freeTc = new Option<double?>("--free-pertechnetate-percent") { Description = "lung-perfusion: free pertechnetate, % of the activity (default 3); adds a whole-body scan" };
        var right = new Option<double?>("--right-lung-percent") { Description = "Right lung share of perfusion, % (52.5)" };
        var counts = new Option<double?>("--counts-per-view") { Description = "Lung views: counts per view (500000)" };
        var views = new Option<int?>("--views") { Description = "SPECT views in total over all detectors (120)" };
        var gated = new Option<int?>("--gated-frames") { Description = "Gated frames per R-R interval: gated-blood-pool 16–32 (24); mpi-planar adds a gated stress LAO 45 (or the views of --gated-views) with this many (8–16)" };
        var gatedViews = new Option<string?>("--gated-views") { Description = "mpi-planar with --gated-frames: the stress views acquired gated, comma-separated: LAO45, ANT, LLAT (LAO45)" };
        var irregular = new Option<double?>("--irregular-beats-percent") { Description = "gated-blood-pool: % of beats premature (75 % of the R-R interval), as in an irregular rhythm (0); first-pass: one premature beat (75 %, then a 125 % compensatory pause) in every 100/% beats" };
        var descent = new Option<double?>("--base-descent") { Description = "gated-blood-pool, first-pass, mpi-planar gated frames: share of the LV's long-axis shortening carried by the base (AV plane) towards a still apex, 0–1 (0: base still, apex moving; default 1 for mpi-planar, 0 for the others)" };
        var delay = new Option<double?>("--lateral-delay-percent") { Description = "gated-blood-pool: LV lateral half moving later than the septal half, % of the R-R interval (0)" };
        var wallMotion = new Option<string?>("--wall-motion") { Description = "gated-blood-pool, first-pass, mpi-planar: one LV wall moving abnormally, WALL:MOTION with WALL anterior, septal, inferior or lateral and MOTION hypokinetic, akinetic or dyskinetic (a 120° wedge, base to apex)" };
        var beds = new Option<int?>("--beds") { Description = "tumour-spect bed positions (2)" };
        var areas = new Option<string?>("--areas") { Description = "tumour-spect: the areas imaged, a bed each, comma-separated: chest-abdomen, abdomen-pelvis, knees (instead of --beds; knees use the whole-body phantom and add a focus in the right knee)" };
        var days = new Option<int?>("--days") { Description = "tumour-spect imaging days, each repeating the beds 24 h later (1)" };
        var withCt = new Option<bool>("--ct") { Description = "tumour-spect: add a low-dose CT (SPECT/CT, CT Image Storage under ct/)" };
        var sphereRatio = new Option<double?>("--sphere-ratio") { Description = "nema-iec: sphere-to-background ratio (4)" };
        var circular = new Option<bool>("--circular-orbit") { Description = "SPECT circular instead of body-contour orbit" };
        var arc = new Option<double?>("--scan-arc") { Description = "SPECT scan arc, degrees (360)" };
        var heads = new Option<int?>("--detectors") { Description = "SPECT detectors, 1 or 2 (2)" };
        var nuclide = new Option<string?>("--nuclide") { Description = "cylinder-spect, nema-iec: radionuclide in the phantom, I-123 (ME), Tc-99m (LEHR), In-111 or Ga-67 (ME, a window per line), Tl-201 (LEHR); tumour-spect: I-123 mIBG (default), In-111 pentetreotide, Ga-67 citrate or Tc-99m sestamibi; mpi-planar: Tc-99m sestamibi rest/stress (default) or Tl-201 stress/redistribution" };
        var lungUptake = new Option<double?>("--stress-lung-uptake") { Description = "mpi-planar with Tl-201: stress lung concentration relative to soft tissue (0.3, normal); higher for increased lung uptake" };

        var command = new Command("simulate", "Simulate a gamma-camera study (NM DICOM) with ground truth (truth.json)");
        command.Arguments.Add(kind);
        command.Options.Add(nuclide);
        foreach (var o in new Option[] { output, seed, size, collimator, mbq, matrix, seconds, early, late, hmEarly, hmLate, ef, edv, rvef, fragmented, firstPassAtStress, hr, defect, fixedDefect, female, dilation, lungUptake,
                     lungDefects, ventilation, ventDefects, shunt, freeTc, right, counts, views, gated, gatedViews, irregular, delay, descent, wallMotion, beds, areas, days, withCt, sphereRatio, circular, arc, heads })
            command.Options.Add(o);
        command.SetAction(pr =>
        {
            try
            {
                var options = new SimulationOptions
                {
                    Seed = pr.GetValue(seed), Reduced = pr.GetValue(size) == "reduced", Collimator = pr.GetValue(collimator),
                    AdministeredMBq = pr.GetValue(mbq), Matrix = pr.GetValue(matrix), FrameSeconds = pr.GetValue(seconds),
                    EarlyMinutes = pr.GetValue(early), LateHours = pr.GetValue(late), HmEarly = pr.GetValue(hmEarly), HmLate = pr.GetValue(hmLate),
                    LvefPercent = pr.GetValue(ef), EdvMl = pr.GetValue(edv), RvefPercent = pr.GetValue(rvef), FragmentedBolus = pr.GetValue(fragmented), FirstPassAtStress = pr.GetValue(firstPassAtStress), HeartRateBpm = pr.GetValue(hr),
                    MyocardialDefect = ParseDefect(pr.GetValue(defect)), FixedDefect = pr.GetValue(fixedDefect), Female = pr.GetValue(female), StressDilation = pr.GetValue(dilation), StressLungUptake = pr.GetValue(lungUptake),
                    LungDefects = ParseLungDefects(pr.GetValue(lungDefects)), Ventilation = pr.GetValue(ventilation),
                    VentilationDefects = ParseLungDefects(pr.GetValue(ventDefects)), ShuntPercent = pr.GetValue(shunt),
                    FreePertechnetatePercent = pr.GetValue(freeTc),
                    RightLungPercent = pr.GetValue(right), CountsPerView = pr.GetValue(counts), Views = pr.GetValue(views),
                    GatedFrames = ParseGatedFrames(pr.GetValue(gated)), GatedViews = ParseGatedViews(pr.GetValue(gatedViews)), IrregularBeatsPercent = pr.GetValue(irregular),
                    LateralDelayPercent = pr.GetValue(delay), BaseDescent = pr.GetValue(descent), AbnormalWall = pr.GetValue(wallMotion) is { } wm ? ParseWallMotion(wm) : null, BedPositions = pr.GetValue(beds), Areas = pr.GetValue(areas) is { } named ? ParseAreas(named, pr.GetValue(beds)) : null, ImagingDays = pr.GetValue(days), SphereToBackground = pr.GetValue(sphereRatio), WithCt = pr.GetValue(withCt), BodyContour = !pr.GetValue(circular),
                    ScanArcDeg = pr.GetValue(arc), Detectors = pr.GetValue(heads),
                    Nuclide = pr.GetValue(nuclide),
                };
                CheckRanges(options);
                var result = Simulator.Simulate(pr.GetValue(kind)!, options);
                foreach (var path in Simulator.Write(result, pr.GetValue(output)!)) Console.WriteLine(path);
                return ExitCodes.Ok;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"simulate: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    /// <summary>Refuses numeric options outside what the camera model can simulate, naming the option (usage error, exit 2),
    /// before any work: a negative matrix or zero detectors used to end in an exception from deep inside the simulator.</summary>
    internal static void CheckRanges(SimulationOptions o)
    {
        Range("--matrix", o.Matrix, 16, 1024);
        Range("--detectors", o.Detectors, 1, 2);
        Range("--heart-rate", o.HeartRateBpm, 20, 250);
        Range("--lvef", o.LvefPercent, 5, 90);
        Range("--rvef", o.RvefPercent, 10, 80);
        Range("--stress-dilation", o.StressDilation, 1, 2);
        Range("--stress-lung-uptake", o.StressLungUptake, 0, 5);
        Range("--irregular-beats-percent", o.IrregularBeatsPercent, 0, 100);
        Range("--lateral-delay-percent", o.LateralDelayPercent, 0, 50);
        Range("--base-descent", o.BaseDescent, 0, 1);
        Range("--beds", o.BedPositions, 1, 10);
        Range("--days", o.ImagingDays, 1, 5);
        Range("--sphere-ratio", o.SphereToBackground, 1, 100);
        Range("--views", o.Views, 4, 1024);
        Range("--frame-seconds", o.FrameSeconds, 0.001, 86_400);
        Range("--mbq", o.AdministeredMBq, 0.001, 100_000);
    }

    /// <summary>--areas: names of tumour-spect areas; unknown names, or --beds as well, are an <see cref="ArgumentException"/>.</summary>
    internal static IReadOnlyList<TumourArea> ParseAreas(string text, int? beds)
    {
        if (beds is not null) throw new ArgumentException("--areas is invalid together with --beds: both say where the beds go; give one of them");
        try { return TumourAreas.Parse(text); }
        catch (ArgumentException e) { throw new ArgumentException($"--areas {text} is invalid: {e.Message}"); }
    }

    private static void Range(string option, double? value, double min, double max)
    {
        if (value is { } v && !(v >= min && v <= max))
            throw new ArgumentException(FormattableString.Invariant($"{option} {v} is invalid: give {min} to {max}"));
    }

    // Checked before SimulationOptions is built (not in CheckRanges): its own refusal (below 2) would not name the option.
    private static int? ParseGatedFrames(int? frames)
    {
        Range("--gated-frames", frames, 8, 64);
        return frames;
    }

    /// <summary>"LAO45,ANT" → [LAO45, ANT]; an unknown view is an <see cref="ArgumentException"/> naming --gated-views.</summary>
    internal static IReadOnlyList<string>? ParseGatedViews(string? text)
    {
        if (text is null) return null;
        var views = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (views.Length == 0) throw new ArgumentException($"--gated-views '{text}' is invalid: no view named (LAO45, ANT, LLAT)");
        foreach (var v in views)
        {
            try { MpiPlanarStudy.GatedViewAngle(v); }
            catch (ArgumentException e) { throw new ArgumentException($"--gated-views {text} is invalid: {e.Message}"); }
        }
        if (views.Distinct(StringComparer.OrdinalIgnoreCase).Count() != views.Length) throw new ArgumentException($"--gated-views {text} is invalid: a view named twice");
        return views;
    }

    /// <summary>WALL:MOTION for --wall-motion; anything else is an <see cref="ArgumentException"/> naming the option.</summary>
    internal static RegionalWallMotion ParseWallMotion(string text)
    {
        try { return RegionalWallMotion.Parse(text); }
        catch (ArgumentException e) { throw new ArgumentException($"--wall-motion {text} is invalid: {e.Message}"); }
    }

    /// <summary>"7,13:0.4;4:0" → {7: 0.4, 13: 0.4, 4: 0}; anything else is an <see cref="ArgumentException"/> naming --defect.</summary>
    internal static IReadOnlyDictionary<int, double>? ParseDefect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var result = new Dictionary<int, double>();
        foreach (var group in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = group.Split(':');
            var residual = 0.3;
            if (parts.Length > 2 || (parts.Length == 2 && !(double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out residual) && residual is >= 0 and <= 1)))
                throw new ArgumentException($"--defect '{text}' is invalid: give AHA segments and a residual uptake of 0 to 1, e.g. '7,13:0.4;4:0'");
            foreach (var seg in parts[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(seg, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                    throw new ArgumentException($"--defect '{text}' is invalid: '{seg}' is not an AHA segment number (1–17)");
                if (n is < 1 or > 17) throw new ArgumentException($"--defect '{text}' is invalid: AHA segment {n} is not 1–17");
                result[n] = residual;
            }
        }
        return result;
    }

    internal static IReadOnlyList<LungDefect>? ParseLungDefects(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t =>
        {
            var p = t.Split(':');
            LungSegment.Parse(p[0]);
            var residual = 0.0;
            if (p.Length > 2 || (p.Length == 2 && !(double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out residual) && residual is >= 0 and <= 1)))
                throw new ArgumentException($"lung defect '{t}' is invalid: give SEGMENT or SEGMENT:RESIDUAL with a residual of 0 to 1");
            return new LungDefect(p[0], residual);
        }).ToArray();
}
