using Photopeak.Procedures.Quality;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;
using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Pixels;
using Photopeak.Imaging.Studies;
using Photopeak.Reporting.Model;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Pulmonary perfusion (Tc-99m MAA) with optional ventilation, CLINICAL §5: recognition, automatic lung ROIs, geometric-mean split and
/// zones, predicted postoperative function, defects with a draft PE category, coding (78580/78582/78597/78598) and the report.
/// </summary>
public sealed class PulmonaryPerfusionProcedure : IProcedure
{
    public string Name => "lung-perfusion";
    public string ResultName => PulmonaryPerfusionResultJson.ProcedureName;
    public string Title => "Tc-99m MAA pulmonary perfusion";

    /// <summary>Fits when the study holds a Tc-99m MAA perfusion acquisition (radiopharmaceutical or series description).</summary>
    public ProcedureFit Fits(Study study) => LungStudyRecognition.IsPerfusionStudy(study)
        ? ProcedureFit.Yes("a Tc-99m MAA perfusion acquisition")
        : ProcedureFit.No("no Tc-99m MAA perfusion acquisition (radiopharmaceutical and series descriptions name none)");

    /// <summary>Analyses with the request's <see cref="PulmonaryPerfusionOptions"/>, lung outlines from <c>--rois</c> when given.</summary>
    public ProcedureOutcome Analyse(Study study, ProcedureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.OptionsOf<PulmonaryPerfusionOptions>() with { ProcedureStated = request.ProcedureStated };
        if (request.RoisPath is { } roisPath) options = options with { Rois = PulmonaryPerfusionResultJson.ReadRois(roisPath) };
        var analysis = Analyse(study, options);
        if (request.LoadWarnings.Count > 0) analysis = analysis with { Warnings = [.. request.LoadWarnings, .. analysis.Warnings] };
        var report = BuildReport(analysis);
        var sources = analysis.Perfusion.Views.Select(v => v.Acquisition).Distinct().Select(a => a.DerivationSource()).ToList();
        return new ProcedureOutcome(PulmonaryPerfusionResultJson.ToProcedureResult(analysis), PulmonaryPerfusionResultJson.Serialize(analysis),
            report, sources, PulmonaryPerfusionSummary.Lines(analysis)) { RoiImages = RoiImages(analysis) };
    }

    /// <summary>The views the lung outlines apply to, as the split reads them: perfusion ANT, perfusion POST mirrored left-right
    /// (so the same outlines lie over it) and, where it shares the matrix, the ventilation pair likewise.</summary>
    private static Dictionary<string, Image2D> RoiImages(PulmonaryPerfusionResult analysis)
    {
        var images = new Dictionary<string, Image2D>(StringComparer.Ordinal);
        void Add(LungStudyViews views, string what)
        {
            var (ant, post) = ConjugatePair(views, what);
            if (ant.Image.Width != analysis.Rois.Columns || ant.Image.Height != analysis.Rois.Rows) return;
            images[$"{what}-ant"] = ant.Image;
            images[$"{what}-post-mirrored"] = new Image2D(post.Image.Width, post.Image.Height, post.Image.PixelSpacingMm,
                LungRoiSegmenter.MirrorColumns(post.Image.Pixels, post.Image.Height, post.Image.Width));
        }
        Add(analysis.Perfusion, "perfusion");
        if (analysis.Ventilation is { } ventilation)
        {
            try { Add(ventilation, "ventilation"); }
            catch (StudyValidationException) { } // the analysis warned already; the review shows the perfusion alone
        }
        return images;
    }

