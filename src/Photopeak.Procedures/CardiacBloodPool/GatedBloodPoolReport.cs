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

/// <summary>The draft report of a gated blood-pool study: technique, LVEF with its method and normal limit, ED and ES frames
/// with their ROIs, amplitude and phase images, the LV curve, wall motion, QC and a draft impression.</summary>
internal static class GatedBloodPoolReport
{
    public static Report Build(GatedLvFunction f, IReadOnlyList<GatedLvFunction> all, ProcedureResult r, CodingResult coding)
    {
        var acq = f.Cycle.Acquisition;
        var header = acq.ToReportHeader();
        var rp = acq.Radiopharmaceutical;
        var peak = acq.PhotopeakWindow;
        var technique = new ReportTechnique(
            $"Gated equilibrium blood-pool imaging, {string.Join("; ", all.Select(a => a.Cycle.Acquisition.SeriesDescription ?? "gated acquisition"))}; " +
            Inv($"{f.Cycle.Count} frames per R-R interval") + (acq.HeartRateBpm is { } hr ? Inv($", heart rate {hr}/min") : "") + ".")
        {
            Radiopharmaceutical = rp?.Name ?? "Tc-99m labelled red blood cells (from the series description)",
            ActivityMBq = rp?.TotalDoseMBq,
            InjectionTime = rp?.StartDateTime,
            Acquisitions = all.Where(a => a.Cycle.Acquisition.AcquisitionDateTime is not null)
                .Select(a => new AcquisitionTiming(a.Cycle.Acquisition.SeriesDescription ?? "gated", a.Cycle.Acquisition.AcquisitionDateTime!.Value, Seconds(a))).ToList(),
            EnergyWindow = peak.ToReportWindow(),
            // The camera's matrix, not the interpolated one the analysis used on coarse pixels.
            MatrixColumns = f.Cycle.Acquisition.Columns ?? f.Cycle.Columns,
            MatrixRows = f.Cycle.Acquisition.Rows ?? f.Cycle.Rows,
        };
        var m = r.Measurements;
        var measurements = new List<ReportMeasurement>
        {
            new("LVEF (gated equilibrium)", f.EjectionFractionPercent, "%", m[K.LvefPercent].Method)
            {
                Decimals = 0, Documents = ReportElement.EjectionFractionWithMethod,
                Reference = new ReferenceRange(GatedBloodPoolProcedure.LvefNormalLowerLimit, null, "[Corbett2006][Hesse2008]"),
            },
            new("LV phase, mean", f.LvPhase.MeanDegrees, "°", m[K.LvPhaseMeanDegrees].Method) { Decimals = 0 },
            new("LV phase, SD", f.LvPhase.SdDegrees, "°", m[K.LvPhaseSdDegrees].Method)
                { Decimals = 1, Reference = new ReferenceRange(null, GatedBloodPoolProcedure.LvPhaseSdUpperLimitDegrees, "simulated normal hearts (site limits to replace) [?]") },
            new("LV phase, 95 % bandwidth", f.LvPhase.BandwidthDegrees, "°", m[K.LvPhaseBandwidthDegrees].Method) { Decimals = 0 },
            new("Background", f.BackgroundCountsPerPixel, "counts/pixel", m[K.BackgroundCountsPerPixel].Method) { Decimals = 1 },
        };
        foreach (var other in all.Skip(1))
            measurements.Add(new ReportMeasurement($"LVEF, {other.Cycle.Acquisition.SeriesDescription ?? "second study"}", other.EjectionFractionPercent, "%", m[K.LvefPercent].Method)
                { Decimals = 0, Reference = new ReferenceRange(GatedBloodPoolProcedure.LvefNormalLowerLimit, null, "[Corbett2006]") });

        var findings = new List<string>
        {
            Inv($"Left ventricular ejection fraction {f.EjectionFractionPercent:0} % ({r.Findings["lvef_category"]}; normal ≥ {GatedBloodPoolProcedure.LvefNormalLowerLimit:0} %), by the gated counts method with variable LV regions; end-diastole frame {f.EndDiastolicFrame + 1}, end-systole frame {f.EndSystolicFrame + 1} of {f.Cycle.Count}."),
            "Regional wall motion (LAO view, radial shortening of the LV outline): " + r.Findings["wall_motion"] + ".",
            Inv($"Phase analysis: LV mean phase {f.LvPhase.MeanDegrees:0}°, SD {f.LvPhase.SdDegrees:0.0}° ({r.Findings["lv_synchrony"]}; upper limit {GatedBloodPoolProcedure.LvPhaseSdUpperLimitDegrees:0.0}° from simulated normal hearts, to be replaced by the site's), 95 % bandwidth {f.LvPhase.BandwidthDegrees:0}° over {f.LvPhase.Pixels} pixels."),
            $"ROIs: {r.Methods["lv_roi"]}; background: {r.Methods["background_roi"]}.",
            "Limitations: wall motion from one LAO view covers the septal, inferoapical and posterolateral walls only; anterior and inferior walls need an anterior and a left lateral view. The LV outline must be checked on the images (left atrium, spleen and aorta must lie outside).",
        };
        if (r.Findings.TryGetValue("studies", out var studies)) findings.Add("Studies: " + studies + ".");

        var reduced = f.WallMotion.Where(s => s.Motion != WallMotion.Normal).ToList();
        var impression = Inv($"LVEF {f.EjectionFractionPercent:0} %, {r.Findings["lvef_category"]}.") +
            (f.WallMotion.Count == 0 ? " Regional wall motion not assessed." : reduced.Count == 0 ? " No regional wall-motion abnormality in the LAO view." : " " + string.Join("; ", reduced.Select(s => $"{s.Name} {GatedBloodPoolProcedure.MotionName(s.Motion)}")) + ".") +
            (r.Findings["lv_synchrony"] == "dyssynchronous" ? Inv($" LV phase SD {f.LvPhase.SdDegrees:0}° above the normal limit: dyssynchrony.") : "") +
            " Draft: to be reviewed and signed by the physician.";

        var qcNotes = r.ToReportQcNotes();

        return new Report(header, "Gated equilibrium radionuclide ventriculography (Tc-99m red cells)", acq.Header.ReasonForStudy, technique)
        {
            Findings = findings,
            Measurements = measurements,
            Figures = Figures(f),
            Impression = impression,
            QcNotes = qcNotes,
            // Wall motion is documented only where it was assessed (edited outlines with no common centre leave it out).
            AdditionalElements = f.WallMotion.Count > 0 ? new HashSet<ReportElement> { ReportElement.WallMotion, ReportElement.ImageQuality } : new HashSet<ReportElement> { ReportElement.ImageQuality },
            Coding = coding,
        };
    }

