using System.Globalization;
using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using K = Photopeak.Procedures.CardiacBloodPool.BloodPoolMeasurementKeys;

namespace Photopeak.Procedures.CardiacBloodPool;

/// <summary>Gated equilibrium radionuclide ventriculography (ERNA, MUGA) with Tc-99m red cells: LVEF, wall motion and phase
/// (78472 one study, 78473 several, e.g. rest and exercise), CLINICAL §3.</summary>
public sealed class GatedBloodPoolProcedure : IProcedure
{
    public const string ProcedureId = "cardiac-blood-pool-gated";
    /// <summary>LVEF lower limit of normal for ERNA, % [Corbett2006][Hesse2008].</summary>
    public const double LvefNormalLowerLimit = 50;
    /// <summary>Upper normal limit of the LV phase SD, degrees: mean + 2 SD over simulated normal hearts (LVEF ≥ 50 %) processed as
    /// patients, the way a site makes its own (recipe recomputed by GatedBloodPoolAccuracyTests) [?: no published planar limit
    /// for this method; replace by the site's].</summary>
    public const double LvPhaseSdUpperLimitDegrees = 4.76;
    // Beat rejection above 10 % of beats, or whole-frame counts falling more than 10 % from the first to the last frames,
    // point to an irregular rhythm that blurs the late frames [?: site practice; Corbett 2006 asks for the rejection rate].
    private const double RejectedBeatsLimitPercent = 10, FrameCountDropLimitPercent = 10;

    public string Name => "blood-pool";
    public string ResultName => ProcedureId;
    public string Title => "Gated equilibrium blood-pool ventriculography (Tc-99m red cells)";

    public ProcedureFit Fits(Study study) =>
        BloodPoolRecognition.WhyNot(study) is { } why ? ProcedureFit.No(why) : ProcedureFit.Yes("GATED acquisition of Tc-99m red cells or a blood-pool series");

