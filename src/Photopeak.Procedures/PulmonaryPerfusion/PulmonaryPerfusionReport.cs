using Photopeak.Coding.Documentation;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>Turns a <see cref="PulmonaryPerfusionResult"/> into a draft Photopeak.Reporting report.</summary>
internal static class PulmonaryPerfusionReport
{
    /// <summary>The draft report; the header is read from the perfusion DICOM file when not given.</summary>
    public static Report Build(PulmonaryPerfusionResult r, ReportHeader? header = null)
    {
        var first = r.Perfusion.Views[0].Acquisition;
        header ??= first.Header.ToReportHeader(first.StudyDate ?? first.SeriesDate ??
            (first.AcquisitionDateTime is { } acquired ? DateOnly.FromDateTime(acquired) : DateOnly.MinValue));
        var montage = Montage(r);
        var zones = new List<BarChartBar>();
        for (var z = 0; z < 3; z++) zones.Add(new($"R {LungSplit.ZoneNames[z]}", r.Split.RightZonesPercent[z]));
        for (var z = 0; z < 3; z++) zones.Add(new($"L {LungSplit.ZoneNames[z]}", r.Split.LeftZonesPercent[z]));

        var indication = r.Options.Indication ?? first.Header.ReasonForStudy;
        return new Report(header, r.Ventilation is null ? "Lung perfusion scintigraphy (Tc-99m MAA)" : "Lung ventilation/perfusion scintigraphy",
            indication, Technique(r, first))
        {
            Findings = Findings(r),
            Measurements = Measurements(r),
            Figures =
            [
                .. montage,
                new BarChartFigure("Perfusion by zone", "Geometric mean of ANT and POST; zones are thirds of each lung's height.", zones, "% of total perfusion")
                    { ReferenceValue = 100 / 6.0, ReferenceLabel = "equal share 16.7%" },
            ],
            Impression = r.EmbolismAssessment.DraftImpression + (r.ResectedFraction is not null ? $" Predicted postoperative function: {RiskText(r.Risk)}." : "")
                + (r.Shunt is { } si ? " " + ShuntImpression(si) : ""),
            Coding = r.Coding,
            QcNotes = [.. r.QualityChecks.Select(q => new QcNote(q.Status == QcStatus.Pass ? QcSeverity.Info : QcSeverity.Warning, q.Detail)),
                       .. r.Warnings.Select(w => new QcNote(QcSeverity.Warning, w)),
                       .. r.EmbolismAssessment.Caveats.Select(c => new QcNote(QcSeverity.Warning, c))],
            AdditionalElements = DocumentedElements(r, indication),
        };
    }

    private static ReportTechnique Technique(PulmonaryPerfusionResult r, Imaging.Studies.NmAcquisition first)
    {
        var o = r.Options;
        var rp = first.Radiopharmaceutical;
        var ventText = r.Ventilation is null ? "" : $" Ventilation with {r.Ventilation.Tracer} before perfusion, views {string.Join(", ", r.Ventilation.Views.Select(v => Label(v.Kind)))}.";
        return new ReportTechnique(
            $"Planar perfusion imaging after intravenous {r.Perfusion.Tracer}" + (o.InjectionPosition is { } pos ? $", injected {pos}" : "")
            + (o.ParticleNumber is { } pn ? $", {pn:N0} particles" : "") + $"; views {string.Join(", ", r.Perfusion.Views.Select(v => Label(v.Kind)))}.{ventText}"
            + " Split by the geometric mean of ANT and mirrored POST counts in automatic lung outlines" + (r.RoisEdited ? " (edited by the user)." : ".")
            + (r.WholeBody is not null ? " Whole-body ANT/POST scan for the right-to-left shunt fraction." : ""))
        {
            Radiopharmaceutical = r.Perfusion.Tracer,
            ActivityMBq = rp?.TotalDoseMBq,
            InjectionTime = rp?.StartDateTime,
            Acquisitions = r.Perfusion.Views.Concat(r.Ventilation?.Views ?? []).Where(v => v.Acquisition.AcquisitionDateTime is not null)
                .Select(v => new AcquisitionTiming($"{(r.Perfusion.Views.Contains(v) ? "Perfusion" : "Ventilation")} {Label(v.Kind)}", v.Acquisition.AcquisitionDateTime!.Value, v.DurationSeconds ?? 0))
                // One pass gives both whole-body views: one row, with the duration of the pass.
                .Concat(r.WholeBody?.Views.Take(1).Where(v => v.Acquisition.AcquisitionDateTime is not null)
                    .Select(v => new AcquisitionTiming("Whole body ANT/POST", v.Acquisition.AcquisitionDateTime!.Value, v.DurationSeconds ?? 0)) ?? [])
                .ToArray(),
            Collimator = first.Detectors.FirstOrDefault()?.CollimatorName,
            EnergyWindow = (first.PhotopeakWindow ?? first.EnergyWindows.FirstOrDefault()).ToReportWindow(),
            MatrixColumns = r.Rois.Columns,
            MatrixRows = r.Rois.Rows,
        };
    }

