using System.Globalization;
using Photopeak.Coding.Documentation;
using Photopeak.Coding.Rules;
using Photopeak.Procedures.CardiacBloodPool;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;
using BloodPool = Photopeak.Procedures.CardiacBloodPool.BloodPoolMeasurementKeys;
using K = Photopeak.Procedures.PlanarMyocardialPerfusion.MpiMeasurementKeys;
using ReportMeasurement = Photopeak.Reporting.Model.Measurement;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>The draft planar MPI report: stress and rest side by side per view (each normalised to its myocardial maximum),
/// the defect list with reversibility, LHR and TID with their limits, QC and a draft impression.</summary>
internal static class PlanarMpiReport
{
    public static Report Build(IReadOnlyList<PerfusionImage> images, PlanarMpiFindings f, FirstPassFunction? firstPass, PlanarMpiProcedure.GatedView? gated, ProcedureResult r, CodingResult coding)
    {
        var first = images[0].Acquisition;
        var header = first.ToReportHeader();
        var rp = first.Radiopharmaceutical;
        var technique = new ReportTechnique("Planar myocardial perfusion imaging: " + r.Findings["views"] + ". Stress type, adequacy (heart rate, blood pressure, symptoms, ECG) are not in the DICOM header and must be added.")
        {
            Radiopharmaceutical = rp?.Name,
            ActivityMBq = rp?.TotalDoseMBq,
            InjectionTime = rp?.StartDateTime,
            Acquisitions = images.Select(i => i.Acquisition).Distinct().Where(a => a.AcquisitionDateTime is not null)
                .Select(a => new AcquisitionTiming(a.SeriesDescription ?? "planar", a.AcquisitionDateTime!.Value, (a.ActualFrameDurationMs ?? 0) / 1000)).ToList(),
            EnergyWindow = first.ToReportWindows().Main,
            OtherEnergyWindows = first.ToReportWindows().Others,
            MatrixColumns = images[0].Columns, MatrixRows = images[0].Rows,
        };
        var m = r.Measurements;
        var measurements = new List<ReportMeasurement>();
        foreach (var key in new[] { K.StressDefectExtentPercent, K.RestDefectExtentPercent })
            if (m[key].Value is { } v)
                measurements.Add(new ReportMeasurement(key == K.StressDefectExtentPercent ? "Profile below normal, stress" : "Profile below normal, rest", v, "%", m[key].Method)
                    { Decimals = 0, Documents = ReportElement.PerfusionQuantification });
        if (m[K.LungHeartRatio].Value is { } lhr)
            measurements.Add(new ReportMeasurement("Lung/heart ratio (stress ANT)", lhr, "ratio", m[K.LungHeartRatio].Method)
            {
                Decimals = 2, Documents = ReportElement.LungHeartRatio,
                Reference = PlanarMpiProcedure.StressAnterior(images) is { } stressAnt && MpiStudyRecognition.IsThallium(stressAnt.Acquisition) ? new ReferenceRange(null, PlanarMpiProcedure.LhrThalliumUpperLimit, "Tl-201 [Hansen1999]") : null,
            });
        if (m[K.TidRatio].Value is { } tid)
            measurements.Add(new ReportMeasurement("TID (ANT area, stress/rest)", tid, "ratio", m[K.TidRatio].Method)
                { Decimals = 2, Documents = ReportElement.TransientIschaemicDilation, Reference = new ReferenceRange(null, PlanarMpiProcedure.TidUpperLimit, "[Weiss1987]") });
        if (firstPass is { } pass)
        {
            measurements.Add(new ReportMeasurement("LVEF (first pass)", pass.Lv.EjectionFractionPercent, "%", m[BloodPool.LvefFirstPassPercent].Method)
            {
                Decimals = 0, Documents = ReportElement.EjectionFractionWithMethod,
                Reference = new ReferenceRange(FirstPassProcedure.LvefNormalLowerLimit, null, "[Friedman2006]"),
            });
            measurements.Add(new ReportMeasurement("RVEF (first pass)", pass.Rv.EjectionFractionPercent, "%", m[BloodPool.RvefFirstPassPercent].Method)
                { Decimals = 0, Reference = new ReferenceRange(FirstPassProcedure.RvefNormalLowerLimit, null, "[?]") });
        }
        if (gated is not null)
            measurements.Add(new ReportMeasurement("LVEF (gated perfusion)", gated.Function.EjectionFractionPercent, "%", m[BloodPool.LvefGatedPercent].Method)
            {
                Decimals = 0, Documents = ReportElement.EjectionFractionWithMethod,
                Reference = new ReferenceRange(FirstPassProcedure.LvefNormalLowerLimit, null, "[Friedman2006]"),
            });
        var function = (firstPass, gated) switch
        {
            ({ } fp, _) => Inv($"Left ventricular ejection fraction {fp.Lv.EjectionFractionPercent:0} % ({r.Findings["lvef_category"]}) and right ventricular {fp.Rv.EjectionFractionPercent:0} % by first pass ({fp.Frames.Acquisition.SeriesDescription ?? "dynamic acquisition"}, {fp.Lv.Beats} LV beats)")
                + (gated is { } g ? Inv($"; {g.Function.EjectionFractionPercent:0} % from the gated perfusion frames") : "") + "; part of the perfusion study's code, not coded again.",
            (null, { } g) => Inv($"Left ventricular ejection fraction {g.Function.EjectionFractionPercent:0} % ({r.Findings["lvef_category"]}) from the gated perfusion frames ({g.Cycle.Acquisition.SeriesDescription ?? "gated view"}, {g.Cycle.Count} frames; ED frame {g.Function.EndDiastolicFrame + 1}, ES frame {g.Function.EndSystolicFrame + 1}), by the cavity's endocardial border, less precise than a count-based EF (within about 6 points); part of the perfusion study's code, not coded again."),
            _ => "Ejection fraction needs gated or first-pass frames, which this study does not hold.",
        };
        var findings = new List<string>
        {
            "Perfusion defects (view, wall: state, extent of the wall's profile below the normal limit, severity = mean shortfall below the normal mean): " + r.Findings["defects"] + ".",
            $"Method: {r.Methods["profiles"]}. {char.ToUpperInvariant(r.Methods["defect"][0])}{r.Methods["defect"][1..]}. LV centre {r.Methods["lv_centre"]}. Normal limits: {r.Methods["normals"]}.",
            function + (r.Findings.TryGetValue("wall_motion", out var motion)
                ? $" Regional wall motion ({r.Methods["wall_motion"]}): {motion}."
                : gated is not null ? " Regional wall motion is read from a gated LAO 45 view, which this study does not hold."
                : " Regional wall motion needs gated or first-pass frames, which this study does not hold."),
            LhrTidSentence(r),
            "Limitations: planar imaging superimposes walls; breast and diaphragm attenuation and subdiaphragmatic activity can mimic defects; the normal limits are simulated, not the site's.",
        };
        var defects = f.Defects.Where(d => d.State != DefectState.RestOnly).ToList();
        var impression = defects.Count == 0
            ? "No perfusion defect beyond the normal limits."
            : string.Join("; ", defects.Select(d => $"{PlanarMpiProcedure.StateName(d.State)} defect, {PerfusionImage.ViewLabel(d.View)} {d.Wall}")) + ".";
        if (r.Findings.TryGetValue("tid", out var tidFinding) && tidFinding.StartsWith("abnormal", StringComparison.Ordinal))
            impression += $" Transient ischaemic dilation of the LV ({tidFinding[("abnormal: ".Length)..]}).";
        if (r.Findings.TryGetValue("lung_heart_ratio", out var lhrFinding) && lhrFinding.StartsWith("abnormal", StringComparison.Ordinal))
            impression += $" Increased stress lung uptake (lung/heart {lhrFinding[("abnormal: ".Length)..]}).";
        impression += " Draft: to be reviewed and signed by the physician.";
        var qcNotes = r.ToReportQcNotes();
        return new Report(header, "Planar myocardial perfusion imaging", first.Header.ReasonForStudy, technique)
        {
            Findings = findings,
            Measurements = measurements,
            Figures = [.. Figures(f), .. GatedFigure(gated)],
            Impression = impression,
            QcNotes = qcNotes,
            AdditionalElements = r.Findings.ContainsKey("wall_motion")
                ? new HashSet<ReportElement> { ReportElement.PerfusionViews, ReportElement.PerfusionDefects, ReportElement.Reversibility, ReportElement.ImageQuality, ReportElement.WallMotion }
                : new HashSet<ReportElement> { ReportElement.PerfusionViews, ReportElement.PerfusionDefects, ReportElement.Reversibility, ReportElement.ImageQuality },
            Coding = coding,
        };
    }

