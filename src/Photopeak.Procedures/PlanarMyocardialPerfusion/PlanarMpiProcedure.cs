using System.Globalization;
using System.Text.Json.Nodes;
using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacBloodPool;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using BloodPool = Photopeak.Procedures.CardiacBloodPool.BloodPoolMeasurementKeys;
using K = Photopeak.Procedures.PlanarMyocardialPerfusion.MpiMeasurementKeys;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>Planar myocardial perfusion imaging (78453 one study, 78454 stress with rest, redistribution or reinjection),
/// CLINICAL §3: circumferential profiles against normal limits, defects by view and wall with reversibility, lung/heart
/// ratio and TID.</summary>
public sealed class PlanarMpiProcedure : IProcedure
{
    public const string ProcedureId = "myocardial-perfusion-planar";

    /// <summary>How the heart ROI of the lung/heart ratio and TID is drawn.</summary>
    public const string HeartSilhouetteMethod = "automatic whole-heart polygon on the heart's silhouette (myocardium plus cavity, epicardial border): along 72 rays from the LV centre, where the profile falls to 28% of the way from the local background to the myocardial rim (as the mIBG whole-heart ROI)";

    public string Name => "mpi";
    public string ResultName => ProcedureId;
    public string Title => "Planar myocardial perfusion imaging";

    public ProcedureFit Fits(Study study) =>
        MpiStudyRecognition.WhyNot(study) is { } why ? ProcedureFit.No(why) : ProcedureFit.Yes("planar views of a myocardial perfusion tracer");