    private static List<Measurement> Measurements(PulmonaryPerfusionResult r)
    {
        var measurements = new List<Measurement>();
        var normalSplit = new ReferenceRange(52.5 - 2 * 2.1, 52.5 + 2 * 2.1, "(mean 52.5 ± 2.1%, ±2 SD) [Cheng2006]");
        // Read as a pulmonologist does: split, then each lung's zones top to bottom, ventilation, ppo values, shunt.
        string[] order = [LungMeasurementKeys.RightPercent, LungMeasurementKeys.LeftPercent,
            .. LungSplit.ZoneNames.Select(z => LungMeasurementKeys.Zone("right", z)), .. LungSplit.ZoneNames.Select(z => LungMeasurementKeys.Zone("left", z)),
            LungMeasurementKeys.VentilationRightPercent, LungMeasurementKeys.VentilationLeftPercent];
        foreach (var (key, mv) in r.Measurements.OrderBy(kv => Array.IndexOf(order, kv.Key) is var i && i >= 0 ? i : order.Length))
        {
            var name = key switch
            {
                LungMeasurementKeys.RightPercent => "Right lung perfusion",
                LungMeasurementKeys.LeftPercent => "Left lung perfusion",
                LungMeasurementKeys.VentilationRightPercent => "Right lung ventilation",
                LungMeasurementKeys.VentilationLeftPercent => "Left lung ventilation",
                LungMeasurementKeys.PpoFev1Litres => "ppoFEV1",
                LungMeasurementKeys.PpoFev1PercentPredicted => "%ppoFEV1 (predicted)",
                LungMeasurementKeys.PpoDlcoPercentPredicted => "%ppoDLCO (predicted)",
                LungMeasurementKeys.ShuntPercent => "Right-to-left shunt (whole-body GM)",
                LungMeasurementKeys.ShuntBrainPercent => "Right-to-left shunt (brain method)",
                _ => char.ToUpperInvariant(key[0]) + key[1..].Replace("_percent", "").Replace('_', ' ') + " zone perfusion",
            };
            var m = new Measurement(name, mv.Value ?? double.NaN, mv.Unit, mv.Method) { Decimals = key == LungMeasurementKeys.PpoFev1Litres ? 2 : 1 };
            if (key == LungMeasurementKeys.RightPercent) m = m with { Reference = normalSplit, Documents = ReportElement.QuantitativeDifferentialSplit };
            if (key.StartsWith("ppo_", StringComparison.Ordinal) && key != LungMeasurementKeys.PpoFev1Litres)
                m = m with { Reference = new ReferenceRange(60, null, "low risk; 30–60% exercise test; <30% CPET [Brunelli2013]") };
            if (key == LungMeasurementKeys.ShuntPercent)
                m = m with { Reference = new ReferenceRange(null, RightToLeftShunt.WholeBodyCutoffPercent, "(normal 6.6 ± 0.9%) [Ito2011]") };
            measurements.Add(m);
        }
        return measurements;
    }

    private static List<string> Findings(PulmonaryPerfusionResult r)
    {
        var o = r.Options;
        var findings = new List<string>
        {
            $"Perfusion split: right {r.Split.RightPercent:0.0}%, left {r.Split.LeftPercent:0.0}% (geometric mean ANT/POST).",
            $"Zones right upper/middle/lower {Z(r.Split.RightZonesPercent)}; left {Z(r.Split.LeftZonesPercent)} (% of both lungs).",
        };
        if (r.VentilationSplit is { } vs) findings.Add($"Ventilation split: right {vs.RightPercent:0.0}%, left {vs.LeftPercent:0.0}%.");
        findings.Add(r.Defects.Count == 0 ? "No segmental perfusion defect detected." : "Perfusion defects: " + string.Join("; ", r.Defects.Select(d => d.ToString())) + ".");
        findings.Add($"Proposed PE category (physician to confirm) — PISAPED [Miniati1996]: {r.EmbolismAssessment.Pisaped}; modified PIOPED II [Sostman2008]: {r.EmbolismAssessment.ModifiedPiopedII}.");
        if (r.Shunt is { } sh) findings.Add(ShuntText(sh));
        if (r.ResectedFraction is { } f)
            findings.Add($"Planned resection {string.Join(" + ", o.Resection)}: {f * 100:0.0}% of total perfusion; step in the ACCP algorithm [Brunelli2013]: {RiskText(r.Risk)}.");
        if (o.RadiographCorrelation is { } rad) findings.Add("Radiograph/CT correlation: " + rad);
        return findings;
    }

