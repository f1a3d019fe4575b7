using System.Globalization;
using Photopeak.Coding.Documentation;
using Photopeak.Coding.Rules;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;
using K = Photopeak.Procedures.CardiacBloodPool.BloodPoolMeasurementKeys;
using ReportMeasurement = Photopeak.Reporting.Model.Measurement;

namespace Photopeak.Procedures.CardiacBloodPool;

/// <summary>The draft report of a first-pass study: technique, LVEF and RVEF with their method and normal limits, the
/// representative cycles' ED and ES frames with their ROIs, the transit curves, bolus QC and a draft impression.</summary>
internal static class FirstPassReport
{
    public static Report Build(FirstPassFunction f, IReadOnlyList<FirstPassFunction> all, ProcedureResult r, CodingResult coding)
    {
        var acq = f.Frames.Acquisition;
        var header = acq.ToReportHeader();
        var rp = acq.Radiopharmaceutical;
        var technique = new ReportTechnique(
            $"First-pass radionuclide angiography, {string.Join("; ", all.Select(a => a.Frames.Acquisition.SeriesDescription ?? "dynamic acquisition"))}; " +
            Inv($"{f.Frames.Count} frames of {f.Frames.FrameSeconds * 1000:0.#} ms ({f.Frames.Count * f.Frames.FrameSeconds:0.#} s), heart rate {f.HeartRateBpm:0}/min ({f.HeartRateSource})."))
        {
            Radiopharmaceutical = rp?.Name ?? "Tc-99m bolus (tracer not named in the header)",
            ActivityMBq = rp?.TotalDoseMBq,
            InjectionTime = rp?.StartDateTime,
            Acquisitions = all.Where(a => a.Frames.Acquisition.AcquisitionDateTime is not null)
                .Select(a => new AcquisitionTiming(a.Frames.Acquisition.SeriesDescription ?? "first pass", a.Frames.Acquisition.AcquisitionDateTime!.Value, a.Frames.Count * a.Frames.FrameSeconds)).ToList(),
            EnergyWindow = acq.PhotopeakWindow.ToReportWindow(),
            // The camera's matrix, not the interpolated one the analysis used on coarse pixels.
            MatrixColumns = acq.Columns ?? f.Frames.Columns,
            MatrixRows = acq.Rows ?? f.Frames.Rows,
        };
        var m = r.Measurements;
        var measurements = new List<ReportMeasurement>
        {
            new("LVEF (first pass)", f.Lv.EjectionFractionPercent, "%", m[K.LvefFirstPassPercent].Method)
            {
                Decimals = 0, Documents = ReportElement.EjectionFractionWithMethod,
                Reference = new ReferenceRange(FirstPassProcedure.LvefNormalLowerLimit, null, "[Friedman2006]"),
            },
            new("RVEF (first pass)", f.Rv.EjectionFractionPercent, "%", m[K.RvefFirstPassPercent].Method)
                { Decimals = 0, Reference = new ReferenceRange(FirstPassProcedure.RvefNormalLowerLimit, null, "[?]") },
            new("Pulmonary transit (RV to LV peak)", f.PulmonaryTransitSeconds, "s", m[K.PulmonaryTransitSeconds].Method) { Decimals = 1 },
            new("Bolus entering, width at half maximum", f.BolusFwhmSeconds, "s", m[K.BolusFwhmSeconds].Method)
                { Decimals = 1, Reference = new ReferenceRange(null, FirstPassProcedure.CompactBolusFwhmSeconds, "site practice [?]") },
            new("LV counts at ED, background-corrected", f.Lv.EndDiastolicNetCounts, "counts", m[K.LvEndDiastolicNetCounts].Method)
                { Decimals = 0, Reference = new ReferenceRange(FirstPassProcedure.MinimumLvNetCounts, null, "[?]") },
        };
        foreach (var other in all.Skip(1))
            measurements.Add(new ReportMeasurement($"LVEF, {other.Frames.Acquisition.SeriesDescription ?? "second study"}", other.Lv.EjectionFractionPercent, "%", m[K.LvefFirstPassPercent].Method)
                { Decimals = 0, Reference = new ReferenceRange(FirstPassProcedure.LvefNormalLowerLimit, null, "[Friedman2006]") });

        var findings = new List<string>
        {
            Inv($"Left ventricular ejection fraction {f.Lv.EjectionFractionPercent:0} % ({r.Findings["lvef_category"]}; normal ≥ {FirstPassProcedure.LvefNormalLowerLimit:0} %), from {f.Lv.Beats} beats of the LV phase ({r.Findings["lv_phase_seconds"]} s)."),
            Inv($"Right ventricular ejection fraction {f.Rv.EjectionFractionPercent:0} % ({r.Findings["rvef_category"]}; normal ≥ {FirstPassProcedure.RvefNormalLowerLimit:0} %), from {f.Rv.Beats} beats of the RV phase ({r.Findings["rv_phase_seconds"]} s)."),
            Inv($"Bolus {r.Findings["bolus"]} ({f.BolusFwhmSeconds:0.0} s at half maximum where it enters); pulmonary transit {f.PulmonaryTransitSeconds:0.0} s from the RV to the LV peak."),
            $"ROIs: LV {r.Methods["lv_roi"]}; RV {r.Methods["rv_roi"]}.",
            "Regional wall motion (RAO, regional EF by segment): " + r.Findings["wall_motion"] + ".",
            "Limitations: one RAO view (the septal and lateral walls need an LAO view); the LV outline must exclude the left atrium and aorta and the RV outline the right atrium and pulmonary trunk (check on the ED frames).",
        };
        if (r.Findings.TryGetValue("studies", out var studies)) findings.Add("Studies: " + studies + ".");
        var abnormal = f.WallMotion.Where(w => w.Motion != WallMotion.Normal).ToList();
        var impression = Inv($"LVEF {f.Lv.EjectionFractionPercent:0} %, {r.Findings["lvef_category"]}; RVEF {f.Rv.EjectionFractionPercent:0} %, {r.Findings["rvef_category"]}.") +
            (f.WallMotion.Count == 0 ? "" : abnormal.Count == 0 ? " No regional wall-motion abnormality in the RAO view."
                : " " + string.Join("; ", abnormal.Select(w => $"{w.Name} {GatedBloodPoolProcedure.MotionName(w.Motion)}")) + ".") +
            (r.Findings["bolus"] == "compact" ? "" : $" The bolus was {r.Findings["bolus"]}: the ejection fractions are less reliable.") +
            " Draft: to be reviewed and signed by the physician.";

        return new Report(header, "First-pass radionuclide angiography", acq.Header.ReasonForStudy, technique)
        {
            Findings = findings,
            Measurements = measurements,
            Figures = Figures(f),
            Impression = impression,
            QcNotes = r.ToReportQcNotes(),
            AdditionalElements = f.WallMotion.Count > 0 ? new HashSet<ReportElement> { ReportElement.WallMotion, ReportElement.ImageQuality } : new HashSet<ReportElement> { ReportElement.ImageQuality },
            Coding = coding,
        };
    }

