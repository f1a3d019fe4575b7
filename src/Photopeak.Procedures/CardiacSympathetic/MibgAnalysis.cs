using Photopeak.Procedures.Quality;
using System.Numerics;
using Photopeak.Coding.Catalogue;
using Photopeak.Coding.Rules;
using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// Cardiac sympathetic innervation analysis (CLINICAL §2): ROIs on the early and late anterior images (automatic or given),
/// H/M early and late, washout with and without mediastinal background (I-123 decay-corrected between the mid-frame times),
/// ME-standardised H/M through the collimator's conversion coefficient, risk category and QC.
/// </summary>
public static class MibgAnalysis
{
    public const string ProcedureId = "cardiac-sympathetic-mibg";

    /// <summary>Analyses recognised inputs. <paramref name="rois"/> (heart and mediastinum on "early" and "late") replace the
    /// automatic ones; <paramref name="siteConversion"/> replaces the collimator class default CC.</summary>
    public static MibgAnalysisResult Analyse(MibgStudyInputs inputs, IReadOnlyList<RoiDefinition>? rois = null, ConversionCoefficient? siteConversion = null)
    {
        var log = new Checks([], [.. inputs.Warnings]);
        var early = inputs.Early;
        var late = RequireLate(inputs);
        CheckMatrixAndZoom(early, late, log);
        var (used, roiSource) = rois is null ? AutomaticPair(early, late, log) : EditedPair(rois, log);
        var stats = Count(used, early, late);
        CheckFrames(early, late, stats, log);
        var uptake = Uptake(early, late, stats, log);
        CheckMotion(used, early.PixelMm, late.PixelMm, log);
        var conversion = Standardise(early, late, uptake, siteConversion, log);

        // SPECT presence → 0332T; the tomographic assessment: LV axis, 17-segment polar map, scores against mIBG normals.
        var spectAcquired = inputs.Spect.Count > 0;
        var coding = CodingRules.Select(new PerformedStudy(ProcedureFamily.CardiacSympatheticInnervation, PlanarViewCount: 2, SpectPerformed: spectAcquired));
        var (assessment, spectFailure) = spectAcquired ? AssessSpect(inputs, rois, log) : (null, null);
        if (assessment is not null) used.Add(AxisRoi(assessment));

        var measurements = Measurements(uptake, conversion, roiSource, assessment, spectAcquired ? spectFailure : "no SPECT acquired");
        var result = new ProcedureResult(ProcedureId, coding.Codes.Select(c => c.Code).ToList(), measurements, used, log.Qc, log.Warnings)
        {
            Methods = Methods(inputs, used, roiSource, early.CollimatorName, conversion.Coefficient, assessment),
            Findings = Findings(conversion.Category, assessment),
        };
        return new MibgAnalysisResult(result, inputs, coding, stats, conversion.Coefficient, conversion.Category) { Spect = assessment };
    }

    // QC lines and warnings gathered by the steps, in the order the steps run.
    private sealed record Checks(List<QcCheck> Qc, List<string> Warnings)
    {
        public void Pass(string name, string detail) => Qc.Add(new QcCheck(name, QcStatus.Pass, detail));

        // A warning is both a QC line and a warning of the result.
        public void Warn(string name, string detail)
        {
            Qc.Add(new QcCheck(name, QcStatus.Warning, detail));
            Warnings.Add(detail);
        }
    }

    // H/M, washout and the decay factor between the two images.
    private sealed record UptakeMeasures(double HmEarly, double HmLate, double DecayFactor, double GapHours, double? Washout, double? WashoutBg, string? WashoutBgNote);

    private sealed record Conversion(ConversionCoefficient? Coefficient, double? StandardisedLate, double? StandardisedEarly, InnervationCategory? Category);

    private static MibgPlanarImage RequireLate(MibgStudyInputs inputs) => inputs.Late ?? throw new ProcedureInputException(
        $"no late anterior image (acquired ≥ {MibgStudyRecognition.EarlyLateBoundaryHours} h after injection): late H/M, washout and category cannot be computed; " +
        $"only the early image was found ({inputs.Early.Name}{(inputs.Early.HoursAfterInjection is { } h ? $", {h * 60:0} min after injection" : "")})");

