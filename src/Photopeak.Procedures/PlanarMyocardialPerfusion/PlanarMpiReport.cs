using System.Globalization;
using Photopeak.Coding.Documentation;
using Photopeak.Coding.Rules;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Model;
using K = Photopeak.Procedures.PlanarMyocardialPerfusion.MpiMeasurementKeys;
using ReportEnergyWindow = Photopeak.Reporting.Model.EnergyWindow;
using ReportMeasurement = Photopeak.Reporting.Model.Measurement;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>The draft planar MPI report: stress and rest side by side per view (each normalised to its myocardial maximum),
/// the defect list with reversibility, LHR and TID with their limits, QC and a draft impression.</summary>
internal static class PlanarMpiReport
{
    public static Report Build(IReadOnlyList<PerfusionImage> images, PlanarMpiFindings f, ProcedureResult r, CodingResult coding)
    {
        var first = images[0].Acquisition;
        var header = first.Header.ToReportHeader(first.StudyDate ?? DateOnly.FromDateTime(first.AcquisitionDateTime ?? DateTime.Today));
        var rp = first.Radiopharmaceutical;
        var peak = first.PhotopeakWindowNumber is { } w ? first.EnergyWindows.First(e => e.Number == w) : null;
        var technique = new ReportTechnique("Planar myocardial perfusion imaging: " + r.Findings["views"] + ". Stress type, adequacy (heart rate, blood pressure, symptoms, ECG) are not in the DICOM header and must be added.")
        {
            Radiopharmaceutical = rp?.Name,
            ActivityMBq = rp?.TotalDoseMBq,
            InjectionTime = rp?.StartDateTime,
            Acquisitions = images.Select(i => i.Acquisition).Distinct().Where(a => a.AcquisitionDateTime is not null)
                .Select(a => new AcquisitionTiming(a.SeriesDescription ?? "planar", a.AcquisitionDateTime!.Value, (a.ActualFrameDurationMs ?? 0) / 1000)).ToList(),
            EnergyWindow = peak is null ? null : new ReportEnergyWindow(Math.Round(peak.CentreKeV, 1), Math.Round(peak.WidthPercent, 1)),
            MatrixColumns = images[0].Columns, MatrixRows = images[0].Rows,
        };
        var m = r.Measurements;
        var measurements = new List<ReportMeasurement>();
        if (f.LungHeartRatio is { } lhr)
            measurements.Add(new ReportMeasurement("Lung/heart ratio (stress ANT)", lhr, "", m[K.LungHeartRatio].Method)
                { Documents = ReportElement.LungHeartRatio, Reference = new ReferenceRange(null, PlanarMpiProcedure.LungHeartRatioLimit, "[Hansen1999] (Tl-201 exercise)") });
        if (f.TidRatio is { } tid)
            measurements.Add(new ReportMeasurement("TID (planar, ANT)", tid, "", m[K.TidRatio].Method)
                { Documents = ReportElement.TransientIschaemicDilation, Reference = new ReferenceRange(null, PlanarMpiProcedure.TidLimit, "[Weiss1987]") });
        foreach (var key in new[] { K.StressDefectExtentPercent, K.RestDefectExtentPercent })
            if (m[key].Value is { } v)
                measurements.Add(new ReportMeasurement(key == K.StressDefectExtentPercent ? "Profile below normal, stress" : "Profile below normal, rest", v, "%", m[key].Method)
                    { Decimals = 0, Documents = ReportElement.PerfusionQuantification });
        var findings = new List<string>
        {
            "Perfusion defects (view, wall: state, extent of the wall's profile below the normal limit, severity = mean shortfall below the normal mean): " + r.Findings["defects"] + ".",
            $"Method: {r.Methods["profiles"]}. {r.Methods["defect"]}. LV centre {r.Methods["lv_centre"]}.",
            "Wall motion and ejection fraction need gated frames, which this study does not hold.",
            "Limitations: planar imaging superimposes walls; breast and diaphragm attenuation and subdiaphragmatic activity can mimic defects; the normal limits are simulated, not the site's.",
        };
        var defects = f.Defects.Where(d => d.State != DefectState.RestOnly).ToList();
        var impression = defects.Count == 0
            ? "No perfusion defect beyond the normal limits."
            : string.Join("; ", defects.Select(d => $"{PlanarMpiProcedure.StateName(d.State)} defect, {PerfusionImage.ViewLabel(d.View)} {d.Wall}")) + ".";
        if (f.TidRatio is > PlanarMpiProcedure.TidLimit) impression += Inv($" TID {f.TidRatio:0.00}: transient ischaemic dilation.");
        impression += " Draft: to be reviewed and signed by the physician.";
        var qcNotes = r.Qc.Select(q => new QcNote(q.Status == QcStatus.Pass ? QcSeverity.Info : QcSeverity.Warning, $"{q.Name}: {q.Detail}"))
            .Concat(r.Warnings.Select(w => new QcNote(QcSeverity.Warning, w))).ToList();
        return new Report(header, "Planar myocardial perfusion imaging", first.Header.ReasonForStudy, technique)
        {
            Findings = findings,
            Measurements = measurements,
            Figures = Figures(images),
            Impression = impression,
            QcNotes = qcNotes,
            AdditionalElements = new HashSet<ReportElement> { ReportElement.PerfusionViews, ReportElement.PerfusionDefects, ReportElement.Reversibility, ReportElement.ImageQuality },
            Coding = coding,
        };
    }

    // Stress and rest of each view side by side, each image windowed to its own 99.5th-percentile (its myocardial maximum:
    // the liver or gut can be hotter, and would otherwise set the scale).
    private static List<ReportFigure> Figures(IReadOnlyList<PerfusionImage> images)
    {
        var figures = new List<ReportFigure>();
        foreach (var view in Enum.GetValues<MpiView>())
        {
            var panels = images.Where(i => i.View == view).OrderBy(i => i.State)
                .Select(i => new ImagePanel(i.Name, new GrayImage(i.Columns, i.Rows, i.Pixels), []) { WindowLower = 0, WindowUpper = Percentile(i.Pixels, 0.995) })
                .ToList();
            if (panels.Count > 0) figures.Add(new ImagePanelsFigure($"{PerfusionImage.ViewLabel(view)}: stress and rest", "Each image scaled to its own maximum.", panels));
        }
        return figures;
    }

    private static double Percentile(float[] values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[(int)Math.Clamp(q * (sorted.Length - 1), 0, sorted.Length - 1)];
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