    private static List<ReportFigure> Figures(GatedLvFunction f)
    {
        int rows = f.Cycle.Rows, cols = f.Cycle.Columns;
        var ed = f.Cycle.Frames[f.EndDiastolicFrame]; var es = f.Cycle.Frames[f.EndSystolicFrame];
        var max = Math.Max(ed.Max(), es.Max());
        var frames = new ImagePanelsFigure("End-diastole and end-systole",
            "Same gray scale for both frames; LV outline (yellow) and posterolateral background crescent (cyan).",
        [
            new ImagePanel($"ED, frame {f.EndDiastolicFrame + 1}", new GrayImage(cols, rows, ed), [f.EndDiastolicRoi.ToOverlay("LV", OverlayColour.Yellow)])
                { WindowLower = 0, WindowUpper = max },
            new ImagePanel($"ES, frame {f.EndSystolicFrame + 1}", new GrayImage(cols, rows, es),
                [f.EndSystolicRoi.ToOverlay("LV", OverlayColour.Yellow), f.BackgroundRoi.ToOverlay("BG", OverlayColour.Cyan)])
                { WindowLower = 0, WindowUpper = max },
        ]);
        var phase = new ImagePanelsFigure("Amplitude and phase (first harmonic)",
            "Amplitude: stroke of each pixel over the cycle. Phase: 0–360° as black to white; ventricles near 0°, atria near 180°.",
        [
            new ImagePanel("Amplitude", new GrayImage(cols, rows, f.Harmonic.Amplitude), [f.EndDiastolicRoi.ToOverlay("LV", OverlayColour.Yellow)]),
            new ImagePanel("Phase", new GrayImage(cols, rows, f.Harmonic.PhaseDegrees), []) { WindowLower = 0, WindowUpper = 360 },
        ]);
        var peak = f.FittedCounts.Max();
        var frameNumbers = Enumerable.Range(1, f.NetCounts.Count).Select(k => (double)k).ToList();
        // Edited ROIs measure the ED and ES frames only: the other frames are NaN and the line breaks there.
        var curve = new LineChartFigure("LV volume curve",
            "Background-corrected LV counts per frame (variable ROI), % of end-diastole (yellow), and their 3-harmonic fit from which ED and ES are taken (cyan).",
            [
                new LineSeries("measured", OverlayColour.Yellow, frameNumbers, f.NetCounts.Select(c => Math.Round(100 * c / peak, 1)).ToList()),
                new LineSeries("3-harmonic fit", OverlayColour.Cyan, frameNumbers, f.FittedCounts.Select(c => Math.Round(100 * c / peak, 1)).ToList()),
            ],
            "Frame of the R-R interval", "% of ED counts")
        {
            VerticalMarkers = [f.EndDiastolicFrame + 1, f.EndSystolicFrame + 1],
            VerticalMarkerLabels = ["ED", "ES"],
        };
        return [frames, phase, curve];
    }

    private static double Seconds(GatedLvFunction f)
    {
        var g = f.Cycle.Acquisition.GatedIntervals;
        var beats = g.Sum(i => i.IntervalsAcquired ?? 0);
        var rr = g.FirstOrDefault()?.NominalIntervalMs;
        return beats > 0 && rr is { } ms ? beats * ms / 1000 : (f.Cycle.FrameMs ?? 0) * f.Cycle.Count / 1000;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