    public ProcedureOutcome Analyse(Study study, ProcedureRequest request)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(request);
        var warnings = new List<string>(request.LoadWarnings);
        var images = MpiStudyRecognition.Images(study, warnings);
        if (images.Count == 0)
            throw new ProcedureInputException($"study {study.StudyInstanceUid}: no planar perfusion image with a known state (rest, stress, redistribution, reinjection) and view (ANT, LAO, left lateral)");
        foreach (var state in images.Select(i => i.State).Distinct())
            foreach (var view in Enum.GetValues<MpiView>())
                if (!images.Any(i => i.State == state && i.View == view))
                    warnings.Add($"{state.ToString().ToLowerInvariant()} {PerfusionImage.ViewLabel(view)} not acquired: that view's walls are not assessed at {state.ToString().ToLowerInvariant()} (views must be repeated identically at every time point)");
        var sex = images[0].Acquisition.Header.Sex;
        if (sex is not (Imaging.Studies.PatientSex.Male or Imaging.Studies.PatientSex.Female))
            warnings.Add($"Patient's Sex (0010,0040) is {(sex == Imaging.Studies.PatientSex.Other ? "O" : "not recorded")}: the profiles are compared with the men's normal limits; in a woman breast attenuation of the anterior wall may be called a defect");
        var gated = Gated(study, warnings);
        var edits = MpiEditedRois.Of(images, request.RoisPath is null ? null : ResultJson.ReadRois(request.RoisPath), gated?.Cycle);
        var findings = PlanarMpiAnalysis.Analyse(images, warnings, edits);
        if (gated is not null)
        {
            gated = gated with { Function = gated.Function.WithEditedBorders(edits.GatedBorder(MpiEditedRois.EndDiastoleName), edits.GatedBorder(MpiEditedRois.EndSystoleName)) };
            if (gated.IsLao45 && gated.Function.LaggingWall is { } lagging)
                warnings.Add(Inv($"gated perfusion LVEF: the {lagging.Name} wall shortens {lagging.ShorteningPercent:0} % while the other walls move normally; the area–length EF of one view assumes an evenly contracting LV and may be off by 10 points with a regional wall-motion abnormality (confirm by gated SPECT or a gated blood-pool study)"));
        }
        var firstPass = FirstPass(study, warnings);
        var states = images.Select(i => i.State).Distinct().Count();
        var coding = CodingRules.Select(new PerformedStudy(ProcedureFamily.PlanarMyocardialPerfusion, images.Count, SpectPerformed: false) { PerfusionStudyCount = states });
        var result = Result(images, findings, firstPass, gated, warnings, coding);
        var json = ResultJson.Serialize(result);
        var root = JsonNode.Parse(json)!.AsObject();
        // findings.perfusion_defects is a list of objects (the issue's contract); the shared Findings holds strings only.
        var defects = new JsonArray();
        foreach (var d in findings.Defects)
            defects.Add((JsonNode)new JsonObject
            {
                ["view"] = PerfusionImage.ViewLabel(d.View), ["wall"] = d.Wall, ["state"] = StateName(d.State),
                ["extent_percent"] = d.StressExtentPercent >= PlanarMpiAnalysis.DefectExtentPercent ? d.StressExtentPercent : d.RestExtentPercent,
                ["severity"] = d.SeverityPercent,
            });
        root["findings"]!.AsObject()["perfusion_defects"] = defects;
        var report = PlanarMpiReport.Build(images, findings, firstPass, gated, result, coding);
        var sources = images.Select(i => i.Acquisition).Distinct().ToList();
        if (firstPass is not null) sources.Add(firstPass.Frames.Acquisition);
        if (gated is not null) sources.Add(gated.Cycle.Acquisition);
        return new ProcedureOutcome(result, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), report,
            sources.Select(a => a.DerivationSource()).ToList(), Summary(result, findings))
        {
            RoiImages = RoiImages(images, gated),
        };
    }

    // The images the ROIs are drawn on, for the review to show and edit them: each perfusion image, and the gated view's ED and
    // ES frames as acquired.
    private static Dictionary<string, Imaging.Pixels.Image2D> RoiImages(List<PerfusionImage> images, GatedView? gated)
    {
        var result = images.GroupBy(i => i.Name, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => new Imaging.Pixels.Image2D(g.First().Columns, g.First().Rows, new Imaging.Pixels.PixelSpacing(g.First().PixelMm, g.First().PixelMm), g.First().Pixels));
        if (gated is { Cycle: var c, Function: var fn })
            foreach (var frame in new[] { fn.EndDiastolicFrame, fn.EndSystolicFrame })
                result[MpiEditedRois.GatedFrameName(frame)] = new Imaging.Pixels.Image2D(c.Columns, c.Rows, new Imaging.Pixels.PixelSpacing(c.PixelMm, c.PixelMm), c.Frames[frame]);
        return result;
    }

    // A first pass acquired during an injection of the perfusion study gives its EF, part of 78453/78454 and never coded
    // again (CLINICAL §3). One that cannot be analysed costs the EF, not the perfusion result.
    private static FirstPassFunction? FirstPass(Study study, List<string> warnings)
    {
        if (BloodPoolRecognition.FirstPassAcquisitions(study).FirstOrDefault() is not { } acquisition) return null;
        try
        {
            var function = FirstPassAnalysis.Analyse(FirstPassFrames.Read(acquisition));
            warnings.AddRange(function.Warnings);
            return function;
        }
        catch (ProcedureInputException e)
        {
            warnings.Add($"first pass not analysed, no ejection fraction: {e.Message}");
            return null;
        }
    }

    /// <summary>A gated perfusion view (<paramref name="View"/> null where the header does not tell it) and the LV function
    /// measured on its frames.</summary>
    internal sealed record GatedView(GatedCycle Cycle, GatedPerfusionFunction Function, MpiView? View)
    {
        /// <summary>Whether this is the LAO 45, whose outline's walls are septal, inferoapical and posterolateral.</summary>
        public bool IsLao45 => View == MpiView.Lao45;
    }

    // Gated frames of a perfusion view give the EF by the cavity's endocardial border, part of 78453/78454 and never coded again
    // (CLINICAL §3). The border is calibrated on the LAO 45, the view that shows the septum and lateral wall apart and the
    // inferior wall clear of the liver: with several gated views the EF is the LAO 45's (simulated ANT views read 8–12 points
    // high, left laterals 2–5, and both far higher where the liver hides an akinetic inferior wall). The LV centre is the summed
    // frames' (as a perfusion image's). A view that cannot be analysed costs the EF, not the perfusion result.
    private static GatedView? Gated(Study study, List<string> warnings)
    {
        var acquisitions = MpiStudyRecognition.GatedViews(study);
        if (acquisitions.Count == 0) return null;
        var chosen = acquisitions.FirstOrDefault(a => MpiStudyRecognition.GatedViewOf(a) == MpiView.Lao45) ?? acquisitions[0];
        var view = MpiStudyRecognition.GatedViewOf(chosen);
        if (acquisitions.Count > 1)
            warnings.Add($"{acquisitions.Count} gated perfusion views; the EF is measured on {(view == MpiView.Lao45 ? "the LAO 45" : "the first")} ({chosen.SeriesDescription ?? chosen.SourcePath})");
        try
        {
            var cycle = GatedCycle.Read(chosen);
            view = MpiStudyRecognition.ViewOfDetector(chosen, cycle.Detector);
            warnings.AddRange(cycle.Warnings);
            var profile = CircumferentialProfile.Measure(cycle.SummedFrames, cycle.Rows, cycle.Columns, cycle.PixelMm, cycle.Source);
            var gated = new GatedView(cycle, GatedPerfusionFunction.Measure(cycle, (profile.CentreRow, profile.CentreColumn)), view);
            if (!gated.IsLao45)
                warnings.Add($"gated perfusion LVEF from {(view is { } v ? "the " + PerfusionImage.ViewLabel(v) : "a view the header does not name")}, not the LAO 45 its border is calibrated on (simulated ANT views read 8–12 points high): confirm by another method; its walls are not named");
            return gated;
        }
        catch (ProcedureInputException e)
        {
            warnings.Add($"gated perfusion view not analysed, no gated ejection fraction: {e.Message}");
            return null;
        }
    }

    internal static PerfusionImage? StressAnterior(IReadOnlyList<PerfusionImage> images) =>
        images.FirstOrDefault(i => i.State == PerfusionState.Stress && i.View == MpiView.Anterior);

    /// <summary>Planar TID above this is abnormal: mean + 2 SD of normals, 1.02 ± 0.05 [Weiss1987] (dimensionless).</summary>
    public const double TidUpperLimit = 1.12;

    /// <summary>Tl-201 stress lung/heart ratio at or above this is abnormal [Hansen1999] (dimensionless).</summary>
    public const double LhrThalliumUpperLimit = 0.50;

    internal static string StateName(DefectState s) => s switch
    {
        DefectState.Reversible => "reversible",
        DefectState.PartiallyReversible => "partially reversible",
        DefectState.Fixed => "fixed",
        DefectState.RestOnly => "rest only",
        _ => "unpaired",
    };

    private static ProcedureResult Result(List<PerfusionImage> images, PlanarMpiFindings f, FirstPassFunction? firstPass, GatedView? gated, List<string> warnings, CodingResult coding)
    {
        double Extent(bool stress) => f.Profiles.Where(p => (p.Image.State == PerfusionState.Stress) == stress)
            .Select(p => 100.0 * p.BelowLimit.Count(b => b) / p.BelowLimit.Length).DefaultIfEmpty(double.NaN).Average();
        var profileMethod = "circumferential profiles (60 radii, maximum counts after interpolative background subtraction, % of the image's maximum) below mean − 2 SD of simulated normal patients [Garcia1981][Goris1976]";
        var m = new Dictionary<string, MeasuredQuantity>();
        var hasStress = images.Any(i => i.State == PerfusionState.Stress);
        var hasRest = images.Any(i => i.State != PerfusionState.Stress);
        m[K.StressDefectExtentPercent] = new(hasStress ? Extent(true) : null, "%", "share of all stress profile angles below the normal limit; " + profileMethod)
            { Note = hasStress ? null : "no stress image" };
        m[K.RestDefectExtentPercent] = new(hasRest ? Extent(false) : null, "%", "share of all rest (redistribution) profile angles below the normal limit; " + profileMethod)
            { Note = hasRest ? null : "no rest image" };
        // The limit belongs to the tracer of the image the ratio is measured on (the stress ANT: a dual-isotope study may rest with
        // Tl-201 and stress with Tc-99m).
        var thallium = StressAnterior(images) is { } stressAnt && MpiStudyRecognition.IsThallium(stressAnt.Acquisition);
        m[K.LungHeartRatio] = new(f.LungHeartRatio, "ratio", "stress ANT: mean counts in the lung square (" + PlanarMpiAnalysis.LungRoiMethod["automatic: ".Length..] + ") over the mean inside the heart's silhouette (myocardium plus cavity) [Hansen1999]")
        {
            Note = f.LungHeartRatio is null ? "not measured: no stress ANT image, or its heart border or lung square not found"
                : thallium ? Inv($"Tl-201: abnormal ≥ {LhrThalliumUpperLimit:0.00} [Hansen1999]") : "no limit applied: the published planar limit (≥ 0.50) is for Tl-201, not Tc-99m tracers",
        };
        m[K.TidRatio] = new(f.TidRatio, "ratio", "area inside the heart's silhouette (epicardial border), stress ANT over rest ANT [Weiss1987]")
        {
            Note = f.TidRatio is null ? "not measured: needs stress and rest ANT images with their heart borders"
                : Inv($"abnormal > {TidUpperLimit:0.00} (normal 1.02 ± 0.05) [Weiss1987]"),
        };
        const string noFunction = "no gated or first-pass acquisition in the study";
        var gatedMethod = gated is { } g
            ? Inv($"{g.Cycle.Acquisition.SeriesDescription ?? "gated perfusion view"} ({g.Cycle.Count} frames): LV cavity inside the endocardial border on each frame (temporal Fourier filter to the 2nd harmonic, each harmonic divided by sinc(πh/N) to undo the frames' averaging over their interval [Bacharach1979], border where the inner flank reaches the wall crest's level (its mean within ±{GatedPerfusionFunction.CrestWindowMm:0} mm of the maximum) on {GatedPerfusionFunction.Rays} rays round the cavity's centroid, averaged over ±{GatedPerfusionFunction.WallAveragingDegrees:0}° of wall, +{GatedPerfusionFunction.BorderOffsetMm:0.#} mm for blur, the open base closed by a straight valve line between the walls' ends either side on the summed frames (where the wall's contrast falls to {GatedPerfusionFunction.ValveEndContrastOfMedian:0.00} of the median ray's), moved on each frame with the basal myocardium (its translation along the long axis, registered to the other frames) and cutting the outline; the walls' motion round the centre moved along the long axis to each border's centroid), LVEF = 1 − (A_ES/A_ED)^1.5 (area–length) on the area curve reduced to harmonics 0–{GatedPerfusionFunction.KeptHarmonics} [DePuey1993]; one view: it assumes an evenly contracting LV")
                + (g.IsLao45 ? ", and the anterior wall, seen en face in LAO 45, is not in the outline" : "")
                + (g.Function.BordersEdited ? Inv($"; the ED or ES border edited by the user: LVEF from the areas of the borders on frames {g.Function.EndDiastolicFrame + 1} (ED) and {g.Function.EndSystolicFrame + 1} (ES)") : "")
            : null;
        if (firstPass is { } fp)
        {
            var lvMethod = Inv($"first pass of {fp.Frames.Acquisition.SeriesDescription ?? "the injection"}: (ED − ES)/(ED − BG) of the LV representative cycle ({fp.Lv.Beats} beats), fixed ED ROI, periventricular background [Friedman2006]");
            m[BloodPool.LvefPercent] = new(fp.Lv.EjectionFractionPercent, "%", "first pass: " + lvMethod);
            m[BloodPool.LvefFirstPassPercent] = new(fp.Lv.EjectionFractionPercent, "%", lvMethod);
            m[BloodPool.RvefFirstPassPercent] = new(fp.Rv.EjectionFractionPercent, "%", Inv($"first pass: (ED − ES)/(ED − BG) of the RV representative cycle ({fp.Rv.Beats} beats) [Friedman2006]"));
        }
        else
        {
            // A count-based first pass is the more accurate EF (within 5 points against 7, issue 13); the gated one is reported
            // only without it.
            m[BloodPool.LvefPercent] = gated is { } gv ? new(gv.Function.EjectionFractionPercent, "%", "gated planar perfusion: " + gatedMethod)
                : new(null, "%", "gated or first pass") { Note = noFunction };
            m[BloodPool.LvefFirstPassPercent] = new(null, "%", "first pass") { Note = "no first-pass acquisition in the study" };
            m[BloodPool.RvefFirstPassPercent] = new(null, "%", "first pass") { Note = "no first-pass acquisition in the study" };
        }
        m[BloodPool.LvefGatedPercent] = gated is { } gp ? new(gp.Function.EjectionFractionPercent, "%", gatedMethod!)
            : new(null, "%", "gated planar perfusion frames") { Note = "no gated perfusion view in the study" };
        var findings = new Dictionary<string, string>
        {
            ["defects"] = f.Defects.Count == 0 ? "none" : string.Join("; ", f.Defects.Select(d => Inv($"{PerfusionImage.ViewLabel(d.View)} {d.Wall}: {StateName(d.State)} (stress extent {d.StressExtentPercent:0} %, rest {d.RestExtentPercent:0} %, severity {d.SeverityPercent:0} %)"))),
            ["states"] = string.Join(", ", images.Select(i => i.State).Distinct().Select(s => s.ToString().ToLowerInvariant())),
            ["views"] = string.Join(", ", images.Select(i => i.Name)),
        };
        if (f.TidRatio is { } tid)
            findings["tid"] = tid > TidUpperLimit ? Inv($"abnormal: {tid:0.00} > {TidUpperLimit:0.00}, transient ischaemic dilation") : Inv($"normal: {tid:0.00}");
        if (f.LungHeartRatio is { } lhr)
            findings["lung_heart_ratio"] = !thallium ? Inv($"{lhr:0.00} (no Tc-99m limit)")
                : lhr >= LhrThalliumUpperLimit ? Inv($"abnormal: {lhr:0.00} ≥ {LhrThalliumUpperLimit:0.00}, increased lung uptake") : Inv($"normal: {lhr:0.00}");
        // Wall motion from the gated view's LAO outline; a first pass's RAO segments where there is no gated view.
        if (gated is { IsLao45: true } motion)
            findings["wall_motion"] = string.Join("; ", motion.Function.WallMotion.Select(w => Inv($"{w.Name} {GatedBloodPoolProcedure.MotionName(w.Motion)} ({w.ShorteningPercent:0} % radial shortening)")));
        else if (firstPass is { WallMotion.Count: > 0 } pass)
            findings["wall_motion"] = string.Join("; ", pass.WallMotion.Select(w => Inv($"{w.Name} {GatedBloodPoolProcedure.MotionName(w.Motion)} (regional EF {w.ShorteningPercent:0} %)")));
        if ((firstPass?.Lv.EjectionFractionPercent ?? gated?.Function.EjectionFractionPercent) is { } reportedLvef)
            findings["lvef_category"] = FirstPassProcedure.Category(reportedLvef, FirstPassProcedure.LvefNormalLowerLimit);
        var methods = new Dictionary<string, string>
        {
            ["profiles"] = profileMethod,
            ["lv_centre"] = "automatic: white top-hat (18 mm disk) and ring filter; the rest image's LV sought within 30 mm of the stress image's (pair registration by translation)",
            ["defect"] = Inv($"a wall is abnormal when ≥ {PlanarMpiAnalysis.DefectExtentPercent:0} % of its angles lie below the normal limit; over the angles abnormal at stress, reversible when the rest shortfall below its normal mean is under {PlanarMpiAnalysis.ReversibleRatio * 100:0} % of the stress shortfall, fixed when it keeps {PlanarMpiAnalysis.FixedRatio * 100:0} % or more, partially reversible between"),
            ["normals"] = (PerfusionNormals.PopulationFor(images[0].Acquisition.Header.Sex) == NormalPopulation.Female ? "women's" : "men's")
                + " limits: simulated normal patients of that sex (women with breasts of 250–730 ml), LEHR, per image of the tracer it shows: "
                + string.Join("; ", images.Select(i => PerfusionNormals.TracerFor(i.Acquisition)).Distinct().Order().Select(t => t == NormalTracer.Thallium201
                    ? "Tl-201 stress and 4-h redistribution, x-ray and 167 keV windows summed" : "Tc-99m sestamibi one-day rest/stress"))
                + " (PerfusionNormals; a site replaces them with its own)",
        };
        if (gated is { IsLao45: true })
            methods["wall_motion"] = Inv($"gated LAO outline, radial shortening (ED − ES)/ED of the endocardial border per wall (septal, inferoapical, posterolateral; the base and rays without a wall left out): normal ≥ {GatedPerfusionFunction.WallNormalFromPercent:0} % (an evenly contracting LV at LVEF 45 %), hypokinetic ≥ {WallMotionSectors.AkineticBelowPercent:0} %, akinetic ≥ {WallMotionSectors.DyskineticBelowPercent:0} %, else dyskinetic [?]");
        else if (firstPass is { WallMotion.Count: > 0 })
            methods["wall_motion"] = Inv($"first pass, LV in five RAO segments, regional EF: normal ≥ {FirstPassAnalysis.RegionalNormalPercent:0} %, hypokinetic > {FirstPassAnalysis.RegionalHypokineticPercent:0} %, akinetic > {FirstPassAnalysis.RegionalAkineticPercent:0} %, else dyskinetic [?]");
        string Method(string roi, string image, string automatic) => f.EditedRois.Any(r => r.Name == roi && r.Image == image) ? MpiEditedRois.EditedMethod : automatic;
        var rois = f.Profiles.Select(p => RoiDefinition.Circle(MpiEditedRois.LvCentreName, p.Image.Name, Method(MpiEditedRois.LvCentreName, p.Image.Name, "automatic LV centre; radius = median epicardial radius"),
            p.Profile.CentreRow, p.Profile.CentreColumn, p.Profile.MedianOuterRadiusMm / p.Image.PixelMm, p.Image.PixelMm)).ToList();
        foreach (var (name, outline) in f.AnteriorSilhouettes)
            rois.Add(RoiDefinition.Polygon(MpiEditedRois.HeartName, name, Method(MpiEditedRois.HeartName, name, HeartSilhouetteMethod), outline, images.First(i => i.Name == name).PixelMm));
        if (f.LungRoi is { } lung) rois.Add(lung);
        if (gated is { Function: var gf, Cycle: var gc })
            foreach (var (name, frame, border, phase) in new[] { (MpiEditedRois.EndDiastoleName, gf.EndDiastolicFrame, gf.EndDiastolicBorder, "end-diastolic"),
                (MpiEditedRois.EndSystoleName, gf.EndSystolicFrame, gf.EndSystolicBorder, "end-systolic") })
                rois.Add(RoiDefinition.Polygon(name, MpiEditedRois.GatedFrameName(frame), Method(name, MpiEditedRois.GatedFrameName(frame),
                    $"automatic endocardial border of the gated view's {phase} frame (its area the fitted one the EF uses)"), border, gc.PixelMm));
        if (f.EditedRois.Count > 0)
            methods["edited_rois"] = "taken back from --rois: " + string.Join(", ", f.EditedRois.Select(r => $"{r.Name} on {r.Image}")) + "; the others automatic";
        return new ProcedureResult(ProcedureId, coding.Codes.Select(c => c.Code).ToList(), m, rois, Qc(f), warnings.Distinct().ToList())
        { Methods = methods, Findings = findings };
    }

    private static List<QcCheck> Qc(PlanarMpiFindings f)
    {
        var qc = new List<QcCheck>();
        foreach (var (view, shift) in f.RegistrationShiftMm)
            qc.Add(new QcCheck($"{PerfusionImage.ViewLabel(view)} registration", shift > 15 ? QcStatus.Warning : QcStatus.Pass, Inv($"LV centre moved {shift:0} mm between stress and rest")));
        return qc;
    }

    private static IReadOnlyList<SummaryLine> Summary(ProcedureResult r, PlanarMpiFindings f) =>
    [
        new("Procedure", $"{r.Procedure}   CPT {string.Join(", ", r.Cpt)}"),
        new("Images", r.Findings["views"]),
        new("Defects", r.Findings["defects"]),
        new("LHR / TID", Inv($"{(f.LungHeartRatio is { } l ? l.ToString("0.00", CultureInfo.InvariantCulture) : "—")} / {(f.TidRatio is { } t ? t.ToString("0.00", CultureInfo.InvariantCulture) : "—")}")),
        new("LVEF", r.Value(BloodPool.LvefPercent) is { } ef ? Inv($"{ef:0.0} % (first pass; {r.Findings["lvef_category"]})") : "not measured (no gated or first-pass acquisition)"),
    ];

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