    private static List<ReportFigure> Figures(FirstPassFunction f)
    {
        int rows = f.Frames.Rows, cols = f.Frames.Columns;
        ImagePanel Panel(FirstPassVentricle v, bool ed)
        {
            var image = ed ? v.EndDiastolicImage : v.EndSystolicImage;
            var max = Math.Max(v.EndDiastolicImage.Max(), v.EndSystolicImage.Max());
            return new ImagePanel(Inv($"{v.Name} {(ed ? "ED" : "ES")}, cycle frame {(ed ? v.EndDiastolicFrame : v.EndSystolicFrame) + 1}"),
                new GrayImage(cols, rows, image), [v.Roi.ToOverlay(v.Name, v.Name == "LV" ? OverlayColour.Yellow : OverlayColour.Cyan)])
                { WindowLower = 0, WindowUpper = max };
        }
        var frames = new ImagePanelsFigure("Representative cycles: end-diastole and end-systole",
            "Each ventricle's representative cycle (the beats of its phase folded at the R-R interval); same gray scale for ED and ES of one ventricle; fixed ED outline, LV yellow, RV cyan.",
            [Panel(f.Lv, true), Panel(f.Lv, false), Panel(f.Rv, true), Panel(f.Rv, false)]);
        var dt = f.Frames.FrameSeconds;
        var times = Enumerable.Range(0, f.Frames.Count).Select(k => Math.Round(k * dt, 3)).ToList();
        var transit = new LineChartFigure("Time–activity curves",
            "Counts per frame in the RV (cyan) and LV (yellow) outlines over the acquisition; the dashed lines bound each ventricle's phase, the beats folded into its representative cycle.",
            [new LineSeries("RV", OverlayColour.Cyan, times, f.RvCurve), new LineSeries("LV", OverlayColour.Yellow, times, f.LvCurve)],
            "Time after the first frame (s)", "Counts per frame")
        {
            VerticalMarkers = [f.Rv.PhaseStartSeconds, f.Rv.PhaseEndSeconds, f.Lv.PhaseStartSeconds, f.Lv.PhaseEndSeconds],
            VerticalMarkerLabels = ["RV", "", "LV", ""],
        };
        var cycles = new LineChartFigure("Representative cycles",
            "Background-corrected counts per frame of each representative cycle, % of its end-diastole (the ventricle's volume curve), from end-diastole; 3-harmonic fit of the folded beats.",
            [Cycle(f.Rv, OverlayColour.Cyan, f.HeartRateBpm), Cycle(f.Lv, OverlayColour.Yellow, f.HeartRateBpm)],
            "Time after end-diastole (ms)", "% of ED counts")
        {
            VerticalMarkers = [BinMs(f.Lv, f.HeartRateBpm) * f.Lv.EndSystolicFrame, BinMs(f.Rv, f.HeartRateBpm) * f.Rv.EndSystolicFrame],
            // One label where both end-systoles fall on the same bin, so that the two do not print over each other.
            VerticalMarkerLabels = f.Lv.EndSystolicFrame == f.Rv.EndSystolicFrame && f.Lv.CycleCounts.Length == f.Rv.CycleCounts.Length ? ["ES", ""] : ["LV ES", "RV ES"],
        };
        return [frames, transit, cycles];
    }

    // The cycle's bins split one R-R interval.
    private static double BinMs(FirstPassVentricle v, double heartRateBpm) => 60_000 / heartRateBpm / v.CycleCounts.Length;

    private static LineSeries Cycle(FirstPassVentricle v, OverlayColour colour, double heartRateBpm)
    {
        var ed = v.EndDiastolicNetCounts;
        return new LineSeries(Inv($"{v.Name} (EF {v.EjectionFractionPercent:0} %)"), colour,
            v.CycleCounts.Select((_, k) => Math.Round(k * BinMs(v, heartRateBpm), 1)).ToList(),
            v.CycleCounts.Select(c => Math.Round(100 * (c - v.BackgroundCounts) / ed, 1)).ToList());
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