    /// <summary>
    /// Analyses a study. Throws <see cref="StudyValidationException"/> naming the view when ANT or POST is missing or the two
    /// differ in matrix, and <see cref="LungRoiException"/> when the ROI file does not fit.
    /// </summary>
    public static PulmonaryPerfusionResult Analyse(Study study, PulmonaryPerfusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        var qc = new List<QcCheck>();
        var (perfusion, ventilation, wholeBody) = LungStudyRecognition.Recognise(study, warnings, options.ProcedureStated);
        var (ant, post) = ConjugatePair(perfusion, "perfusion");
        int rows = ant.Image.Height, cols = ant.Image.Width;
        var antPx = ant.Image.Pixels;
        var postPx = LungRoiSegmenter.MirrorColumns(post.Image.Pixels, rows, cols);

        if (ant.DurationSeconds is { } da && post.DurationSeconds is { } dp && Math.Abs(da - dp) > 0.01 * Math.Max(da, dp))
            warnings.Add($"perfusion ANT ({da:0} s) and POST ({dp:0} s) differ in duration; quantification needs equal durations [Parker2012]");
        // About 500,000 counts per view keep the split's Poisson error far below a percentage point [Parker2012].
        var lowCounts = ant.Image.Sum() < 500_000;
        qc.Add(new QcCheck("perfusion counts", lowCounts ? QcStatus.Warning : QcStatus.Pass,
            $"Perfusion counts: ANT {ant.Image.Sum():N0}, POST {post.Image.Sum():N0}" + (lowCounts ? " (below ~500,000 counts per view)" : "")));
        foreach (var missing in new[] { ViewKind.RightAnteriorOblique, ViewKind.LeftAnteriorOblique, ViewKind.RightPosteriorOblique, ViewKind.LeftPosteriorOblique })
            if (perfusion.Find(missing) is null) warnings.Add($"perfusion view {missing} not acquired; defect localisation relies on fewer views");

        var (rois, edited) = Outlines(options, antPx, postPx, rows, cols);
        var split = LungSplit.Compute(antPx, postPx, rois);
        HotSpotCheck(antPx, rois, "ANT", warnings); HotSpotCheck(postPx, rois, "POST", warnings);
        var (ventSplit, vAnt, vPost) = ventilation is null ? (null, null, null) : VentilationSplit(ventilation, rois, rows, cols, warnings);

        var m = SplitMeasurements(split, ventSplit);
        var (fraction, risk) = PostoperativeFunction(options, split, m, warnings);
        RightToLeftShunt? shunt = null;
        if (wholeBody is not null)
        {
            // The whole-body scan is optional: a broken one costs the shunt fraction, with a warning naming what is wrong, not the lung analysis.
            try { shunt = Shunt(wholeBody, m, qc, warnings); }
            catch (StudyValidationException ex) { warnings.Add($"whole-body scan not quantified, no shunt fraction: {ex.Message}"); }
            catch (LungRoiException ex) { warnings.Add($"whole-body scan not quantified, no shunt fraction: {ex.Message}"); }
        }

        var defects = PerfusionDefectDetector.Detect(antPx, postPx, rois, vAnt, vPost);
        var pe = PulmonaryEmbolismAssessment.Propose(defects, vAnt is not null, options.RadiographCorrelation is not null);
        var coding = CodingRules.Select(new PerformedStudy(ProcedureFamily.PulmonaryPerfusion, perfusion.Views.Count, SpectPerformed: false)
        {
            VentilationPerformed = ventilation is not null,
            QuantitativeDifferentialReported = options.QuantitativeDifferentialRequested,
        });
        return new PulmonaryPerfusionResult(m, rois, edited, perfusion, ventilation, split, ventSplit, defects, pe, fraction, risk, coding, qc, warnings, options,
            wholeBody, shunt);
    }

    // The lung outlines: the caller's (edited, from --rois) when given and drawn on this matrix, else automatic.
    private static (LungRoiSet Rois, bool Edited) Outlines(PulmonaryPerfusionOptions options, float[] antPx, float[] postPx, int rows, int cols)
    {
        var supplied = options.Rois ?? (options.RoisFile is { } f ? LungRoiSet.FromJson(File.ReadAllText(f), f) : null);
        if (supplied is null) return (LungRoiSegmenter.Segment(antPx, postPx, rows, cols), false);
        if (supplied.Rows != rows || supplied.Columns != cols)
            throw new LungRoiException($"{options.RoisFile ?? "ROI set"}: drawn on {supplied.Rows} × {supplied.Columns}, the ANT view is {rows} × {cols}");
        return (supplied, true);
    }

