using System.Globalization;
using Photopeak.Coding.Documentation;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Imaging.Nuclides;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;
using ReportMeasurement = Photopeak.Reporting.Model.Measurement;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>Builds the draft report of an mIBG analysis: technique, measurements with methods and thresholds, early and late
/// images with their ROIs, QC notes, a draft impression for the physician and the selected codes.</summary>
internal static class MibgReportBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Report Build(MibgAnalysisResult a)
    {
        var r = a.Result;
        var early = a.Inputs.Early; var late = a.Inputs.Late!;
        var studyHeader = early.Acquisition.Header;
        var header = studyHeader.ToReportHeader(early.Acquisition.StudyDate ?? DateOnly.FromDateTime(early.AcquisitionStart));
        var indication = studyHeader.ReasonForStudy;

        var spect = a.Inputs.Spect.Count > 0;
        var technique = Technique(a, early, late, spect);

        var hm = r.Measurements;
        var measurements = Measurements(r);

        var figure = PlanarFigure(a, early, late);

        var findings = new List<string>
        {
            string.Create(Inv, $"Heart-to-mediastinum ratio {hm[MibgMeasurementKeys.HmEarly].Value:0.00} early and {hm[MibgMeasurementKeys.HmLate].Value:0.00} late ({early.CollimatorName ?? "collimator not recorded"})")
                + (hm[MibgMeasurementKeys.HmLateStandardised].Value is { } s ? string.Create(Inv, $"; ME-standardised late H/M {s:0.00}.") : "; not standardised (collimator conversion coefficient unknown)."),
            string.Create(Inv, $"Myocardial washout {Fmt(hm[MibgMeasurementKeys.WashoutPercent].Value, "0.0")}% without and {Fmt(hm[MibgMeasurementKeys.WashoutBgCorrectedPercent].Value, "0.0")}% with mediastinal background correction (I-123 decay-corrected, factor {hm[MibgMeasurementKeys.DecayCorrectionFactor].Value:0.000})."),
        };
        if (r.Findings.TryGetValue("category", out var category)) findings.Add("Category: " + category + ".");
        findings.Add($"ROI method ({r.Methods["roi_source"]}, same method on early and late, drawn on each image): heart — {r.Methods["heart_roi"]}; mediastinum — {r.Methods["mediastinum_roi"]}.");
        var figures = new List<ReportFigure> { figure };
        if (a.Spect is { } sa)
        {
            measurements.Add(new ReportMeasurement("SPECT summed score (17 segments, 0–4 each)", sa.SummedScore, "", hm[MibgMeasurementKeys.SpectSummedScore].Method)
                { Decimals = 0, Documents = ReportElement.SpectAssessment });
            var defects = r.Findings.TryGetValue("spect_defects", out var d) ? d : "";
            findings.Add($"SPECT {sa.SeriesName}: LV reoriented to short axis ({sa.AxisSourceText} long axis, {sa.Axis.LengthMm:0} mm base to apex); " +
                $"summed score {sa.SummedScore} of 68 against {sa.Normals.Name}. Reduced segments (score ≥ 2): {defects}. " +
                $"Scores 0–4 by the deficit from the normal mean (≥ {string.Join("/", SegmentScoring.DeficitBands.Select(b => $"{b * 100:0}"))}% and more than {SegmentScoring.NormalZ:0} SD, SD at least {SegmentScoring.SdFloorPercent:0} points) [Cerqueira2002]. " +
                "Limitation: these normal limits were made from simulated normal patients with uniform myocardial uptake; they model attenuation and reconstruction but not the physiological fall of mIBG uptake inferiorly and apically, so mild inferior and apical reductions may be over-called. A site database of its own normal patients should replace them [?].");
            findings.Add("Segment uptake (% of the highest segment) and score: " + r.Findings["spect_segments"] + ".");
            figures.Add(new PolarMapFigure("SPECT 17-segment scores (bull's-eye)",
                "AHA 17-segment model [Cerqueira2002]: basal ring outside, apex centre, anterior at top, septum on the left; 0 normal to 4 absent uptake.", sa.Scores.ToList()));
            figures.Add(SpectSlices(sa));
        }
        else if (spect) findings.Add("SPECT was acquired but could not be assessed automatically (see quality notes); the tomographic assessment must be made by the physician.");
        findings.Add("Limitations: automatic ROIs must be checked on the images; planar H/M depends on collimator and ROI method; mIBG uptake is affected by interfering drugs (e.g. tricyclic antidepressants, labetalol, reserpine) [Flotats2010].");

        var impression = Impression(a);

        var qcNotes = r.ToReportQcNotes();

        return new Report(header, "Cardiac sympathetic innervation imaging (I-123 mIBG)", indication, technique)
        {
            Findings = findings,
            Measurements = measurements,
            Figures = figures,
            Impression = impression,
            QcNotes = qcNotes,
            AdditionalElements = a.Spect is null
                ? new HashSet<ReportElement> { ReportElement.RoiMethod, ReportElement.Limitations }
                : new HashSet<ReportElement> { ReportElement.RoiMethod, ReportElement.Limitations, ReportElement.SpectAssessment },
            Coding = a.Coding,
        };
    }

    private static ReportTechnique Technique(MibgAnalysisResult a, MibgPlanarImage early, MibgPlanarImage late, bool spect)
    {
        var rp = a.Inputs.Radiopharmaceutical;
        var peak = early.Acquisition.WindowHolding(Radionuclide.I123.PhotopeakKeV);
        return new ReportTechnique(
            "Planar anterior chest images, supine, early and late after intravenous I-123 mIBG" +
            (spect ? $"; SPECT acquired ({string.Join(", ", a.Inputs.Spect.Select(s => s.SeriesDescription ?? "TOMO"))})." : ".") +
            " Thyroid blockade is not recorded in the DICOM header and must be confirmed.")
        {
            Radiopharmaceutical = rp is null ? "I-123 mIBG (from series description; not in DICOM)" : $"{rp.Name ?? "I-123 iobenguane"} (I-123 mIBG)",
            ActivityMBq = rp?.TotalDoseMBq,
            InjectionTime = a.Inputs.InjectionTime,
            Acquisitions =
            [
                new AcquisitionTiming($"Early anterior{Minutes(early)}", early.AcquisitionStart, early.DurationSeconds),
                new AcquisitionTiming($"Late anterior{Minutes(late)}", late.AcquisitionStart, late.DurationSeconds),
                .. a.Inputs.Spect.Where(s => s.AcquisitionDateTime is not null).Select(s => new AcquisitionTiming($"SPECT: {s.SeriesDescription}", s.AcquisitionDateTime!.Value, SpectSeconds(s))),
            ],
            Collimator = early.CollimatorName is null ? null
                : early.CollimatorName + (a.ConversionCoefficient is { } cc ? string.Create(Inv, $" (conversion coefficient {cc.Value:0.00} ± {cc.StandardDeviation:0.00}, {cc.Source})") : " (conversion coefficient unknown)"),
            EnergyWindow = peak.ToReportWindow(),
            MatrixColumns = early.Columns,
            MatrixRows = early.Rows,
        };
    }

    private static List<ReportMeasurement> Measurements(ProcedureResult r)
    {
        var hm = r.Measurements;
        var roiMethod = $"heart ROI / mediastinal square, mean counts per pixel; ROIs {r.Methods["roi_source"]} (ROI method under Findings)";
        var measurements = new List<ReportMeasurement>
        {
            M("H/M early", hm[MibgMeasurementKeys.HmEarly], roiMethod, 2, ReportElement.HeartToMediastinumEarly),
            M("H/M late", hm[MibgMeasurementKeys.HmLate], roiMethod, 2, ReportElement.HeartToMediastinumLate)
                with { Reference = new ReferenceRange(InnervationThresholds.AdmireHfLateLimit, null, "[Jacobson2010] (ADMIRE-HF, mostly LE collimators)") },
            M("H/M late, ME-standardised", hm[MibgMeasurementKeys.HmLateStandardised], hm[MibgMeasurementKeys.HmLateStandardised].Method, 2, ReportElement.StandardisedHeartToMediastinum)
                with { Reference = new ReferenceRange(InnervationThresholds.StandardisedNormalLimit, null, "[Nakajima2014]") },
            M("H/M early, ME-standardised", hm[MibgMeasurementKeys.HmEarlyStandardised], hm[MibgMeasurementKeys.HmEarlyStandardised].Method, 2, null),
            M("Washout rate, no background correction", hm[MibgMeasurementKeys.WashoutPercent], hm[MibgMeasurementKeys.WashoutPercent].Method, 1, ReportElement.WashoutRate),
            M("Washout rate, mediastinal background corrected", hm[MibgMeasurementKeys.WashoutBgCorrectedPercent], hm[MibgMeasurementKeys.WashoutBgCorrectedPercent].Method, 1, ReportElement.WashoutRate),
        };
        return measurements;
    }

    private static ImagePanelsFigure PlanarFigure(MibgAnalysisResult a, MibgPlanarImage early, MibgPlanarImage late)
    {
        var r = a.Result;
        var overlays = new Dictionary<string, List<Overlay>> { ["early"] = [], ["late"] = [] };
        foreach (var roi in r.Rois) if (overlays.TryGetValue(roi.Image, out var list)) list.Add(ToOverlay(roi));
        return new ImagePanelsFigure("Anterior chest images with ROIs",
            "Heart circle (yellow) and upper-mediastinum square (cyan) drawn on each image; inverted gray scale, window 0 to 1.6 × the heart ROI mean of each image.",
        [
            Panel($"Early anterior{Minutes(early)}", early, overlays["early"], a.RoiCounts["heart_early"]),
            Panel($"Late anterior{Minutes(late)}", late, overlays["late"], a.RoiCounts["heart_late"]),
        ]);
    }

    private static string Impression(MibgAnalysisResult a) =>
        a.Category switch
        {
            InnervationCategory.Low => string.Create(Inv, $"Markedly reduced cardiac sympathetic innervation (ME-standardised late H/M below {InnervationThresholds.AdmireHfLateLimit:0.00}), associated with higher risk of cardiac events [Jacobson2010]."),
            InnervationCategory.Intermediate => string.Create(Inv, $"Mildly to moderately reduced cardiac sympathetic innervation (ME-standardised late H/M {InnervationThresholds.AdmireHfLateLimit:0.00}–{InnervationThresholds.StandardisedNormalLimit - 0.01:0.00})."),
            InnervationCategory.Normal => string.Create(Inv, $"Cardiac sympathetic innervation within normal limits (ME-standardised late H/M ≥ {InnervationThresholds.StandardisedNormalLimit:0.00})."),
            _ => "Category not assigned: the collimator conversion coefficient is unknown.",
        } + SpectImpression(a) + " Draft from automatic analysis, for physician review.";

    private static string SpectImpression(MibgAnalysisResult a)
    {
        if (a.Spect is not { } sa) return "";
        var reduced = Enumerable.Range(0, AhaSegments.Count).Where(i => sa.Scores[i] >= 2).ToList();
        var mild = Enumerable.Range(0, AhaSegments.Count).Count(i => sa.Scores[i] == 1);
        var mildText = mild > 0 ? $"; {mild} segment(s) mildly reduced (score 1)" : "";
        if (reduced.Count == 0) return $" SPECT: no moderate or severe regional innervation defect (summed score {sa.SummedScore}{mildText}).";
        var territories = reduced.Select(i => AhaSegments.Territory(i + 1)).Distinct();
        return $" SPECT: regionally reduced innervation in {reduced.Count} segment(s) ({string.Join(", ", reduced.Select(i => AhaSegments.Names[i]))}; {string.Join("/", territories)} territory){mildText}, summed score {sa.SummedScore} of 68.";
    }

    // Short axis at basal, mid and apical level, vertical and horizontal long axis; 2.5 mm pixels over 160 mm.
    private static ImagePanelsFigure SpectSlices(MibgSpectAssessment sa)
    {
        const int size = 64; const double pixelMm = 2.5;
        var v = sa.Volume; var ax = sa.Axis;
        var slices = new (string Label, float[] Pixels)[]
        {
            ("Short axis, basal", CardiacSlices.ShortAxis(v, ax, 1 / 6.0, size, pixelMm)),
            ("Short axis, mid", CardiacSlices.ShortAxis(v, ax, 0.5, size, pixelMm)),
            ("Short axis, apical", CardiacSlices.ShortAxis(v, ax, 5 / 6.0, size, pixelMm)),
            ("Vertical long axis", CardiacSlices.VerticalLongAxis(v, ax, size, pixelMm)),
            ("Horizontal long axis", CardiacSlices.HorizontalLongAxis(v, ax, size, pixelMm)),
        };
        var upper = slices.Max(s => s.Pixels.Max());
        return new ImagePanelsFigure("SPECT reoriented slices", $"Late SPECT ({sa.ReconstructionMethod}); short axis with anterior up and septum left, vertical long axis with apex right, horizontal long axis with apex up; one gray scale for all panels.",
            slices.Select(s => new ImagePanel(s.Label, new GrayImage(size, size, s.Pixels), []) { WindowLower = 0, WindowUpper = Math.Max(1e-6, upper) }).ToList());
    }

    private static ReportMeasurement M(string name, MeasuredQuantity q, string method, int decimals, ReportElement? documents) =>
        new(name, q.Value ?? double.NaN, q.Unit == "ratio" ? "" : q.Unit, q.Note is null ? method : $"{method} — {q.Note}") { Decimals = decimals, Documents = documents };

    private static ImagePanel Panel(string label, MibgPlanarImage image, List<Overlay> overlays, RoiStatistics heart)
    {
        // Window to 1.6 × the heart ROI mean so that the liver does not wash out the heart.
        return new ImagePanel(label, new GrayImage(image.Columns, image.Rows, image.Image.Pixels), overlays)
        {
            WindowLower = 0, WindowUpper = Math.Max(1, 1.6 * heart.MeanCountsPerPixel), Display = GrayDisplay.Inverted,
        };
    }

    private static Overlay ToOverlay(RoiDefinition roi) =>
        roi.Name == "heart" ? roi.ToOverlay("H", OverlayColour.Yellow) : roi.ToOverlay("M", OverlayColour.Cyan);

    private static string Minutes(MibgPlanarImage image) => image.HoursAfterInjection switch
    {
        null => "",
        < 1.5 and var h => string.Create(Inv, $" ({h * 60:0} min)"),
        var h => string.Create(Inv, $" ({h:0.0} h)"),
    };

    private static double SpectSeconds(Photopeak.Imaging.Studies.NmAcquisition s)
    {
        try { return s.FrameDurationMs(0) is { } ms ? ms / 1000 * s.NumberOfFrames / Math.Max(1, s.Detectors.Count) : 0; }
        catch (Photopeak.Imaging.StudyValidationException) { return 0; }
    }

    private static string Fmt(double? v, string format) => v is { } x ? x.ToString(format, Inv) : "n/a";
}
