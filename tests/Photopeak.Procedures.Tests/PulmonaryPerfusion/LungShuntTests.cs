using System.Globalization;
using System.Text;
using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PulmonaryPerfusion;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>Right-to-left shunt fraction on simulated whole-body MAA scans against the simulator's noiseless truth (CLINICAL §6: ±1 point).</summary>
public class LungShuntTests(SimulatedShuntStudies fixture, ITestOutputHelper output) : IClassFixture<SimulatedShuntStudies>
{
    [Fact]
    public void Shunt_fraction_is_within_one_point_of_truth_for_shunts_of_0_to_20_percent()
    {
        var table = new StringBuilder("seed  shunt  free | WB truth  meas   err | brain truth  meas   err | physical extrapulmonary\n");
        double worstWb = 0, worstBrain = 0;
        foreach (var s in fixture.Studies.Where(x => x.FreePertechnetatePercent == 3))
        {
            var r = PulmonaryPerfusionProcedure.Analyse(s.Study, new PulmonaryPerfusionOptions());
            var wb = r.Measurements["shunt_percent"].Value!.Value; var wbTruth = s.Truth["shunt.wholeBody.expectedPercent"];
            var br = r.Measurements["shunt_brain_percent"].Value!.Value; var brTruth = s.Truth["shunt.brain.expectedPercent"];
            worstWb = Math.Max(worstWb, Math.Abs(wb - wbTruth)); worstBrain = Math.Max(worstBrain, Math.Abs(br - brTruth));
            table.AppendLine(FormattableString.Invariant(
                $"{s.Seed,4} {s.ShuntPercent,6:0} {s.FreePertechnetatePercent,5:0} | {wbTruth,8:0.00} {wb,6:0.00} {wb - wbTruth,+6:0.00;-0.00} | {brTruth,11:0.00} {br,6:0.00} {br - brTruth,6:+0.00;-0.00} | {s.Truth["shunt.physicalPercent"],8:0.0} {s.Truth["shunt.extrapulmonaryActivityPercent"],6:0.0}"));
        }
        table.AppendLine(FormattableString.Invariant($"worst |error| whole-body {worstWb:0.00} points, brain {worstBrain:0.00} points (tolerance 1.0)"));
        output.WriteLine(table.ToString());
        Assert.True(worstWb <= 1.0, table.ToString());
        Assert.True(worstBrain <= 1.0, table.ToString());
    }

    [Fact]
    public void Free_pertechnetate_without_brain_uptake_is_flagged_and_a_true_shunt_is_not()
    {
        foreach (var s in fixture.Studies.Where(x => x.FreePertechnetatePercent == 15 || x.ShuntPercent >= 10))
        {
            var r = PulmonaryPerfusionProcedure.Analyse(s.Study, new PulmonaryPerfusionOptions());
            Assert.True(r.Measurements["shunt_percent"].Value >= RightToLeftShunt.WholeBodyCutoffPercent, $"seed {s.Seed}: apparent shunt above the cut-off");
            var flagged = r.Warnings.Any(w => w.Contains("free pertechnetate", StringComparison.Ordinal));
            Assert.Equal(s.ShuntPercent == 0, flagged);
            Assert.Equal(s.ShuntPercent > 0, r.Shunt!.BrainUptakeSeen);
            if (s.ShuntPercent == 0) Assert.Contains(r.Warnings, w => w.Contains("thyroid uptake", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Shunt_is_reported_only_when_a_whole_body_scan_was_acquired()
    {
        var s = fixture.Studies.First(x => x.ShuntPercent == 10);
        var r = PulmonaryPerfusionProcedure.Analyse(s.Study, new PulmonaryPerfusionOptions());
        var json = PulmonaryPerfusionResultJson.Serialize(r);
        Assert.Contains("\"shunt_percent\"", json);
        Assert.Equal(8, r.Perfusion.Views.Count);
        Assert.Equal(2, r.WholeBody!.Views.Count);
        var report = PulmonaryPerfusionProcedure.BuildReport(r);
        Assert.Contains(report.Measurements, m => m.Name.StartsWith("Right-to-left shunt", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Contains("shunt", StringComparison.OrdinalIgnoreCase) && f.Contains("[Ito2011]", StringComparison.Ordinal));
        var wb = report.Figures.OfType<Photopeak.Reporting.Figures.ImagePanelsFigure>().Single(f => f.Title.StartsWith("Whole-body", StringComparison.Ordinal));
        Assert.Equal(4, wb.Panels.Count);
        Assert.Equal(3, wb.Panels[0].Overlays.Count);
        Assert.Contains(report.Technique.Acquisitions, a => a.Label == "Whole body ANT/POST");
        Assert.Contains("Right-to-left shunt", report.Impression);
    }

    /// <summary>The study of a directory with the whole-body file changed by <paramref name="change"/> (or left out when it returns false).</summary>
    private static Study WithWholeBody(string directory, Func<DicomDataset, bool> change, bool staticViews = true)
    {
        var acquisitions = new List<NmAcquisition>();
        foreach (var path in Directory.GetFiles(directory, "*.dcm").Order())
        {
            var file = DicomFile.Open(path);
            if (Path.GetFileName(path) == "wb_ant_post.dcm") { if (!change(file.Dataset)) continue; }
            else if (!staticViews) continue;
            acquisitions.Add(NmAcquisition.FromFile(file));
        }
        return new Study("1.2.3", acquisitions.Select((a, i) => new Series($"1.2.3.{i}", [a], [])).ToArray());
    }

    [Fact]
    public void A_whole_body_scan_without_its_posterior_view_costs_the_shunt_with_a_warning_naming_the_view()
    {
        var s = fixture.Studies.First(x => x.ShuntPercent == 10);
        var study = WithWholeBody(s.Directory, ds =>
        {
            var view = ds.GetSequence(DicomTags.DetectorInformationSequence)[1].GetItem(DicomTags.ViewCodeSequence)!;
            view.Set(DicomTags.CodeValue, "R-10220").Set(DicomTags.CodeMeaning, "left anterior oblique");
            return true;
        });
        var r = PulmonaryPerfusionProcedure.Analyse(study, new PulmonaryPerfusionOptions());
        Assert.False(r.Measurements.ContainsKey("shunt_percent"));
        Assert.Contains(r.Warnings, w => w.Contains("whole-body", StringComparison.Ordinal) && w.Contains("posterior (POST)", StringComparison.Ordinal));
        Assert.True(r.Measurements.ContainsKey("lung_right_percent"));
    }

    [Fact]
    public void A_whole_body_scan_without_pixel_spacing_is_named()
    {
        var s = fixture.Studies.First(x => x.ShuntPercent == 10);
        var r = PulmonaryPerfusionProcedure.Analyse(WithWholeBody(s.Directory, ds => { ds.Remove(DicomTags.PixelSpacing); return true; }), new PulmonaryPerfusionOptions());
        Assert.False(r.Measurements.ContainsKey("shunt_percent"));
        Assert.Contains(r.Warnings, w => w.Contains("Pixel Spacing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_whole_body_scan_alone_is_refused_naming_the_missing_static_views()
    {
        var s = fixture.Studies.First(x => x.ShuntPercent == 10);
        var ex = Assert.Throws<StudyValidationException>(() => PulmonaryPerfusionProcedure.Analyse(WithWholeBody(s.Directory, _ => true, staticViews: false), new PulmonaryPerfusionOptions()));
        Assert.Contains("no static lung views", ex.Message);
    }
}