    // The ventilation split in the perfusion outlines; a ventilation that cannot be paired costs only the comparison.
    private static (LungSplit? Split, float[]? Ant, float[]? MirroredPost) VentilationSplit(LungStudyViews ventilation, LungRoiSet rois, int rows, int cols, List<string> warnings)
    {
        try
        {
            var (va, vp) = ConjugatePair(ventilation, "ventilation");
            if (va.Image.Width == cols && va.Image.Height == rows)
            {
                var vPost = LungRoiSegmenter.MirrorColumns(vp.Image.Pixels, rows, cols);
                return (LungSplit.Compute(va.Image.Pixels, vPost, rois), va.Image.Pixels, vPost);
            }
            warnings.Add($"ventilation matrix {va.Image.Width} × {va.Image.Height} differs from perfusion {cols} × {rows}: match/mismatch not computed");
        }
        catch (StudyValidationException ex)
        {
            warnings.Add($"ventilation not quantified: {ex.Problem}");
        }
        return (null, null, null);
    }

    private static Dictionary<string, MeasuredQuantity> SplitMeasurements(LungSplit split, LungSplit? ventSplit)
    {
        var m = new Dictionary<string, MeasuredQuantity>();
        const string gm = "Geometric mean of ANT and mirrored POST counts in the same lung ROI (automatic outline: threshold, connected components, fill)";
        m[LungMeasurementKeys.RightPercent] = new(split.RightPercent, "%", gm);
        m[LungMeasurementKeys.LeftPercent] = new(split.LeftPercent, "%", gm);
        for (var z = 0; z < 3; z++)
        {
            const string zm = "GM counts in one third of the lung ROI height, % of both lungs";
            m[LungMeasurementKeys.Zone("right", LungSplit.ZoneNames[z])] = new(split.RightZonesPercent[z], "%", zm);
            m[LungMeasurementKeys.Zone("left", LungSplit.ZoneNames[z])] = new(split.LeftZonesPercent[z], "%", zm);
        }
        if (ventSplit is not null)
        {
            m[LungMeasurementKeys.VentilationRightPercent] = new(ventSplit.RightPercent, "%", "Ventilation: g" + gm[1..]);
            m[LungMeasurementKeys.VentilationLeftPercent] = new(ventSplit.LeftPercent, "%", "Ventilation: g" + gm[1..]);
        }
        return m;
    }

    // Predicted postoperative FEV1 and DLCO from the resected perfusion fraction [Brunelli2013].
    private static (double? ResectedFraction, PostoperativeRisk Risk) PostoperativeFunction(PulmonaryPerfusionOptions options, LungSplit split,
        Dictionary<string, MeasuredQuantity> m, List<string> warnings)
    {
        double? fraction = null;
        double? ppoFev1Pct = null, ppoDlcoPct = null;
        if (options.Resection.Count > 0)
        {
            fraction = PredictedPostoperativeFunction.ResectedFraction(options.Resection, split);
            var how = $"pre × (1 − {fraction:0.000}), resected perfusion fraction of {string.Join(" + ", options.Resection)} (lobes from the planar zones: RUL upper, RML middle, RLL lower, LUL upper + middle) [Brunelli2013]";
            if (options.Fev1Litres is { } l) m[LungMeasurementKeys.PpoFev1Litres] = new(PredictedPostoperativeFunction.Predict(l, fraction.Value), "L", how);
            if (options.Fev1PercentPredicted is { } p) m[LungMeasurementKeys.PpoFev1PercentPredicted] = new((ppoFev1Pct = PredictedPostoperativeFunction.Predict(p, fraction.Value)).Value, "%", how);
            if (options.DlcoPercentPredicted is { } d) m[LungMeasurementKeys.PpoDlcoPercentPredicted] = new((ppoDlcoPct = PredictedPostoperativeFunction.Predict(d, fraction.Value)).Value, "%", how);
        }
        else if (options.Fev1Litres is not null || options.Fev1PercentPredicted is not null)
            warnings.Add("spirometry supplied without a planned resection: ppo values not computed");
        return (fraction, PredictedPostoperativeFunction.Classify(ppoFev1Pct, ppoDlcoPct));
    }