    // Stress and rest of each view side by side, each image windowed to its own myocardial maximum (the hottest pixel inside
    // the epicardial circle: the liver or gut is often hotter and would otherwise set the scale), with the LV circle drawn.
    private static List<ReportFigure> Figures(PlanarMpiFindings f)
    {
        var figures = new List<ReportFigure>();
        foreach (var view in Enum.GetValues<MpiView>())
        {
            var panels = f.Profiles.Where(c => c.Image.View == view).OrderBy(c => c.Image.State).Select(c =>
            {
                var (i, p) = (c.Image, c.Profile);
                var r = p.MedianOuterRadiusMm / i.PixelMm;
                double top = 0;
                for (var y = 0; y < i.Rows; y++)
                for (var x = 0; x < i.Columns; x++)
                    if ((y - p.CentreRow) * (y - p.CentreRow) + (x - p.CentreColumn) * (x - p.CentreColumn) <= r * r) top = Math.Max(top, i.Pixels[y * i.Columns + x]);
                var overlays = new List<Overlay> { new EllipseOverlay("LV", OverlayColour.Yellow, p.CentreColumn + 0.5, p.CentreRow + 0.5, r, r) };
                if (f.AnteriorSilhouettes.TryGetValue(i.Name, out var outline))
                    overlays.Add(RoiDefinition.Polygon("heart", i.Name, "", outline, i.PixelMm).ToOverlay("heart", OverlayColour.Cyan));
                if (f.LungRoi is { } lung && lung.Image == i.Name) overlays.Add(lung.ToOverlay("lung", OverlayColour.Green));
                return new ImagePanel(i.Name, new GrayImage(i.Columns, i.Rows, i.Pixels), overlays) { WindowLower = 0, WindowUpper = top > 0 ? top : null };
            }).ToList();
            if (panels.Count > 0) figures.Add(new ImagePanelsFigure($"{PerfusionImage.ViewLabel(view)}: stress and rest", view == MpiView.Anterior
                ? "Each image scaled to its own myocardial maximum; LV circle at the epicardial radius; heart silhouette (TID, lung/heart ratio) and lung square."
                : "Each image scaled to its own myocardial maximum; LV circle at the epicardial radius.", panels));
        }
        return figures;
    }

