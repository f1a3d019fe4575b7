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
    public void Shunt_fraction_is_within_one_point_of_truth_for_shunts_of_0_to_40_percent()
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
        // Systemic particles (heart, kidneys, liver) project onto the lungs: the split must still hold its ±1 point.
        var worstSplit = fixture.Studies.Max(x => Math.Abs(PulmonaryPerfusionProcedure.Analyse(x.Study, new PulmonaryPerfusionOptions()).Measurements["lung_right_percent"].Value!.Value
            - x.Truth["perf.lung.right.expectedPercent"]));
        table.AppendLine(FormattableString.Invariant($"worst |error| of the right-lung split in these studies {worstSplit:0.00} points (tolerance 1.0)"));
        Assert.True(worstSplit <= 1.0, table.ToString());
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

    [Fact]
    public void Head_region_ends_at_the_neck_row_of_the_phantom()
    {
        foreach (var s in fixture.Studies.Where(x => x.FreePertechnetatePercent == 3))
        {
            var r = PulmonaryPerfusionProcedure.Analyse(s.Study, new PulmonaryPerfusionOptions());
            // The least-count neck row lies 2 rows (18 mm) below the phantom's head–neck junction, 3 with a 40 % shunt's brighter head.
            Assert.InRange(r.Shunt!.HeadLastRow!.Value, s.Truth["shunt.wholeBody.headLastRow"], s.Truth["shunt.wholeBody.headLastRow"] + 3);
        }
    }

    private static (float[] Ant, float[] PostMirrored, int Rows, int Cols, double PixelMm) WholeBodyImages(SimulatedShuntStudy s)
    {
        var r = PulmonaryPerfusionProcedure.Analyse(s.Study, new PulmonaryPerfusionOptions());
        var ant = r.WholeBody!.Find(Photopeak.Imaging.Acquisitions.ViewKind.Anterior)!;
        var post = r.WholeBody.Find(Photopeak.Imaging.Acquisitions.ViewKind.Posterior)!;
        int rows = ant.Image.Height, cols = ant.Image.Width;
        return (ant.Image.Pixels, LungRoiSegmenter.MirrorColumns(post.Image.Pixels, rows, cols), rows, cols, ant.Acquisition.PixelSpacingMm!.Value.RowMm);
    }

    private static float[] Rows(float[] image, int cols, int first, int count) => image.AsSpan(first * cols, count * cols).ToArray();

    [Fact]
    public void A_scan_that_cuts_the_top_of_the_head_gives_no_brain_method()
    {
        var s = fixture.Studies.First(x => x.ShuntPercent == 10);
        var (ant, post, rows, cols, px) = WholeBodyImages(s);
        var headLast = (int)s.Truth["shunt.wholeBody.headLastRow"];
        int cut = headLast / 2; // through the middle of the head
        var m = RightToLeftShunt.Measure(Rows(ant, cols, cut, rows - cut), Rows(post, cols, cut, rows - cut), rows - cut, cols, px);
        Assert.Null(m.BrainPercent);
        Assert.Contains("top of the head", m.HeadNote);
        var whole = RightToLeftShunt.Measure(ant, post, rows, cols, px);
        Assert.InRange(m.WholeBodyPercent, whole.WholeBodyPercent - 2, whole.WholeBodyPercent); // the cut-off skull's counts are missing
    }

    [Fact]
    public void A_scan_that_stops_above_the_thighs_does_not_judge_brain_uptake()
    {
        var s = fixture.Studies.First(x => x.ShuntPercent == 0 && x.FreePertechnetatePercent == 15);
        var (ant, post, rows, cols, px) = WholeBodyImages(s);
        int keep = (int)(900 / px); // vertex to the pelvis
        var m = RightToLeftShunt.Measure(Rows(ant, cols, 0, keep), Rows(post, cols, 0, keep), keep, cols, px);
        Assert.NotNull(m.BrainPercent);
        Assert.Null(m.BrainToThighRatio);
        Assert.Null(m.BrainUptakeSeen); // not judged: neither proof of a shunt nor a sign of free pertechnetate
        Assert.Contains("not vertex to feet", m.ThighNote);
    }

    [Fact]
    public void A_whole_body_scan_stored_feet_first_is_turned_before_the_head_is_sought()
    {
        var s = fixture.Studies.First(x => x.ShuntPercent == 10);
        // The same scan stored feet at the top: pixel rows reversed in both frames and the column direction pointing to the head.
        var study = WithWholeBody(s.Directory, ds =>
        {
            int rows = ds.GetInt32(DicomTags.Rows)!.Value, cols = ds.GetInt32(DicomTags.Columns)!.Value, frames = ds.GetInt32(DicomTags.NumberOfFrames) ?? 1;
            var element = ds[DicomTags.PixelData]!;
            var bytes = element.Value.ToArray(); var flipped = new byte[bytes.Length];
            int rowBytes = cols * ds.GetInt32(DicomTags.BitsAllocated)!.Value / 8;
            for (int f = 0; f < frames; f++)
                for (int r = 0; r < rows; r++)
                    Array.Copy(bytes, (f * rows + r) * rowBytes, flipped, (f * rows + rows - 1 - r) * rowBytes, rowBytes);
            ds.SetBytes(DicomTags.PixelData, element.VR, flipped);
            foreach (var item in ds.GetSequence(DicomTags.DetectorInformationSequence))
            {
                var o = item.GetDoubles(DicomTags.ImageOrientationPatient);
                item.SetNumbers(DicomTags.ImageOrientationPatient, o[0], o[1], o[2], 0, 0, 1);
            }
            return true;
        });
        var r = PulmonaryPerfusionProcedure.Analyse(study, new PulmonaryPerfusionOptions());
        var original = PulmonaryPerfusionProcedure.Analyse(s.Study, new PulmonaryPerfusionOptions());
        Assert.Contains(r.QualityChecks, q => q.Detail.Contains("flipped", StringComparison.Ordinal));
        Assert.Equal(original.Measurements["shunt_brain_percent"].Value!.Value, r.Measurements["shunt_brain_percent"].Value!.Value, 1e-6);
        Assert.Equal(original.Measurements["shunt_percent"].Value!.Value, r.Measurements["shunt_percent"].Value!.Value, 1e-6);
    }
}