    /// <summary>Builds the draft report (montage with ROI outlines, split table, zone bars, ppo values, defects, impression, codes).</summary>
    public static Report BuildReport(PulmonaryPerfusionResult result, ReportHeader? header = null) => PulmonaryPerfusionReport.Build(result, header);

    /// <summary>
    /// Clumped MAA (blood drawn into the syringe) shows as focal hot spots [Parker2012]: a lung pixel above 2.5 × the lungs' 95th
    /// percentile is flagged, since it biases the split and zones towards its side.
    /// </summary>
    private static void HotSpotCheck(float[] image, LungRoiSet rois, string view, List<string> warnings)
    {
        var right = rois.RightMask; var left = rois.LeftMask;
        var values = new List<float>();
        for (var i = 0; i < image.Length; i++) if (right[i] || left[i]) values.Add(image[i]);
        if (values.Count < 20) return;
        values.Sort();
        var p95 = values[(int)(0.95 * (values.Count - 1))];
        if (p95 > 0 && values[^1] > 2.5 * p95)
            warnings.Add($"perfusion {view}: focal hot spot ({values[^1] / p95:0.0} × the lungs' 95th percentile); clumped particles? Check the images before using the split");
    }

    /// <summary>Shunt fraction on the whole-body ANT/POST scan (keys shunt_percent and, with the head in the field, shunt_brain_percent)
    /// and the free-pertechnetate check: extrapulmonary activity above the cut-off without brain uptake is not proof of a shunt.</summary>
    private static RightToLeftShunt Shunt(LungStudyViews wholeBody, Dictionary<string, MeasuredQuantity> m, List<QcCheck> qc, List<string> warnings)
    {
        var (ant, post) = ConjugatePair(wholeBody, "whole-body");
        int rows = ant.Image.Height, cols = ant.Image.Width;
        var pixel = ant.Acquisition.PixelSpacingMm is { } ps ? ps.RowMm : throw new StudyValidationException(ant.Acquisition.SourcePath, DicomTags.PixelSpacing,
            $"{ant.Acquisition.MissingOrInvalid(DicomTags.PixelSpacing)}: the whole-body scan has no usable Pixel Spacing, and the head and chest windows are set in mm");
        if (ant.DurationSeconds is { } da && post.DurationSeconds is { } dp && Math.Abs(da - dp) > 0.5)
            warnings.Add(FormattableString.Invariant($"whole-body ANT and POST durations differ ({ant.DurationSeconds:0} s and {post.DurationSeconds:0} s): the geometric means assume equal passes"));
        float[] antPx = ant.Image.Pixels, postPx = post.Image.Pixels;
        // Image Orientation (Patient) (0020,0037) of a whole-body image: the column direction runs head to feet (0, 0, −1) on a
        // head-first scan; a scan stored feet at the top is flipped so that row 0 is the vertex.
        var orientation = ant.Acquisition.Detectors.FirstOrDefault()?.ImageOrientationPatient;
        if (orientation is { Count: 6 } o && o[5] > 0.5)
        {
            antPx = FlipRows(antPx, rows, cols); postPx = FlipRows(postPx, rows, cols);
            qc.Add(new QcCheck("whole-body orientation", QcStatus.Pass, "Whole-body scan stored feet at the top ((0020,0037) column direction towards the head): flipped for the head and chest windows"));
        }
        else if (orientation is not { Count: 6 })
            warnings.Add("whole-body scan: no Image Orientation (Patient) (0020,0037) in the Detector Information Sequence; the head is taken to be at the top of the image");
        var s = RightToLeftShunt.Measure(antPx, LungRoiSegmenter.MirrorColumns(postPx, rows, cols), rows, cols, pixel);
        m[LungMeasurementKeys.ShuntPercent] = new(s.WholeBodyPercent, "%",
            "Whole-body method: (GM whole body − GM lungs) / GM whole body × 100, GM of ANT and mirrored POST counts, automatic lung outlines, no background subtraction [Ito2011]");
        if (s.WholeBodyPercent > RightToLeftShunt.ValidatedUpToPercent)
            warnings.Add(FormattableString.Invariant($"apparent shunt {s.WholeBodyPercent:0.0}% is above the {RightToLeftShunt.ValidatedUpToPercent:0}% up to which the whole-body method was validated: the fraction is likely underestimated, and systemic activity also biases the lung split"));
        if (s.BrainPercent is { } b)
            m[LungMeasurementKeys.ShuntBrainPercent] = new(b, "%", "Brain method: (GM head / 0.13) / (GM head / 0.13 + GM lungs) × 100, head ROI = the rows from the vertex down to the narrowest (least-count) row of the neck on the whole-body scan [Abrams1998][?]");
        else warnings.Add($"whole-body scan: {s.HeadNote ?? "no head found"}; brain method not computed and brain uptake not checked");
        if (s.BrainPercent is not null && s.BrainToThighRatio is null)
            warnings.Add($"whole-body scan: {s.ThighNote ?? "no thigh reference"}; brain uptake (true shunt versus free pertechnetate) not assessed");
        qc.Add(new QcCheck("whole-body scan", QcStatus.Pass, FormattableString.Invariant($"Whole-body scan: lungs {100 * s.LungCountFraction:0.0}% of GM counts; head/thigh counts per body pixel {(s.BrainToThighRatio is { } bt ? bt.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "not measured")}; neck hot spot/median {(s.ThyroidToNeckRatio is { } tn ? tn.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "not measured")}")));
        if (s.WholeBodyPercent >= RightToLeftShunt.WholeBodyCutoffPercent && s.BrainUptakeSeen is { } brainSeen)
        {
            if (!brainSeen)
                warnings.Add(FormattableString.Invariant($"apparent shunt {s.WholeBodyPercent:0.0}% without brain uptake")
                    + (s.ThyroidToNeckRatio >= RightToLeftShunt.ThyroidVisibleRatio ? " and with thyroid uptake" : "")
                    + ": free pertechnetate (thyroid, stomach, kidneys) mimics a shunt; brain uptake proves a true right-to-left shunt [CLINICAL §5]. Check labelling efficiency before reporting a shunt");
            else qc.Add(new QcCheck("brain uptake", QcStatus.Pass, "Brain uptake present: supports a true right-to-left shunt"));
        }
        return s;
    }