    // Perfusion and ventilation views four to a row with the lung outlines, then the whole-body pair for the shunt.
    private static List<ReportFigure> Montage(PulmonaryPerfusionResult r)
    {
        var montage = new List<ReportFigure>();
        foreach (var (views, prefix, name) in new[] { (r.Perfusion, "Q", "Perfusion"), (r.Ventilation, "V", "Ventilation") })
        {
            if (views is null) continue;
            var panels = new List<ImagePanel>();
            foreach (var v in views.Views)
            {
                var img = new GrayImage(v.Image.Width, v.Image.Height, v.Image.Pixels);
                IReadOnlyList<Overlay> overlays = v.Kind switch
                {
                    ViewKind.Anterior when v.Image.Width == r.Rois.Columns => Outlines(r.Rois.RightMask, r.Rois.LeftMask, r.Rois.Rows, r.Rois.Columns),
                    ViewKind.Posterior when v.Image.Width == r.Rois.Columns => Outlines(LungRoiSegmenter.MirrorColumns(r.Rois.RightMask, r.Rois.Rows, r.Rois.Columns),
                        LungRoiSegmenter.MirrorColumns(r.Rois.LeftMask, r.Rois.Rows, r.Rois.Columns), r.Rois.Rows, r.Rois.Columns),
                    _ => [],
                };
                panels.Add(new ImagePanel($"{prefix} {Label(v.Kind)}", img, overlays));
            }
            // Four views per row, as the pairs are read: ANT/POST with the lung outlines first, then the obliques and laterals.
            for (var i = 0; i < panels.Count; i += 4)
                montage.Add(new ImagePanelsFigure(i == 0 ? $"{name} views" + (prefix == "Q" ? " with lung ROIs (R yellow, L cyan)" : "") : $"{name} views (continued)",
                    i == 0 && prefix == "Q" ? "Each view scaled to its own maximum; POST shown as acquired, its ROIs mirrored." : null,
                    panels.Skip(i).Take(4).ToArray()));
        }
        if (r.WholeBody is { } wb && r.Shunt is { } shunt && wb.Find(ViewKind.Anterior) is { } wa && wb.Find(ViewKind.Posterior) is { } wp)
        {
            int rows = shunt.LungRois.Rows, cols = shunt.LungRois.Columns;
            Overlay[] Head(bool mirrored) => shunt.HeadLastRow is { } h ? [new RectangleOverlay("head", OverlayColour.Green, 0, 0, cols, h + 1)] : [];
            Overlay[] antRois = [.. Outlines(shunt.LungRois.RightMask, shunt.LungRois.LeftMask, rows, cols), .. Head(false)];
            Overlay[] postRois = [.. Outlines(LungRoiSegmenter.MirrorColumns(shunt.LungRois.RightMask, rows, cols), LungRoiSegmenter.MirrorColumns(shunt.LungRois.LeftMask, rows, cols), rows, cols), .. Head(true)];
            // The second pair saturates the lungs so that brain, kidney, thyroid and stomach uptake can be seen.
            double antMax = wa.Image.Pixels.Max(), postMax = wp.Image.Pixels.Max();
            montage.Add(new ImagePanelsFigure("Whole-body scan with lung and head ROIs (shunt fraction)",
                $"Left pair scaled to each view's maximum; right pair windowed to {100 * ExtrapulmonaryWindow:0}% of it to show extrapulmonary uptake. POST shown as acquired, its ROIs mirrored.",
            [
                new ImagePanel("WB ANT", new GrayImage(cols, rows, wa.Image.Pixels), antRois),
                new ImagePanel("WB POST", new GrayImage(cols, rows, wp.Image.Pixels), postRois),
                new ImagePanel($"WB ANT {100 * ExtrapulmonaryWindow:0}%", new GrayImage(cols, rows, wa.Image.Pixels), []) { WindowLower = 0, WindowUpper = ExtrapulmonaryWindow * antMax },
                new ImagePanel($"WB POST {100 * ExtrapulmonaryWindow:0}%", new GrayImage(cols, rows, wp.Image.Pixels), []) { WindowLower = 0, WindowUpper = ExtrapulmonaryWindow * postMax },
            ]));
        }
        return montage;
    }