    // The ED and ES frames of the gated view with the endocardial borders the EF is measured from, on one scale, and the LV
    // volume curve.
    private static IEnumerable<ReportFigure> GatedFigure(PlanarMpiProcedure.GatedView? gated)
    {
        if (gated is null) yield break;
        var (c, fn) = (gated.Cycle, gated.Function);
        // A 120 mm square round the LV (the heart fills a tenth of a 400 mm field), scaled to the hotter frame inside it.
        var side = Math.Min(Math.Min(c.Rows, c.Columns), (int)Math.Ceiling(120 / c.PixelMm));
        var ed = fn.EndDiastolicBorder;
        int row0 = Math.Clamp((int)Math.Round(ed.Average(v => v[0]) - side / 2.0), 0, c.Rows - side);
        int col0 = Math.Clamp((int)Math.Round(ed.Average(v => v[1]) - side / 2.0), 0, c.Columns - side);
        float[] Crop(int frame)
        {
            var crop = new float[side * side];
            for (var y = 0; y < side; y++) Array.Copy(c.Frames[frame], (row0 + y) * c.Columns + col0, crop, y * side, side);
            return crop;
        }
        var top = Math.Max(Crop(fn.EndDiastolicFrame).Max(), Crop(fn.EndSystolicFrame).Max());
        ImagePanel Panel(string name, int frame, double[][] border) => new(Inv($"{name} (frame {frame + 1})"), new GrayImage(side, side, Crop(frame)),
            [RoiDefinition.Polygon("endocardium", name, "", [.. border.Select(v => new[] { v[0] - row0, v[1] - col0 })], c.PixelMm).ToOverlay("LV cavity", OverlayColour.Yellow)])
            { WindowLower = 0, WindowUpper = top > 0 ? top : null };
        yield return new ImagePanelsFigure("Gated perfusion view: end-diastole and end-systole",
            Inv($"{c.Acquisition.SeriesDescription ?? "gated view"}; endocardial border of the LV cavity as measured (where the inner flank reaches the crest's level on the filtered frames, averaged over ±{GatedPerfusionFunction.WallAveragingDegrees:0}° of wall, then {GatedPerfusionFunction.BorderOffsetMm:0.#} mm outwards for blur; the valve plane closed by a straight line across the open base that moves with the basal myocardium, {fn.InterpolatedRays} of {GatedPerfusionFunction.Rays} rays closed); ")
                + (fn.BordersEdited ? Inv($"borders edited by the user: LVEF {fn.EjectionFractionPercent:0} % from their areas.")
                    : Inv($"LVEF {fn.EjectionFractionPercent:0} % from the area curve reduced to harmonics 0–{GatedPerfusionFunction.KeptHarmonics} (below), to whose areas the borders are scaled.")),
            [Panel("ED", fn.EndDiastolicFrame, fn.EndDiastolicBorder), Panel("ES", fn.EndSystolicFrame, fn.EndSystolicBorder)]);
        // LV volume by the area–length model, V ∝ A^1.5, as % of end-diastole (the fitted curve's largest; an edited ED border
        // may lie on another frame).
        var edArea = fn.FittedAreasMm2.Max();
        List<double> Volume(IReadOnlyList<double> areas) => [.. areas.Select(a => Math.Round(100 * Math.Pow(a / edArea, 1.5), 1))];
        var frameNumbers = Enumerable.Range(1, fn.CavityAreasMm2.Count).Select(k => (double)k).ToList();
        yield return new LineChartFigure("Gated perfusion view: LV volume curve",
            Inv($"LV volume from the automatic outline's area on each frame (area–length, V ∝ A^1.5), % of end-diastole (yellow), and the area curve reduced to harmonics 0–{GatedPerfusionFunction.KeptHarmonics} (cyan)")
                + (fn.BordersEdited ? Inv($"; the EF of {fn.EjectionFractionPercent:0} % comes from the borders the user edited, on the frames marked ED and ES.") : ", from which ED, ES and the EF are taken."),
            [
                new LineSeries("measured", OverlayColour.Yellow, frameNumbers, Volume(fn.CavityAreasMm2)),
                new LineSeries(Inv($"harmonics 0–{GatedPerfusionFunction.KeptHarmonics}"), OverlayColour.Cyan, frameNumbers, Volume(fn.FittedAreasMm2)),
            ],
            "Frame of the R-R interval", "% of ED volume")
        {
            VerticalMarkers = [fn.EndDiastolicFrame + 1, fn.EndSystolicFrame + 1],
            VerticalMarkerLabels = ["ED", "ES"],
        };
    }

    private static string LhrTidSentence(ProcedureResult r)
    {
        var parts = new List<string>();
        parts.Add(r.Findings.TryGetValue("lung_heart_ratio", out var lhr) ? $"Lung/heart ratio on the stress anterior view {lhr}." : "Lung/heart ratio not measured (" + r.Measurements[K.LungHeartRatio].Note + ").");
        parts.Add(r.Findings.TryGetValue("tid", out var tid) ? $"Transient ischaemic dilation ratio (anterior LV area, stress over rest) {tid}." : "TID not measured (" + r.Measurements[K.TidRatio].Note + ").");
        return string.Join(" ", parts) + " Heart border: the silhouette outline on the anterior images; lung square on the stress anterior image.";
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