    private static float[] FlipRows(float[] image, int rows, int cols)
    {
        var flipped = new float[image.Length];
        for (var r = 0; r < rows; r++) Array.Copy(image, r * cols, flipped, (rows - 1 - r) * cols, cols);
        return flipped;
    }

    // Six zones and segmental defects need the lungs at least ~10 pixels wide: 32 × 32 over a large field of view.
    private const int MinimumMatrix = 32;

    private static (LungView Ant, LungView Post) ConjugatePair(LungStudyViews views, string what)
    {
        var ant = views.Find(ViewKind.Anterior);
        var post = views.Find(ViewKind.Posterior);
        var source = views.Views[0].Acquisition.SourcePath;
        if (ant is null)
            throw new StudyValidationException(source, DicomTags.ViewCodeSequence, $"the {what} study has no anterior (ANT) view; the geometric-mean split needs ANT and POST");
        if (post is null)
            throw new StudyValidationException(source, DicomTags.ViewCodeSequence, $"the {what} study has no posterior (POST) view; the geometric-mean split needs ANT and POST");
        if (ant.Image.Width != post.Image.Width || ant.Image.Height != post.Image.Height)
            throw new StudyValidationException(post.Acquisition.SourcePath, DicomTags.Rows,
                $"{what} POST view is {post.Image.Width} × {post.Image.Height} but ANT is {ant.Image.Width} × {ant.Image.Height}; conjugate views need one matrix");
        foreach (var view in new[] { ant, post })
            if (PlanarImageContent.Problem(view.Image, MinimumMatrix) is { } problem)
                throw new StudyValidationException(view.Acquisition.SourcePath, DicomTags.PixelData, $"{what} {view.Label} view: {problem}");
        return (ant, post);
    }
}