    private static HashSet<ReportElement> DocumentedElements(PulmonaryPerfusionResult r, string indication)
    {
        var o = r.Options;
        var extra = new HashSet<ReportElement> { ReportElement.PerfusionViews, ReportElement.PerfusionDefectsBySegment, ReportElement.CategoryUnderNamedScheme };
        if (o.ParticleNumber is not null) extra.Add(ReportElement.ParticleNumber);
        if (o.InjectionPosition is not null) extra.Add(ReportElement.InjectionPosition);
        if (o.RadiographCorrelation is not null) extra.Add(ReportElement.RadiographCorrelation);
        if (indication.Length > 0) extra.Add(ReportElement.Indication);
        if (r.Ventilation is not null) extra.Add(ReportElement.VentilationImages);
        if (r.VentilationSplit is not null) extra.Add(ReportElement.VentilationPerfusionComparison);
        return extra;
    }

    /// <summary>Upper window of the whole-body views that show extrapulmonary uptake, as a fraction of the view's maximum.</summary>
    private const double ExtrapulmonaryWindow = 0.12;

    private static string ShuntText(RightToLeftShunt s) =>
        $"Right-to-left shunt fraction {s.WholeBodyPercent:0.0}% by the whole-body geometric-mean method [Ito2011] (cut-off {RightToLeftShunt.WholeBodyCutoffPercent:0}%, normal 6.6 ± 0.9%)"
        + (s.BrainPercent is { } b ? $"; brain method {b:0.0}% (brain taken as 13% of cardiac output) [Abrams1998]" : "")
        + (s.BrainPercent is null ? "; head not in the field, brain uptake not assessed."
            : s.BrainUptakeSeen switch { true => "; brain uptake present.", false => "; no brain uptake above background.", null => "; brain uptake not assessed (the scan does not reach the thighs)." });

    private static string ShuntImpression(RightToLeftShunt s) =>
        s.WholeBodyPercent < RightToLeftShunt.WholeBodyCutoffPercent
            ? $"No significant right-to-left shunt ({s.WholeBodyPercent:0.0}%, whole-body method)."
            : s.BrainUptakeSeen is null ? $"Extrapulmonary activity {s.WholeBodyPercent:0.0}% (whole-body method); brain uptake not assessed, a true shunt is not proven."
            : s.BrainUptakeSeen == true ? $"Right-to-left shunt {s.WholeBodyPercent:0.0}% (whole-body method; brain method {s.BrainPercent:0.0}%), with brain uptake."
            : $"Extrapulmonary activity {s.WholeBodyPercent:0.0}% without brain uptake: free pertechnetate more likely than a right-to-left shunt.";

    private static string Z(IReadOnlyList<double> z) => $"{z[0]:0.0}/{z[1]:0.0}/{z[2]:0.0}%";

    private static string RiskText(PostoperativeRisk risk) => risk switch
    {
        PostoperativeRisk.Low => "%ppoFEV1 and %ppoDLCO both >60%: low risk, no further tests",
        PostoperativeRisk.ExerciseTestAdvised => "%ppoFEV1 or %ppoDLCO 30–60%: low-technology exercise test (stair climb >22 m or shuttle walk >400 m)",
        PostoperativeRisk.CardiopulmonaryExerciseTestAdvised => "%ppoFEV1 or %ppoDLCO <30%: formal cardiopulmonary exercise test",
        _ => "not assessed (FEV1 and DLCO in % predicted both needed)",
    };

    private static string Label(ViewKind k) => k switch
    {
        ViewKind.Anterior => "ANT", ViewKind.Posterior => "POST", ViewKind.RightAnteriorOblique => "RAO", ViewKind.LeftAnteriorOblique => "LAO",
        ViewKind.RightPosteriorOblique => "RPO", ViewKind.LeftPosteriorOblique => "LPO", ViewKind.RightLateral => "R LAT", ViewKind.LeftLateral => "L LAT",
        _ => k.ToString(),
    };

    private static Overlay[] Outlines(bool[] right, bool[] left, int rows, int cols) =>
        [new PolygonOverlay("R", OverlayColour.Yellow, Outline(right, rows, cols)), new PolygonOverlay("L", OverlayColour.Cyan, Outline(left, rows, cols))];

    /// <summary>A closed outline: the first column of each row downwards, then the last column of each row upwards (pixel edges).</summary>
    private static PixelPoint[] Outline(bool[] mask, int rows, int cols)
    {
        var leftEdge = new List<PixelPoint>(); var rightEdge = new List<PixelPoint>();
        for (var r = 0; r < rows; r++)
        {
            int a = -1, b = -1;
            for (var c = 0; c < cols; c++) if (mask[r * cols + c]) { if (a < 0) a = c; b = c; }
            if (a < 0) continue;
            leftEdge.Add(new(a, r)); leftEdge.Add(new(a, r + 1));
            rightEdge.Add(new(b + 1, r)); rightEdge.Add(new(b + 1, r + 1));
        }
        rightEdge.Reverse();
        return [.. leftEdge, .. rightEdge];
    }
}
