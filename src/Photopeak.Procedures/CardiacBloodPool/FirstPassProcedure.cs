using System.Globalization;
using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using K = Photopeak.Procedures.CardiacBloodPool.BloodPoolMeasurementKeys;

namespace Photopeak.Procedures.CardiacBloodPool;

/// <summary>First-pass radionuclide angiography: LVEF and RVEF from the bolus transit (78481 one study, 78483 several, e.g.
/// rest and exercise), CLINICAL §3 [Friedman2006].</summary>
public sealed class FirstPassProcedure : IProcedure
{
    public const string ProcedureId = "cardiac-blood-pool-first-pass";
    /// <summary>LVEF lower limit of normal, % [Friedman2006][?: the same 50 % as ERNA].</summary>
    public const double LvefNormalLowerLimit = 50;
    /// <summary>RVEF lower limit of normal by first pass, % [?: 40–45 % in the first-pass literature; 40 used].</summary>
    public const double RvefNormalLowerLimit = 40;
    /// <summary>Widest bolus at half maximum where it enters (vena cava and right atrium curve) for a compact bolus, s
    /// [?: site practice; a bolus spread over more than about 3 s mixes the right-heart phase with the lung phase].</summary>
    public const double CompactBolusFwhmSeconds = 3.0;
    /// <summary>Fewest background-corrected LV counts at ED in the representative cycle: six noise realisations of one
    /// simulated heart at about 1,200 gave an LVEF SD of 1.8 points, so below 1,000 the counting error passes 2 points
    /// [?: Poisson scaling of that measurement].</summary>
    public const double MinimumLvNetCounts = 1000;

    public string Name => "first-pass";
    public string ResultName => ProcedureId;
    public string Title => "First-pass radionuclide angiography (LVEF and RVEF)";

    public ProcedureFit Fits(Study study) =>
        BloodPoolRecognition.WhyNotFirstPass(study) is { } why ? ProcedureFit.No(why) : ProcedureFit.Yes("DYNAMIC acquisition with first-pass frames (100 ms or less)");

