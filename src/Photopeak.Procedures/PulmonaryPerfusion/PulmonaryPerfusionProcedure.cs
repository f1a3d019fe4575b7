using Photopeak.Procedures.Results;
using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;
using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using Photopeak.Reporting.Model;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Pulmonary perfusion (Tc-99m MAA) with optional ventilation, CLINICAL §5: recognition, automatic lung ROIs, geometric-mean split and
/// zones, predicted postoperative function, defects with a draft PE category, coding (78580/78582/78597/78598) and the report.
/// </summary>
public static class PulmonaryPerfusionProcedure
{
    /// <summary>Does the study hold a Tc-99m MAA perfusion acquisition?</summary>
    public static bool Fits(Study study) => LungStudyRecognition.IsPerfusionStudy(study);

    /// <summary>
    /// Analyses a study. Throws <see cref="StudyValidationException"/> naming the view when ANT or POST is missing or the two
    /// differ in matrix, and <see cref="LungRoiException"/> when the ROI file does not fit.
    /// </summary>
    public static PulmonaryPerfusionResult Analyse(Study study, PulmonaryPerfusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        var qc = new List<string>();
        var (perfusion, ventilation, wholeBody) = LungStudyRecognition.Recognise(study, warnings);
        var (ant, post) = ConjugatePair(perfusion, "perfusion");
        int rows = ant.Image.Height, cols = ant.Image.Width;
        var antPx = ant.Image.Pixels;
        var postPx = LungRoiSegmenter.MirrorColumns(post.Image.Pixels, rows, cols);

        if (ant.DurationSeconds is { } da && post.DurationSeconds is { } dp && Math.Abs(da - dp) > 0.01 * Math.Max(da, dp))
            warnings.Add($"perfusion ANT ({da:0} s) and POST ({dp:0} s) differ in duration; quantification needs equal durations [Parker2012]");
        qc.Add($"Perfusion counts: ANT {ant.Image.Sum():N0}, POST {post.Image.Sum():N0}" + (ant.Image.Sum() < 500_000 ? " (below ~500,000 counts per view)" : ""));
        foreach (var missing in new[] { ViewKind.RightAnteriorOblique, ViewKind.LeftAnteriorOblique, ViewKind.RightPosteriorOblique, ViewKind.LeftPosteriorOblique })
            if (perfusion.Find(missing) is null) warnings.Add($"perfusion view {missing} not acquired; defect localisation relies on fewer views");

        LungRoiSet rois; var edited = false;
        var supplied = options.Rois ?? (options.RoisFile is { } f ? LungRoiSet.FromJson(File.ReadAllText(f), f) : null);
        if (supplied is not null)
        {
            if (supplied.Rows != rows || supplied.Columns != cols)
                throw new LungRoiException($"{options.RoisFile ?? "ROI set"}: drawn on {supplied.Rows} × {supplied.Columns}, the ANT view is {rows} × {cols}");
            rois = supplied; edited = true;
        }
        else rois = LungRoiSegmenter.Segment(antPx, postPx, rows, cols);

        var split = LungSplit.Compute(antPx, postPx, rois);
        HotSpotCheck(antPx, rois, "ANT", warnings); HotSpotCheck(postPx, rois, "POST", warnings);
        LungSplit? ventSplit = null;
        float[]? vAnt = null, vPost = null;
        if (ventilation is not null)
        {
            try
            {
                var (va, vp) = ConjugatePair(ventilation, "ventilation");
                if (va.Image.Width == cols && va.Image.Height == rows)
                {
                    vAnt = va.Image.Pixels; vPost = LungRoiSegmenter.MirrorColumns(vp.Image.Pixels, rows, cols);
                    ventSplit = LungSplit.Compute(vAnt, vPost, rois);
                }
                else warnings.Add($"ventilation matrix {va.Image.Width} × {va.Image.Height} differs from perfusion {cols} × {rows}: match/mismatch not computed");
            }
            catch (StudyValidationException ex)
            {
                warnings.Add($"ventilation not quantified: {ex.Problem}");
            }
        }

        var m = new Dictionary<string, MeasuredQuantity>();
        const string gm = "Geometric mean of ANT and mirrored POST counts in the same lung ROI (automatic outline: threshold, connected components, fill)";
        m["lung_right_percent"] = new(split.RightPercent, "%", gm);
        m["lung_left_percent"] = new(split.LeftPercent, "%", gm);
        for (var z = 0; z < 3; z++)
        {
            const string zm = "GM counts in one third of the lung ROI height, % of both lungs";
            m[$"right_{LungSplit.ZoneNames[z]}_percent"] = new(split.RightZonesPercent[z], "%", zm);
            m[$"left_{LungSplit.ZoneNames[z]}_percent"] = new(split.LeftZonesPercent[z], "%", zm);
        }
        if (ventSplit is not null)
        {
            m["vent_lung_right_percent"] = new(ventSplit.RightPercent, "%", "Ventilation: g" + gm[1..]);
            m["vent_lung_left_percent"] = new(ventSplit.LeftPercent, "%", "Ventilation: g" + gm[1..]);
        }

        double? fraction = null;
        double? ppoFev1Pct = null, ppoDlcoPct = null;
        if (options.Resection.Count > 0)
        {
            fraction = PredictedPostoperativeFunction.ResectedFraction(options.Resection, split);
            var how = $"pre × (1 − {fraction:0.000}), resected perfusion fraction of {string.Join(" + ", options.Resection)} (lobes from the planar zones: RUL upper, RML middle, RLL lower, LUL upper + middle) [Brunelli2013]";
            if (options.Fev1Litres is { } l) m["ppo_fev1_litres"] = new(PredictedPostoperativeFunction.Predict(l, fraction.Value), "L", how);
            if (options.Fev1PercentPredicted is { } p) m["ppo_fev1_percent_predicted"] = new((ppoFev1Pct = PredictedPostoperativeFunction.Predict(p, fraction.Value)).Value, "%", how);
            if (options.DlcoPercentPredicted is { } d) m["ppo_dlco_percent_predicted"] = new((ppoDlcoPct = PredictedPostoperativeFunction.Predict(d, fraction.Value)).Value, "%", how);
        }
        else if (options.Fev1Litres is not null || options.Fev1PercentPredicted is not null)
            warnings.Add("spirometry supplied without a planned resection: ppo values not computed");
        var risk = PredictedPostoperativeFunction.Classify(ppoFev1Pct, ppoDlcoPct);
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
    private static RightToLeftShunt Shunt(LungStudyViews wholeBody, Dictionary<string, MeasuredQuantity> m, List<string> qc, List<string> warnings)
    {
        var (ant, post) = ConjugatePair(wholeBody, "whole-body");
        int rows = ant.Image.Height, cols = ant.Image.Width;
        var pixel = ant.Acquisition.PixelSpacingMm is { } ps ? ps.RowMm : throw new StudyValidationException(ant.Acquisition.SourcePath, DicomTags.PixelSpacing,
            "the whole-body scan has no Pixel Spacing; the head and chest windows are set in mm");
        if (ant.DurationSeconds is { } da && post.DurationSeconds is { } dp && Math.Abs(da - dp) > 0.5)
            warnings.Add(FormattableString.Invariant($"whole-body ANT and POST durations differ ({ant.DurationSeconds:0} s and {post.DurationSeconds:0} s): the geometric means assume equal passes"));
        float[] antPx = ant.Image.Pixels, postPx = post.Image.Pixels;
        // Image Orientation (Patient) (0020,0037) of a whole-body image: the column direction runs head to feet (0, 0, −1) on a
        // head-first scan; a scan stored feet at the top is flipped so that row 0 is the vertex.
        var orientation = ant.Acquisition.Detectors.FirstOrDefault()?.ImageOrientationPatient;
        if (orientation is { Count: 6 } o && o[5] > 0.5)
        {
            antPx = FlipRows(antPx, rows, cols); postPx = FlipRows(postPx, rows, cols);
            qc.Add("Whole-body scan stored feet at the top ((0020,0037) column direction towards the head): flipped for the head and chest windows");
        }
        else if (orientation is not { Count: 6 })
            warnings.Add("whole-body scan: no Image Orientation (Patient) (0020,0037) in the Detector Information Sequence; the head is taken to be at the top of the image");
        var s = RightToLeftShunt.Measure(antPx, LungRoiSegmenter.MirrorColumns(postPx, rows, cols), rows, cols, pixel);
        m["shunt_percent"] = new(s.WholeBodyPercent, "%",
            "Whole-body method: (GM whole body − GM lungs) / GM whole body × 100, GM of ANT and mirrored POST counts, automatic lung outlines, no background subtraction [Ito2011]");
        if (s.WholeBodyPercent > RightToLeftShunt.ValidatedUpToPercent)
            warnings.Add(FormattableString.Invariant($"apparent shunt {s.WholeBodyPercent:0.0}% is above the {RightToLeftShunt.ValidatedUpToPercent:0}% up to which the whole-body method was validated: the fraction is likely underestimated, and systemic activity also biases the lung split"));
        if (s.BrainPercent is { } b)
            m["shunt_brain_percent"] = new(b, "%", "Brain method: (GM head / 0.13) / (GM head / 0.13 + GM lungs) × 100, head ROI = the rows from the vertex down to the narrowest (least-count) row of the neck on the whole-body scan [Abrams1998][?]");
        else warnings.Add($"whole-body scan: {s.HeadNote ?? "no head found"}; brain method not computed and brain uptake not checked");
        if (s.BrainPercent is not null && s.BrainToThighRatio is null)
            warnings.Add($"whole-body scan: {s.ThighNote ?? "no thigh reference"}; brain uptake (true shunt versus free pertechnetate) not assessed");
        qc.Add(FormattableString.Invariant($"Whole-body scan: lungs {100 * s.LungCountFraction:0.0}% of GM counts; head/thigh counts per body pixel {(s.BrainToThighRatio is { } bt ? bt.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "not measured")}; neck hot spot/median {(s.ThyroidToNeckRatio is { } tn ? tn.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "not measured")}"));
        if (s.WholeBodyPercent >= RightToLeftShunt.WholeBodyCutoffPercent && s.BrainUptakeSeen is { } brainSeen)
        {
            if (!brainSeen)
                warnings.Add(FormattableString.Invariant($"apparent shunt {s.WholeBodyPercent:0.0}% without brain uptake")
                    + (s.ThyroidToNeckRatio >= RightToLeftShunt.ThyroidVisibleRatio ? " and with thyroid uptake" : "")
                    + ": free pertechnetate (thyroid, stomach, kidneys) mimics a shunt; brain uptake proves a true right-to-left shunt [CLINICAL §5]. Check labelling efficiency before reporting a shunt");
            else qc.Add("Brain uptake present: supports a true right-to-left shunt");
        }
        return s;
    }

    private static float[] FlipRows(float[] image, int rows, int cols)
    {
        var flipped = new float[image.Length];
        for (var r = 0; r < rows; r++) Array.Copy(image, r * cols, flipped, (rows - 1 - r) * cols, cols);
        return flipped;
    }

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
        return (ant, post);
    }
}