    public ProcedureOutcome Analyse(Study study, ProcedureRequest request)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(request);
        var acquisitions = BloodPoolRecognition.Selected(study, request, BloodPoolRecognition.GatedBloodPool(study), NmImageType.Gated,
            BloodPoolRecognition.WhyNot(study));
        var rois = request.RoisPath is null ? null : ResultJson.ReadRois(request.RoisPath);
        var warnings = new List<string>(request.LoadWarnings);
        var functions = new List<GatedLvFunction>();
        var acquiredCycles = new List<GatedCycle>();
        foreach (var acquisition in acquisitions)
        {
            var acquired = GatedCycle.Read(acquisition);
            var cycle = acquired.FillCorrected(out var factors);
            if (cycle != acquired)
            {
                var scaled = Enumerable.Range(0, factors.Length).Where(k => factors[k] != 1).ToList();
                warnings.Add(Inv($"{acquired.Source}: time slot{(scaled.Count > 1 ? "s" : "")} {string.Join(", ", scaled.Select(k => k + 1))} held {100 * (1 - 1 / factors.Max()):0} % fewer counts at most than the first half of the cycle (beats of varying length); each was scaled up to the first half's counts before the LV was outlined and counted"));
            }
            acquiredCycles.Add(acquired);
            // Edited ROIs belong to the first (reported) study; the others keep their automatic outlines.
            functions.Add(GatedVentricularAnalysis.Analyse(cycle, functions.Count == 0 ? rois : null));
        }
        var main = functions[0];
        warnings.AddRange(functions.SelectMany(f => f.Warnings));
        var qc = Qc(main, acquiredCycles[0], warnings);
        var coding = CodingRules.Select(new PerformedStudy(ProcedureFamily.CardiacBloodPool, functions.Count, SpectPerformed: false)
        {
            GatedBloodPoolStudyCount = functions.Count,
        });
        var result = Result(main, acquiredCycles[0], functions, qc, warnings, coding);
        var report = GatedBloodPoolReport.Build(main, functions, result, coding);
        return new ProcedureOutcome(result, ResultJson.Serialize(result), report,
            acquisitions.Select(a => a.DerivationSource()).ToList(), Summary(result)) { RoiImages = RoiFrames(main) };
    }

    // The frames the reported study's ROIs are drawn on ("frame N": the LV outlines on ED and ES, the background crescent),
    // as acquired, for the review to show and edit them.
    private static Dictionary<string, Imaging.Pixels.Image2D> RoiFrames(GatedLvFunction main)
    {
        var cycle = main.Cycle;
        var frames = new[] { main.EndDiastolicRoi, main.EndSystolicRoi, main.BackgroundRoi }
            .Select(r => Enumerable.Range(0, cycle.Count).FirstOrDefault(f => GatedVentricularAnalysis.FrameName(f) == r.Image, -1))
            .Concat([main.EndDiastolicFrame, main.EndSystolicFrame]).Where(f => f >= 0).Distinct();
        var spacing = new Imaging.Pixels.PixelSpacing(cycle.PixelMm, cycle.PixelMm);
        return frames.ToDictionary(GatedVentricularAnalysis.FrameName, f => new Imaging.Pixels.Image2D(cycle.Columns, cycle.Rows, spacing, cycle.Frames[f]));
    }

    /// <summary>Longest time slot, ms, that resolves end-systole at rest [Bacharach1979].</summary>
    public const double LongestSlotMs = 50;

    // The slot's length from the analysed R-R bin of the Gated Information Sequence: its Frame Time (0018,1063), the nominal
    // time per frame (PS3.3 C.8.4.10), else its Nominal Interval (0018,1062) over the slots, else Heart Rate (0018,1088).
    // Actual Frame Duration is not used: cameras write either one slot's time in one beat or the time summed over the beats.
    // Fewer than 16 slots warn; 16 slots at rates under 75/min are longer than 50 ms, common enough that the QC says so
    // without warning.
    internal static QcCheck TimeSlots(GatedCycle cycle)
    {
        var acq = cycle.Acquisition;
        var bin = acq.GatedIntervalNumbered(cycle.IntervalBin);
        var slotMs = bin?.FrameTimeMs is > 0 and var frameTime ? frameTime
            : bin?.NominalIntervalMs is > 0 and var rr ? rr / cycle.Count
            : acq.HeartRateBpm is { } bpm ? 60_000.0 / bpm / cycle.Count : (double?)null;
        var detail = Inv($"{cycle.Count} frames per R-R interval") + (slotMs is { } ms ? Inv($", {ms:0} ms each") : "")
            + (Math.Round(slotMs ?? 0) > LongestSlotMs ? Inv($" (longer than the {LongestSlotMs:0} ms that resolve end-systole at rest [Bacharach1979])") : "");
        return cycle.Count < 16
            ? new QcCheck("time slots", QcStatus.Warning, detail + ": fewer than 16 widen the frames round end-systole and lower the EF")
            : new QcCheck("time slots", QcStatus.Pass, detail);
    }

    // The frame counts are judged on the slots as acquired, before any was scaled for under-filling.
    private static List<QcCheck> Qc(GatedLvFunction f, GatedCycle asAcquired, List<string> warnings)
    {
        var qc = new List<QcCheck>();
        var cycle = f.Cycle;
        qc.Add(TimeSlots(cycle));
        var (acquired, rejected) = Beats(cycle.Acquisition);
        if (acquired + rejected > 0)
        {
            var share = 100.0 * rejected / (acquired + rejected);
            var check = share > RejectedBeatsLimitPercent
                ? new QcCheck("beat rejection", QcStatus.Warning, Inv($"{rejected} of {acquired + rejected} beats rejected ({share:0.#} %): irregular rhythm; the EF is less reliable"))
                : new QcCheck("beat rejection", QcStatus.Pass, Inv($"{rejected} of {acquired + rejected} beats rejected ({share:0.#} %)"));
            qc.Add(check);
            if (check.Status != QcStatus.Pass) warnings.Add(check.Detail);
        }
        else qc.Add(new QcCheck("beat rejection", QcStatus.Warning, "beats acquired and rejected are not recorded (Gated Information Sequence (0054,0062)); rhythm regularity unknown"));
        var drop = FrameCountDropPercent(asAcquired);
        var dropCheck = drop > FrameCountDropLimitPercent
            ? new QcCheck("frame counts", QcStatus.Warning, Inv($"whole-frame counts fall {drop:0.#} % from the first to the last frames: beats of varying length (arrhythmia) or a wide acceptance window; late-diastolic frames are under-filled; they were scaled to the first half's counts, but the EF is less reliable"))
            : new QcCheck("frame counts", QcStatus.Pass, Inv($"whole-frame counts change {drop:0.#} % from the first to the last frames"));
        qc.Add(dropCheck);
        if (dropCheck.Status != QcStatus.Pass) warnings.Add(dropCheck.Detail);
        var edCounts = f.EndDiastolicNetCounts;
        qc.Add(edCounts < 10_000
            ? new QcCheck("LV counts", QcStatus.Warning, Inv($"{edCounts:N0} background-corrected LV counts at end-diastole: below 10,000 the counting error of the EF grows past a point or two [?: Poisson estimate for a 50 % EF]"))
            : new QcCheck("LV counts", QcStatus.Pass, Inv($"{edCounts:N0} background-corrected LV counts at end-diastole")));
        return qc;
    }

    private static (int Acquired, int Rejected) Beats(NmAcquisition a) =>
        (a.GatedIntervals.Sum(g => g.IntervalsAcquired ?? 0), a.GatedIntervals.Sum(g => g.IntervalsRejected ?? 0));

    /// <summary>Drop of whole-frame counts from the first quarter of the cycle to the last, % (positive = fewer at the end).</summary>
    internal static double FrameCountDropPercent(GatedCycle cycle)
    {
        var quarter = Math.Max(1, cycle.Count / 4);
        var totals = cycle.WholeFrameCounts;
        var first = totals.Take(quarter).Average();
        var last = totals.Skip(cycle.Count - quarter).Average();
        return first > 0 ? 100 * (first - last) / first : 0;
    }

    private static ProcedureResult Result(GatedLvFunction main, GatedCycle asAcquired, List<GatedLvFunction> all, List<QcCheck> qc, List<string> warnings, CodingResult coding)
    {
        var method = $"gated equilibrium, counts-based: (ED − ES)/ED of background-corrected LV counts, variable LV ROI per frame ({main.RoiSource}; an automatic outline's base moves only towards the apex), posterolateral background crescent on the ES frame; ED and ES from the 3-harmonic fit of the LV curve [Corbett2006]";
        var m = new Dictionary<string, MeasuredQuantity>
        {
            [K.LvefPercent] = new(main.EjectionFractionPercent, "%", "gated: " + method),
            [K.LvefGatedPercent] = new(main.EjectionFractionPercent, "%", method),
            [K.LvPhaseMeanDegrees] = new(main.LvPhase.MeanDegrees, "deg", "first-harmonic phase, circular mean over the ED LV ROI"),
            [K.LvPhaseSdDegrees] = new(main.LvPhase.SdDegrees, "deg", "first-harmonic phase, SD about the LV mean over the ED LV ROI")
                { Note = main.LvPhase.SdDegrees > LvPhaseSdUpperLimitDegrees ? Inv($"above the normal limit {LvPhaseSdUpperLimitDegrees:0.0}° (simulated normal hearts): LV dyssynchrony, or a low-amplitude (poorly contracting) ventricle") : null },
            [K.LvPhaseBandwidthDegrees] = new(main.LvPhase.BandwidthDegrees, "deg", "first-harmonic phase, range holding the central 95 % of ED LV ROI pixels"),
            [K.EndDiastolicNetCounts] = new(main.EndDiastolicNetCounts, "counts", "LV counts minus background × LV pixels, ED frame (3-harmonic fit)"),
            [K.EndSystolicNetCounts] = new(main.EndSystolicNetCounts, "counts", "LV counts minus background × LV pixels, ES frame (3-harmonic fit)"),
            [K.BackgroundCountsPerPixel] = new(main.BackgroundCountsPerPixel, "counts/pixel", "mean of the background crescent on the ES frame"),
            [K.HeartRateBpm] = new(main.Cycle.Acquisition.HeartRateBpm, "/min", "Heart Rate (0018,1088)")
                { Note = main.Cycle.Acquisition.HeartRateBpm is null ? "not recorded in the header" : null },
            [K.FrameCountDropPercent] = new(FrameCountDropPercent(asAcquired), "%", "whole-frame counts, first quarter of the cycle against the last"),
        };
        var (acquired, rejected) = Beats(main.Cycle.Acquisition);
        m[K.BeatsRejectedPercent] = new(acquired + rejected > 0 ? 100.0 * rejected / (acquired + rejected) : null, "%", "Gated Information Sequence: intervals rejected / (acquired + rejected)")
            { Note = acquired + rejected > 0 ? null : "not recorded in the header" };
        var findings = new Dictionary<string, string>
        {
            ["wall_motion"] = main.WallMotion.Count == 0 ? "not assessed (see the warnings)"
                : string.Join("; ", main.WallMotion.Select(s => Inv($"{s.Name} {MotionName(s.Motion)} ({s.ShorteningPercent:0} % radial shortening)"))),
            ["ed_frame"] = (main.EndDiastolicFrame + 1).ToString(CultureInfo.InvariantCulture),
            ["es_frame"] = (main.EndSystolicFrame + 1).ToString(CultureInfo.InvariantCulture),
            ["lv_synchrony"] = main.LvPhase.SdDegrees > LvPhaseSdUpperLimitDegrees ? "dyssynchronous" : "synchronous",
            ["lvef_category"] = FirstPassProcedure.Category(main.EjectionFractionPercent, LvefNormalLowerLimit),
        };
        if (all.Count > 1)
            findings["studies"] = string.Join("; ", all.Select(f => Inv($"{f.Cycle.Acquisition.SeriesDescription ?? f.Cycle.Source}: LVEF {f.EjectionFractionPercent:0.0} %")));
        var methods = new Dictionary<string, string>
        {
            ["lvef"] = method,
            ["roi_source"] = main.RoiSource,
            ["lv_roi"] = main.RoiSource == "edited" ? "ED and ES LV ROIs edited by the user" : main.EndDiastolicRoi.Method,
            ["background_roi"] = main.BackgroundRoi.Method,
            ["phase"] = "first-harmonic Fourier phase and amplitude per pixel after 1-2-1 smoothing (repeated on pixels finer than 5 mm, to the same width in mm) [Bacharach1979]",
            ["wall_motion"] = (main.RoiSource == "edited" ? "the lv.ed and lv.es outlines given back by --rois" : "LAO outline") + ", radial shortening (ED − ES)/ED per wall (septal, inferoapical, posterolateral; the rays facing the base left out), "
                + "the radii measured from the LV centre moved along the long axis (cranial) to each outline's centroid, so that the base's descent towards a "
                + "still apex is not read as an apex that does not move in [Carlsson2007]; an inferior wall's own motion runs along that axis in LAO and may show "
                + Inv($"on the posterolateral wall: normal ≥ {WallMotionSectors.BloodPoolNormalFromPercent:0} %, hypokinetic ≥ {WallMotionSectors.AkineticBelowPercent:0} %, ")
                + Inv($"akinetic ≥ {WallMotionSectors.DyskineticBelowPercent:0} %, else dyskinetic [?]"),
        };
        return new ProcedureResult(ProcedureId, coding.Codes.Select(c => c.Code).ToList(), m,
            [main.EndDiastolicRoi, main.EndSystolicRoi, main.BackgroundRoi], qc, warnings.Distinct().ToList())
        { Methods = methods, Findings = findings };
    }

    internal static string MotionName(WallMotion motion) => motion.ToString().ToLowerInvariant();

    private static IReadOnlyList<SummaryLine> Summary(ProcedureResult r) =>
    [
        new("Procedure", $"{r.Procedure}   CPT {string.Join(", ", r.Cpt)}"),
        new("LVEF (gated)", Inv($"{r.Value(K.LvefPercent):0.0} %  ({r.Findings["lvef_category"]}; ED frame {r.Findings["ed_frame"]}, ES frame {r.Findings["es_frame"]})")),
        new("LV phase SD / bandwidth", Inv($"{r.Value(K.LvPhaseSdDegrees):0.0}° / {r.Value(K.LvPhaseBandwidthDegrees):0}°")),
        new("Wall motion", r.Findings["wall_motion"]),
    ];

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