    // Matrix must agree: ROIs and H/M are compared between the two images.
    // The heart ROI (~40–80 mm) needs several pixels across it: 32 × 32 over a large field of view.
    private const int MinimumMatrix = 32;

    private static void CheckMatrixAndZoom(MibgPlanarImage early, MibgPlanarImage late, Checks log)
    {
        foreach (var image in new[] { early, late })
            if (PlanarImageContent.Problem(image.Image, MinimumMatrix) is { } problem)
                throw new ProcedureInputException($"{image.Label} anterior image ({image.Name}): {problem}");
        if (early.Rows != late.Rows || early.Columns != late.Columns)
            throw new ProcedureInputException($"the early image ({early.Name}, {early.ViewLabel}) is {early.Columns} × {early.Rows} but the late image ({late.Name}, {late.ViewLabel}) is {late.Columns} × {late.Rows}: acquire both with the same matrix");
        log.Pass("matrix", $"{early.Columns} × {early.Rows} on both images");
        var pe = early.PixelMm; var pl = late.PixelMm;
        if (Math.Abs(pe / pl - 1) > 0.01 || early.ZoomFactor is { } ze && late.ZoomFactor is { } zl && Math.Abs(ze / zl - 1) > 0.01)
            log.Warn("zoom", $"pixel size/zoom differ: early {pe:0.###} mm (zoom {early.ZoomFactor?.ToString("0.###") ?? "?"}), late {pl:0.###} mm (zoom {late.ZoomFactor?.ToString("0.###") ?? "?"}); ROIs are drawn in mm on each image but H/M depends on resolution");
        else log.Pass("zoom", $"pixel {pe:0.###} mm{(early.ZoomFactor is { } z ? $", zoom {z:0.###}" : "")} on both images");
    }

    private static (List<RoiDefinition> Used, string Source) AutomaticPair(MibgPlanarImage early, MibgPlanarImage late, Checks log)
    {
        var (placed, e, l) = AutomaticRois.PlacePair(early, late);
        if (e.HeartFromAnatomy || l.HeartFromAnatomy)
            log.Warn("heart ROI", $"heart not distinct from its surroundings (contrast {Math.Max(e.HeartContrast, l.HeartContrast):0.00}): heart ROI placed from the other image or, if faint on both, at its usual position from the chest landmarks; check and edit the ROIs");
        if (!e.NeckInField)
            log.Warn("field of view", "the neck is not in the field of the early image: the lung apices could not be located and the mediastinal ROI was placed from the top of the image");
        return ([.. placed], "automatic");
    }

    private static (List<RoiDefinition> Used, string Source) EditedPair(IReadOnlyList<RoiDefinition> rois, Checks log)
    {
        List<RoiDefinition> used = [Find(rois, "heart", "early"), Find(rois, "mediastinum", "early"), Find(rois, "heart", "late"), Find(rois, "mediastinum", "late")];
        if (used[0].Shape != used[2].Shape)
            log.Warnings.Add($"heart ROI is a {used[0].Shape} early but a {used[2].Shape} late: use the same method on both images [Flotats2010]");
        return (used, "edited (--rois)");
    }

    // Counts under each ROI; the ROIs are updated in place with their pixel count and spacing.
    private static Dictionary<string, RoiStatistics> Count(List<RoiDefinition> used, MibgPlanarImage early, MibgPlanarImage late)
    {
        var stats = new Dictionary<string, RoiStatistics>();
        for (var i = 0; i < used.Count; i++)
        {
            var roi = used[i];
            var image = roi.Image == "early" ? early : late;
            var s = RoiStatistics.Of(image.Image.Pixels, roi.Mask(image.Rows, image.Columns));
            stats[$"{roi.Name}_{roi.Image}"] = s;
            used[i] = roi with { Pixels = s.Pixels, PixelSpacingMm = roi.PixelSpacingMm ?? image.PixelMm };
        }
        return stats;
    }

    private static void CheckFrames(MibgPlanarImage early, MibgPlanarImage late, Dictionary<string, RoiStatistics> stats, Checks log)
    {
        if (Math.Abs(early.DurationSeconds - late.DurationSeconds) > 0.5)
            log.Qc.Add(new QcCheck("frame duration", QcStatus.Warning, $"early {early.DurationSeconds:0} s, late {late.DurationSeconds:0} s: washout uses counts per second per pixel"));
        else log.Pass("frame duration", $"{early.DurationSeconds:0} s on both images");
        CountsCheck(log, early, stats["heart_early"]); CountsCheck(log, late, stats["heart_late"]);
    }

    private static UptakeMeasures Uptake(MibgPlanarImage early, MibgPlanarImage late, Dictionary<string, RoiStatistics> stats, Checks log)
    {
        RoiStatistics he = stats["heart_early"], me = stats["mediastinum_early"], hl = stats["heart_late"], ml = stats["mediastinum_late"];
        // Counts: mean counts per pixel; rates (counts/s/pixel) so that frames of different length compare (CLINICAL house rules).
        double rateHe = he.MeanCountsPerPixel / early.DurationSeconds, rateMe = me.MeanCountsPerPixel / early.DurationSeconds;
        double rateHl = hl.MeanCountsPerPixel / late.DurationSeconds, rateMl = ml.MeanCountsPerPixel / late.DurationSeconds;

        // H/M = heart mean / mediastinum mean, counts per pixel [Flotats2010].
        var hmEarly = HeartToMediastinumRatio.Compute(he.MeanCountsPerPixel, me.MeanCountsPerPixel);
        var hmLate = HeartToMediastinumRatio.Compute(hl.MeanCountsPerPixel, ml.MeanCountsPerPixel);

        // DCF = 2^((t_late − t_early)/T½), times at mid-frame (acquisition start + half the frame) [CLINICAL 1.2, §2]; I-123 T½ pinned in the nuclide table.
        var dcf = DecayCorrection.Factor(Radionuclide.I123, early.MidTime, late.MidTime);
        var gapHours = (late.MidTime - early.MidTime).TotalHours;
        var wr = WashoutRate.WithoutBackground(rateHe, rateHl, dcf);
        double? wrBg = null; string? wrBgNote = null;
        if (rateHe > rateMe) wrBg = WashoutRate.WithBackground(rateHe, rateMe, rateHl, rateMl, dcf);
        else wrBgNote = "early heart count rate does not exceed the mediastinum: background-corrected washout undefined";
        // The background-corrected washout divides by He − Me: errors grow as He/(He − Me) when early H/M is low [Veltman2012].
        if (wrBg is not null && hmEarly < 1.5)
        {
            wrBgNote = $"unstable: early H/M {hmEarly:0.00} < 1.50 amplifies count errors {hmEarly / (hmEarly - 1):0.0}-fold; prefer the washout without background correction";
            log.Warnings.Add("background-corrected washout " + wrBgNote);
        }
        return new UptakeMeasures(hmEarly, hmLate, dcf, gapHours, wr, wrBg, wrBgNote);
    }

    // Motion / repositioning: the heart centre should sit at a similar place relative to the mediastinal ROI.
    private static void CheckMotion(List<RoiDefinition> used, double pe, double pl, Checks log)
    {
        var shiftMm = Shift(used[0], used[2], pe);
        var relShiftMm = Math.Sqrt(Math.Pow((used[0].Centre.Row - used[1].Centre.Row) * pe - (used[2].Centre.Row - used[3].Centre.Row) * pl, 2) +
                                   Math.Pow((used[0].Centre.Column - used[1].Centre.Column) * pe - (used[2].Centre.Column - used[3].Centre.Column) * pl, 2));
        if (relShiftMm > 15)
            log.Warn("motion", $"heart centre moved {relShiftMm:0} mm relative to the mediastinal ROI between early and late ({shiftMm:0} mm in the image): patient position or motion differs; check the ROIs");
        else log.Pass("motion", $"heart centre shift early→late {shiftMm:0.0} mm in the image, {relShiftMm:0.0} mm relative to the mediastinum");
    }

    // Collimator → conversion coefficient → ME-standardised H/M [Nakajima2014; Verschure2018; Okuda2023].
    private static Conversion Standardise(MibgPlanarImage early, MibgPlanarImage late, UptakeMeasures uptake, ConversionCoefficient? siteConversion, Checks log)
    {
        var collimatorName = early.CollimatorName;
        if (!string.Equals(early.CollimatorName, late.CollimatorName, StringComparison.OrdinalIgnoreCase))
            log.Warn("collimator", $"collimator differs: early '{early.CollimatorName}', late '{late.CollimatorName}'; H/M values are not comparable");
        var cls = CollimatorConversion.Recognise(collimatorName);
        var cc = siteConversion ?? (cls is { } c ? CollimatorConversion.Default(c) : null);
        if (cc is null)
        {
            log.Warn("collimator", $"collimator '{collimatorName ?? "not recorded"}' ((0018,1180) CollimatorGridName) not recognised: no conversion coefficient, so no ME-standardised H/M or category; give a site CC");
            return new Conversion(null, null, null, null);
        }
        var stdLate = CollimatorConversion.Standardise(uptake.HmLate, cc);
        log.Pass("collimator", $"'{collimatorName}' → {(siteConversion is null ? cls.ToString()!.ToUpperInvariant() : "site")} CC {cc.Value:0.###}{(cc.StandardDeviation > 0 ? $" ± {cc.StandardDeviation:0.###}" : "")} ({cc.Source})");
        return new Conversion(cc, stdLate, CollimatorConversion.Standardise(uptake.HmEarly, cc), InnervationThresholds.Categorise(stdLate));
    }

    // The tomographic assessment; a SPECT that cannot be assessed is a warning, never a failed planar analysis.
    private static (MibgSpectAssessment? Assessment, string? Failure) AssessSpect(MibgStudyInputs inputs, IReadOnlyList<RoiDefinition>? rois, Checks log)
    {
        try
        {
            var (editedAxis, editedSeries) = EditedAxis(rois);
            var assessment = MibgSpectAnalysis.Analyse(inputs.Spect, editedAxis, editedSeries);
            log.Warnings.AddRange(assessment.Warnings);
            var automatic = assessment.AxisSource == AxisSource.Automatic;
            log.Qc.Add(new QcCheck("SPECT LV axis", automatic ? QcStatus.Warning : QcStatus.Pass,
                $"LV long axis {assessment.AxisSourceText}, base to apex {assessment.Axis.LengthMm:0} mm{(automatic ? ": check the reorientation on the short-axis and long-axis slices" : "")}"));
            return (assessment, null);
        }
        catch (Exception e) when (e is CardiacSpectException or Imaging.StudyValidationException)
        {
            var failure = $"SPECT acquired but not assessed automatically: {e.Message}; the tomographic assessment must be made by the physician";
            log.Warn("SPECT", failure);
            return (null, failure);
        }
    }

    private static RoiDefinition AxisRoi(MibgSpectAssessment assessment) =>
        new("lv_axis", "spect", RoiShape.Line, $"LV long axis, base then endocardial apex, patient mm (LPS), {assessment.AxisSourceText}")
        {
            Points = [Point(assessment.Axis.BaseMm), Point(assessment.Axis.ApexMm)], SeriesInstanceUid = assessment.SeriesInstanceUid,
        };

    private static Dictionary<string, MeasuredQuantity> Measurements(UptakeMeasures u, Conversion conversion, string roiSource,
        MibgSpectAssessment? assessment, string? spectNote)
    {
        var nuclide = Radionuclide.I123;
        var cc = conversion.Coefficient;
        var hmMethod = $"heart mean / mediastinum mean counts per pixel; ROIs {roiSource}";
        return new Dictionary<string, MeasuredQuantity>
        {
            [MibgMeasurementKeys.HmEarly] = new(Math.Round(u.HmEarly, 4), "ratio", hmMethod),
            [MibgMeasurementKeys.HmLate] = new(Math.Round(u.HmLate, 4), "ratio", hmMethod),
            [MibgMeasurementKeys.WashoutPercent] = new(u.Washout is { } w ? Math.Round(w, 3) : null, "%",
                $"(He − Hl·DCF)/He × 100, counts/s/pixel, I-123 decay-corrected to the early mid-frame time, DCF {u.DecayFactor:0.0000} over {u.GapHours:0.00} h [Flotats2010]"),
            [MibgMeasurementKeys.WashoutBgCorrectedPercent] = new(u.WashoutBg is { } wb ? Math.Round(wb, 3) : null, "%",
                $"((He − Me) − (Hl − Ml)·DCF)/(He − Me) × 100, counts/s/pixel, DCF {u.DecayFactor:0.0000} [Flotats2010]") { Note = u.WashoutBgNote },
            [MibgMeasurementKeys.HmLateStandardised] = new(conversion.StandardisedLate is { } sl ? Math.Round(sl, 4) : null, "ratio",
                cc is null ? "not standardised: collimator CC unknown" : $"1 + (0.88/CC)(H/M − 1), CC {cc.Value:0.###} ({cc.Source}) [Nakajima2014]")
                { Note = cc is null ? "collimator not recognised" : null },
            [MibgMeasurementKeys.HmEarlyStandardised] = new(conversion.StandardisedEarly is { } se ? Math.Round(se, 4) : null, "ratio",
                cc is null ? "not standardised: collimator CC unknown" : $"1 + (0.88/CC)(H/M − 1), CC {cc.Value:0.###} [Nakajima2014]"),
            [MibgMeasurementKeys.SpectSummedScore] = assessment is { } sa
                ? new(sa.SummedScore, "score", $"sum of 17 segment scores 0–4 against {sa.Normals.Name} ({sa.Normals.Source}); LV axis {sa.AxisSourceText} [Cerqueira2002]")
                : new(null, "score", "17-segment model, 0–4 per segment [Cerqueira2002]") { Note = spectNote },
            [MibgMeasurementKeys.DecayCorrectionFactor] = new(Math.Round(u.DecayFactor, 6), "factor", $"2^(Δt/T½), Δt between mid-frame times, T½ {nuclide.HalfLifeHours} h ({nuclide.HalfLifeSource})"),
        };
    }

    private static Dictionary<string, string> Methods(MibgStudyInputs inputs, List<RoiDefinition> used, string roiSource, string? collimatorName,
        ConversionCoefficient? cc, MibgSpectAssessment? assessment)
    {
        var nuclide = Radionuclide.I123;
        var methods = new Dictionary<string, string>
        {
            ["tracer"] = $"I-123 mIBG, recognised from {inputs.TracerEvidence}",
            ["heart_roi"] = used[0].Method,
            ["mediastinum_roi"] = used[1].Method,
            ["roi_source"] = roiSource,
            ["statistic"] = "mean counts per pixel; counts per second per pixel for washout",
            ["decay_correction"] = $"I-123 T½ {nuclide.HalfLifeHours} h, between mid-frame times (acquisition start + half the frame), referred to the early image",
            ["background_correction"] = "washout given without and with mediastinal background subtraction",
            ["collimator"] = collimatorName ?? "not recorded",
        };
        if (assessment is not null)
        {
            methods["spect_reconstruction"] = assessment.ReconstructionMethod;
            methods["spect_lv_axis"] = $"{assessment.AxisSourceText}: {assessment.Axis.Describe()}, patient LPS; short axis oriented with the patient's superior direction as anterior";
            methods["spect_polar_map"] = $"maximum counts along rays from the LV axis, {PolarMapSampler.Rings} short-axis rings × {PolarMapSampler.Sectors} sectors plus the apex cap; segment uptake in % of the highest segment; scores 0–4 by deficit from the normal mean ≥ {string.Join("/", SegmentScoring.DeficitBands.Select(b => $"{b * 100:0}"))}% and > {SegmentScoring.NormalZ:0} SD";
        }
        if (cc is not null) methods["conversion_coefficient"] = $"{cc.Value:0.###} ± {cc.StandardDeviation:0.###}, {cc.Source}";
        return methods;
    }

    private static Dictionary<string, string> Findings(InnervationCategory? category, MibgSpectAssessment? assessment)
    {
        var findings = new Dictionary<string, string>();
        if (category is { } cat) findings["category"] = InnervationThresholds.Describe(cat);
        if (assessment is not null)
        {
            findings["spect_segments"] = string.Join("; ", Enumerable.Range(0, AhaSegments.Count)
                .Select(i => $"{i + 1} {AhaSegments.Names[i]} {assessment.UptakePercent[i]:0}% score {assessment.Scores[i]}"));
            var reduced = Enumerable.Range(0, AhaSegments.Count).Where(i => assessment.Scores[i] >= 2).ToList();
            findings["spect_defects"] = reduced.Count == 0
                ? "no segment moderately or more reduced"
                : string.Join("; ", reduced.Select(i => $"{AhaSegments.Names[i]} ({AhaSegments.Territory(i + 1)}) score {assessment.Scores[i]}"));
        }
        return findings;
    }

    // An edited LV axis in the ROI file: a line named lv_axis on the "spect" image, base then apex in patient mm, with the
    // series it was placed in.
    private static (LeftVentricleAxis? Axis, string? SeriesInstanceUid) EditedAxis(IReadOnlyList<RoiDefinition>? rois)
    {
        var roi = rois?.FirstOrDefault(r => string.Equals(r.Name, "lv_axis", StringComparison.OrdinalIgnoreCase));
        if (roi is null) return (null, null);
        if (roi.Shape != RoiShape.Line || roi.Points is not { Count: 2 } p || p.Any(q => q is not { Length: 3 } || q.Any(v => !double.IsFinite(v))))
            throw new ProcedureInputException("the ROI file's 'lv_axis' must be a line with two points [x, y, z] in patient mm (base, then apex)");
        var axis = new LeftVentricleAxis(new Vector3((float)p[0][0], (float)p[0][1], (float)p[0][2]), new Vector3((float)p[1][0], (float)p[1][1], (float)p[1][2]));
        if (axis.LengthMm < 20 || axis.LengthMm > LeftVentricleAxis.MaximumLengthMm)
            throw new ProcedureInputException($"the ROI file's 'lv_axis' is {axis.LengthMm:0} mm long: an LV base-to-apex length lies between 20 and {LeftVentricleAxis.MaximumLengthMm:0} mm");
        return (axis, roi.SeriesInstanceUid);
    }

    private static double[] Point(Vector3 v) => [Math.Round(v.X, 1), Math.Round(v.Y, 1), Math.Round(v.Z, 1)];

    private static RoiDefinition Find(IReadOnlyList<RoiDefinition> rois, string name, string image) =>
        rois.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Image, image, StringComparison.OrdinalIgnoreCase))
        ?? throw new ProcedureInputException($"the ROI file has no '{name}' ROI for the {image} image (need heart and mediastinum on early and late)");

    private static double Shift(RoiDefinition a, RoiDefinition b, double pixelMm)
    {
        var (ar, ac) = a.Centre; var (br, bc) = b.Centre;
        return Math.Sqrt((ar - br) * (ar - br) + (ac - bc) * (ac - bc)) * pixelMm;
    }

    // Poisson noise of the heart mean is 1/sqrt(N); below 10,000 counts in the heart ROI it exceeds 1% [Cherry2012].
    private static void CountsCheck(Checks log, MibgPlanarImage image, RoiStatistics heart)
    {
        var total = image.Image.Sum();
        if (heart.TotalCounts < 10_000)
            log.Warn($"counts {image.Label}", $"{image.Label} image: {heart.TotalCounts:0} counts in the heart ROI (image {total:0}): statistical noise above 1%");
        else log.Pass($"counts {image.Label}", $"image {total:0} counts, heart ROI {heart.TotalCounts:0}");
    }
}