    public ProcedureOutcome Analyse(Study study, ProcedureRequest request)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(request);
        var acquisitions = BloodPoolRecognition.Selected(study, request, BloodPoolRecognition.FirstPass(study), NmImageType.Dynamic,
            BloodPoolRecognition.WhyNotFirstPass(study));
        var rois = request.RoisPath is null ? null : ResultJson.ReadRois(request.RoisPath);
        var warnings = new List<string>(request.LoadWarnings);
        var functions = new List<FirstPassFunction>();
        foreach (var acquisition in acquisitions)
            functions.Add(FirstPassAnalysis.Analyse(FirstPassFrames.Read(acquisition), functions.Count == 0 ? rois : null));
        var main = functions[0];
        warnings.AddRange(functions.SelectMany(f => f.Warnings));
        var qc = Qc(main, warnings);
        var coding = CodingRules.Select(new PerformedStudy(ProcedureFamily.CardiacBloodPool, functions.Count, SpectPerformed: false)
        {
            FirstPassStudyCount = functions.Count,
        });
        var result = Result(main, functions, qc, warnings, coding);
        var report = FirstPassReport.Build(main, functions, result, coding);
        return new ProcedureOutcome(result, ResultJson.Serialize(result), report,
            acquisitions.Select(a => a.DerivationSource()).ToList(), Summary(result)) { RoiImages = RoiImages(main) };
    }

    // The ED image of each ventricle's representative cycle, under the name its outline carries, for the review to show
    // and edit the outlines on.
    private static Dictionary<string, Imaging.Pixels.Image2D> RoiImages(FirstPassFunction main)
    {
        var fp = main.Frames;
        var spacing = new Imaging.Pixels.PixelSpacing(fp.PixelMm, fp.PixelMm);
        var images = new Dictionary<string, Imaging.Pixels.Image2D>(StringComparer.Ordinal);
        foreach (var v in new[] { main.Lv, main.Rv }) images.TryAdd(v.Roi.Image, new Imaging.Pixels.Image2D(fp.Columns, fp.Rows, spacing, v.EndDiastolicImage));
        return images;
    }

    private static List<QcCheck> Qc(FirstPassFunction f, List<string> warnings)
    {
        var qc = new List<QcCheck>();
        void Add(QcCheck check)
        {
            qc.Add(check);
            if (check.Status != QcStatus.Pass) warnings.Add(check.Detail);
        }
        var ms = f.Frames.FrameSeconds * 1000;
        Add(ms <= 50
            ? new QcCheck("frame rate", QcStatus.Pass, Inv($"{ms:0.#} ms frames"))
            : new QcCheck("frame rate", QcStatus.Warning, Inv($"{ms:0.#} ms frames: longer than 50 ms blur end-systole and lower the EF")));
        Add(f.BolusPeaks > 1
            ? new QcCheck("bolus", QcStatus.Warning, Inv($"fragmented bolus: the vena cava and right atrium curve has {f.BolusPeaks} separate peaks; the ventricular phases mix with the lung phase and the EFs are less reliable; repeat with a compact injection if the result matters"))
            : f.BolusFwhmSeconds > CompactBolusFwhmSeconds
                ? new QcCheck("bolus", QcStatus.Warning, Inv($"slow bolus: it enters over {f.BolusFwhmSeconds:0.0} s at half maximum (compact ≤ {CompactBolusFwhmSeconds:0.#} s); the RV phase overlaps the lung phase"))
                : new QcCheck("bolus", QcStatus.Pass, Inv($"single compact bolus, {f.BolusFwhmSeconds:0.0} s at half maximum where it enters")));
        Add(f.Lv.EndDiastolicNetCounts < MinimumLvNetCounts
            ? new QcCheck("LV counts", QcStatus.Warning, Inv($"{f.Lv.EndDiastolicNetCounts:N0} background-corrected LV counts at end-diastole of the representative cycle ({f.Lv.Beats} beats): below {MinimumLvNetCounts:N0} the counting error of the EF exceeds 2 points"))
            : new QcCheck("LV counts", QcStatus.Pass, Inv($"{f.Lv.EndDiastolicNetCounts:N0} background-corrected LV counts at end-diastole of the representative cycle ({f.Lv.Beats} beats)")));
        qc.Add(new QcCheck("heart rate", QcStatus.Pass, Inv($"{f.HeartRateBpm:0}/min ({f.HeartRateSource})")));
        // The engine's warning already names the intervals; the check only records the result.
        var intervals = f.Rhythm is { IntervalsMs.Count: > 0 } r ? string.Join(", ", r.IntervalsMs.Select(i => Inv($"{i:0}"))) + " ms" : "";
        qc.Add(f.Rhythm is not { NotAssessed: null } rhythm
            ? new QcCheck("rhythm", QcStatus.Warning, $"not judged: {f.Rhythm?.NotAssessed ?? "no LV curve"}")
            : rhythm.Irregular
                ? new QcCheck("rhythm", QcStatus.Warning, $"irregular: R-R intervals {intervals} in the LV phase")
                : new QcCheck("rhythm", QcStatus.Pass, $"regular: R-R intervals {intervals} in the LV phase"));
        return qc;
    }

    private static ProcedureResult Result(FirstPassFunction main, List<FirstPassFunction> all, List<QcCheck> qc, List<string> warnings, CodingResult coding)
    {
        var lvMethod = Inv($"first pass, counts-based: (ED − ES)/(ED − BG) of the LV representative cycle ({main.Lv.Beats} beats of the LV phase folded at the R-R interval, 3-harmonic fit), fixed ED ROI ({main.RoiSource}), periventricular background ({main.Lv.BackgroundPixels} still pixels round the LV, median) [Friedman2006]");
        var rvMethod = Inv($"first pass, counts-based: (ED − ES)/(ED − BG) of the RV representative cycle ({main.Rv.Beats} beats of the RV phase folded at the R-R interval, 3-harmonic fit), fixed ED ROI ({main.RoiSource}), periventricular background ({main.Rv.BackgroundPixels} pixels round the RV that do not pulse with it, mean) [Friedman2006]");
        var m = new Dictionary<string, MeasuredQuantity>
        {
            [K.LvefPercent] = new(main.Lv.EjectionFractionPercent, "%", "first pass: " + lvMethod),
            [K.LvefFirstPassPercent] = new(main.Lv.EjectionFractionPercent, "%", lvMethod),
            [K.RvefFirstPassPercent] = new(main.Rv.EjectionFractionPercent, "%", rvMethod),
            [K.PulmonaryTransitSeconds] = new(main.PulmonaryTransitSeconds, "s", "peak of the beat-averaged right-heart curve to the peak of the left-heart curve"),
            [K.BolusFwhmSeconds] = new(main.BolusFwhmSeconds, "s", "width at half maximum of the beat-averaged curve of the vena cava and right atrium (the quarter of right-heart pixels that peak first)"),
            [K.HeartRateBpm] = new(main.HeartRateBpm, "/min", main.HeartRateSource),
            [K.LvBeats] = new(main.Lv.Beats, "beats", "beats of the LV phase in the representative cycle"),
            [K.RvBeats] = new(main.Rv.Beats, "beats", "beats of the RV phase in the representative cycle"),
            [K.LvEndDiastolicNetCounts] = new(main.Lv.EndDiastolicNetCounts, "counts", "LV representative cycle, ED counts minus background"),
            [K.RvEndDiastolicNetCounts] = new(main.Rv.EndDiastolicNetCounts, "counts", "RV representative cycle, ED counts minus background"),
        };
        var findings = new Dictionary<string, string>
        {
            ["lvef_category"] = Category(main.Lv.EjectionFractionPercent, LvefNormalLowerLimit),
            ["rvef_category"] = main.Rv.EjectionFractionPercent >= RvefNormalLowerLimit ? "normal" : "reduced",
            ["wall_motion"] = main.WallMotion.Count == 0 ? "not assessed" : string.Join("; ", main.WallMotion.Select(w => Inv($"{w.Name} {GatedBloodPoolProcedure.MotionName(w.Motion)} (regional EF {w.ShorteningPercent:0} %)"))),
            ["bolus"] = main.BolusPeaks > 1 ? "fragmented" : main.BolusFwhmSeconds > CompactBolusFwhmSeconds ? "slow" : "compact",
            ["rhythm"] = main.Rhythm is not { NotAssessed: null } ? "not assessed" : main.Rhythm.Irregular ? "irregular" : "regular",
            ["lv_phase_seconds"] = Inv($"{main.Lv.PhaseStartSeconds:0.0}–{main.Lv.PhaseEndSeconds:0.0}"),
            ["rv_phase_seconds"] = Inv($"{main.Rv.PhaseStartSeconds:0.0}–{main.Rv.PhaseEndSeconds:0.0}"),
        };
        if (all.Count > 1)
            findings["studies"] = string.Join("; ", all.Select(f => Inv($"{f.Frames.Acquisition.SeriesDescription ?? f.Frames.Source}: LVEF {f.Lv.EjectionFractionPercent:0.0} %, RVEF {f.Rv.EjectionFractionPercent:0.0} %")));
        var methods = new Dictionary<string, string>
        {
            ["lvef"] = lvMethod,
            ["rvef"] = rvMethod,
            ["roi_source"] = main.RoiSource,
            ["lv_roi"] = main.Lv.Roi.Method,
            ["rv_roi"] = main.Rv.Roi.Method,
            ["wall_motion"] = Inv($"LV in five RAO segments round the long axis (base where the atrium and aorta fill in systole); regional EF = Σ(ED − ES)/Σ(ED − background) over the segment: normal ≥ {FirstPassAnalysis.RegionalNormalPercent:0} %, hypokinetic > {FirstPassAnalysis.RegionalHypokineticPercent:0} %, akinetic > {FirstPassAnalysis.RegionalAkineticPercent:0} %, else dyskinetic [?]"),
            ["phases"] = "pixels split into right heart, lungs and left heart by the time their beat-averaged curve peaks (three-class Otsu); each ventricle's phase is where its region's beat-averaged counts stay at 70 % of their peak or more, cut to whole R-R intervals",
        };
        return new ProcedureResult(ProcedureId, coding.Codes.Select(c => c.Code).ToList(), m, [main.Lv.Roi, main.Rv.Roi], qc, warnings.Distinct().ToList())
            { Methods = methods, Findings = findings };
    }

    // Bands below the normal limit: 40–49 mildly, 30–39 moderately, < 30 % severely reduced [?: after the ASE/EACVI chamber
    // quantification bands, as for the gated study].
    internal static string Category(double ef, double lowerLimit) =>
        ef >= lowerLimit ? "normal" : ef >= 40 ? "mildly reduced" : ef >= 30 ? "moderately reduced" : "severely reduced";

    private static IReadOnlyList<SummaryLine> Summary(ProcedureResult r) =>
    [
        new("Procedure", $"{r.Procedure}   CPT {string.Join(", ", r.Cpt)}"),
        new("LVEF (first pass)", Inv($"{r.Value(K.LvefFirstPassPercent):0.0} %  ({r.Findings["lvef_category"]}; {r.Value(K.LvBeats):0} beats)")),
        new("RVEF (first pass)", Inv($"{r.Value(K.RvefFirstPassPercent):0.0} %  ({r.Findings["rvef_category"]}; {r.Value(K.RvBeats):0} beats)")),
        new("Bolus / pulmonary transit", Inv($"{r.Findings["bolus"]}, {r.Value(K.BolusFwhmSeconds):0.0} s / {r.Value(K.PulmonaryTransitSeconds):0.0} s")),
    ];

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
