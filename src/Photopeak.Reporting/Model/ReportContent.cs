using Photopeak.Coding.Documentation;
using Photopeak.Reporting.Figures;

namespace Photopeak.Reporting.Model;

/// <summary>Derives which report elements a report contains from its structured content.</summary>
public static class ReportContent
{
    /// <summary>The elements present: structured fields that are filled, measurement and figure tags, and the declared extras.</summary>
    public static IReadOnlySet<ReportElement> ElementsOf(Report report)
    {
        var set = new HashSet<ReportElement>(report.AdditionalElements);
        var t = report.Technique;
        if (!string.IsNullOrWhiteSpace(report.Indication)) set.Add(ReportElement.Indication);
        if (!string.IsNullOrWhiteSpace(t.Radiopharmaceutical)) set.Add(ReportElement.Radiopharmaceutical);
        if (t.ActivityMBq is > 0) set.Add(ReportElement.AdministeredActivity);
        if (t.InjectionTime is not null) set.Add(ReportElement.InjectionTime);
        if (t.Acquisitions.Count > 0) set.Add(ReportElement.AcquisitionTimes);
        if (!string.IsNullOrWhiteSpace(t.Collimator)) set.Add(ReportElement.Collimator);
        if (t.EnergyWindow is not null) set.Add(ReportElement.EnergyWindow);
        if (t.Matrix is not null) set.Add(ReportElement.Matrix);
        if (report.Findings.Any(f => !string.IsNullOrWhiteSpace(f))) set.Add(ReportElement.Findings);
        if (!string.IsNullOrWhiteSpace(report.Impression)) set.Add(ReportElement.Impression);
        foreach (var figure in report.Figures)
        {
            if (figure is ImagePanelsFigure) set.Add(ReportElement.Images);
            if (figure is PolarMapFigure) set.Add(ReportElement.SegmentScores);
        }
        foreach (var m in report.Measurements)
        {
            if (m.Documents is { } e && double.IsFinite(m.Value)) set.Add(e);
            if (m.Reference is { Source.Length: > 0 }) set.Add(ReportElement.ThresholdsWithSources);
        }
        return set;
    }
}
