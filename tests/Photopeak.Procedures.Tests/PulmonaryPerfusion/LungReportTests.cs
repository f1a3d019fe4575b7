using Photopeak.Coding.Documentation;
using Photopeak.Procedures.PulmonaryPerfusion;
using Photopeak.Reporting.Figures;
using Photopeak.Reporting.Rendering;
using Photopeak.Reporting.Rendering.Pdf;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>The draft report: content, documentation check against the codes, and rendering.</summary>
[Collection(SimulatedLungStudies.Collection)]
public class LungReportTests(SimulatedLungStudies fixture)
{
    private static readonly PulmonaryPerfusionOptions Complete = new()
    {
        Indication = "Right lower lobe carcinoma; preoperative assessment. Dyspnoea; exclude pulmonary embolism.",
        Fev1Litres = 2.1, Fev1PercentPredicted = 72, DlcoPercentPredicted = 64, Resection = ["RLL"],
        ParticleNumber = 300_000, InjectionPosition = "supine", RadiographCorrelation = "Chest radiograph: no consolidation or effusion.",
    };

    [Fact]
    public void Report_documents_every_element_of_78598_when_the_physician_supplies_the_clinical_items()
    {
        var s = fixture.Studies.First(x => x.Ventilation && x.Defects.Count > 0);
        var r = PulmonaryPerfusionProcedure.Analyse(s.Study, Complete);
        var report = PulmonaryPerfusionProcedure.BuildReport(r);
        Assert.Equal(["78598"], report.Coding!.Codes.Select(c => c.Code));
        Assert.True(report.DocumentationCheck.IsComplete, string.Join("; ", report.DocumentationCheck.Missing));
        var panels = report.Figures.OfType<ImagePanelsFigure>().SelectMany(f => f.Panels).ToArray();
        Assert.Equal(16, panels.Length);
        Assert.Equal(2, panels.Single(p => p.Label == "Q ANT").Overlays.Count);
        Assert.Equal(2, panels.Single(p => p.Label == "Q POST").Overlays.Count);
        Assert.Contains(report.Measurements, m => m.Name == "ppoFEV1" && Math.Abs(m.Value - r.Measurements["ppo_fev1_litres"].Value!.Value) < 1e-12);
        Assert.Contains("mismatched", string.Join(" ", report.Findings));

        var pdf = PdfReportRenderer.Render(report);
        Assert.True(pdf.Length > 10_000);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "photopeak-lung-report.pdf"), pdf);
    }

    [Fact]
    public void Documentation_check_lists_what_the_report_lacks()
    {
        var s = fixture.Studies.First(x => !x.Ventilation);
        var report = PulmonaryPerfusionProcedure.BuildReport(PulmonaryPerfusionProcedure.Analyse(s.Study, new PulmonaryPerfusionOptions()));
        Assert.Equal(["78597"], report.Coding!.Codes.Select(c => c.Code));
        var missing = report.DocumentationCheck.Missing.Select(m => m.Element).ToArray();
        Assert.Equal([ReportElement.Indication, ReportElement.ParticleNumber, ReportElement.InjectionPosition, ReportElement.RadiographCorrelation], missing);
    }

    [Fact]
    public void Normal_study_gets_a_normal_draft_impression()
    {
        var s = fixture.Studies.First(x => x.Defects.Count == 0);
        var r = PulmonaryPerfusionProcedure.Analyse(s.Study, Complete);
        Assert.Empty(r.Defects);
        Assert.Equal("normal", r.EmbolismAssessment.Pisaped);
        Assert.StartsWith("Normal perfusion", PulmonaryPerfusionProcedure.BuildReport(r).Impression);
    }
}
