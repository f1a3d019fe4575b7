using System.Globalization;
using System.Text;
using Photopeak.Dicom;
using Photopeak.Procedures.CardiacSympathetic;
using Photopeak.Procedures.Results;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.CardiacSympathetic;

/// <summary>
/// End-to-end accuracy of the mIBG procedure on seeded simulated patients (Photopeak.Simulation, reduced settings: 8 mm
/// phantom, 64² planar at 8 mm, 600 s frames, Poisson noise, LEHR and ME collimators with I-123 septal penetration).
/// Tolerances (CLINICAL §6, our choice): H/M with the truth ROIs ±0.05 of the noiseless truth (simulator circle), with automatic
/// ROIs ±0.08 of the noiseless truth over the heart's true silhouette (the automatic ROI is a silhouette polygon since issue 12.1);
/// washout ±3 points (with background: scaled by the HMe/(HMe − 1) error gain below early H/M 1.5, doubled for automatic ROIs); ME-standardised late H/M of one patient through LEHR and ME within 0.10 (with site-calibrated CCs).
/// </summary>
public class MibgAccuracyTests(ITestOutputHelper output)
{
    // 22 patients: late H/M (ME-equivalent, simulator input) 1.2–3.0, early/late ratio chosen for washout ~5–50%.
    public static IEnumerable<object[]> Patients() => Enumerable.Range(0, 22).Select(i =>
    {
        var hmLate = 1.2 + 1.8 * i / 21.0;
        var ratio = 0.85 + 0.65 * ((i * 7) % 11) / 10.0; // early H/M = late × 0.85–1.5 (washout ~5–50%)
        return new object[] { 100 + i, i % 2 == 0 ? "LEHR" : "ME", Math.Round(Math.Max(1.15, hmLate * ratio), 3), Math.Round(hmLate, 3) };
    });

    private static readonly object TableLock = new();

    [Fact]
    public void Heart_to_mediastinum_and_washout_agree_with_truth_over_22_simulated_patients()
    {
        var table = new StringBuilder();
        table.AppendLine("seed coll  | HMe truth  truthROI  auto   | HMl truth  truthROI  auto   | WR truth  auto  | WRbg truth  auto  | HMl std  cat          | cpt");
        var failures = new List<string>();
        var rows = new string[22];
        var patients = Patients().ToArray();
        Parallel.For(0, patients.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var (seed, coll, hmE, hmL) = ((int)patients[i][0], (string)patients[i][1], (double)patients[i][2], (double)patients[i][3]);
            using var p = new SimulatedMibgPatient(seed, coll, hmE, hmL);
            var auto = MibgProcedure.Run(p.Directory);
            var pixel = auto.Inputs.Early.PixelMm;
            var truthRoi = MibgProcedure.Run(p.Directory, p.TruthRois(pixel));
            double tE = p.Quantity("hm.early.expected"), tL = p.Quantity("hm.late.expected");
            double tWr = p.Quantity("washout.noBackground.expectedPercent"), tWrBg = p.Quantity("washout.background.expectedPercent");
            // The automatic heart ROI is the silhouette polygon (issue 12.1): its truth is the same image over the LV's true
            // silhouette, not the simulator's circle (CLINICAL §6: H/M with the same ROI geometry).
            double sE = p.Quantity("hm.early.silhouette"), sL = p.Quantity("hm.late.silhouette");
            double sWr = p.Quantity("washout.noBackground.silhouettePercent"), sWrBg = p.Quantity("washout.background.silhouettePercent");
            var r = auto.Result; var t = truthRoi.Result;
            void Check(string what, double truth, double? measured, double tol)
            {
                if (measured is not { } m || !(Math.Abs(m - truth) <= tol))
                    lock (failures) failures.Add(FormattableString.Invariant($"seed {seed} {coll}: {what} truth {truth:0.000} measured {measured:0.000} (tolerance ±{tol})"));
            }
            Check("H/M early, truth ROIs", tE, t.Value("hm_early"), 0.05);
            Check("H/M late, truth ROIs", tL, t.Value("hm_late"), 0.05);
            // A heart the automatic method cannot see is allowed to miss the tolerance only if the result says so.
            var flagged = r.Warnings.Any(w => w.Contains("heart not distinct", StringComparison.Ordinal));
            // ±0.08, widened to 6% of H/M − 1 at high H/M: these reduced studies are 64² at 8 mm pixels on an 8 mm phantom, coarser
            // than any camera of issue 12.1, and the silhouette border is then up to ~5% of H/M − 1 low (3–3.5% at 2.4–4.4 mm is
            // held in MibgSilhouetteAccuracyTests).
            double AutoTolerance(double truth) => flagged ? double.PositiveInfinity : Math.Max(0.08, 0.06 * (truth - 1));
            Check("H/M early, automatic ROIs", sE, r.Value("hm_early"), AutoTolerance(sE));
            Check("H/M late, automatic ROIs", sL, r.Value("hm_late"), AutoTolerance(sL));
            Check("washout, truth ROIs", tWr, t.Value("washout_percent"), 3);
            // WR with background divides by He − Me, so count and ROI errors grow by HMe/(HMe − 1): 3 points at early H/M ≥ 1.5, scaled below.
            var bgTolerance = 3 * Math.Max(1, tE / (tE - 1) / 3);
            Check("washout BG, truth ROIs", tWrBg, t.Value("washout_bg_corrected_percent"), bgTolerance);
            Check("washout, automatic ROIs", sWr, r.Value("washout_percent"), flagged ? double.PositiveInfinity : 3);
            // With automatic ROIs the mediastinal square is not the truth square, and WR with background is the variant most
            // sensitive to the ROI [Veltman2012]: twice the truth-ROI tolerance.
            if (!flagged) Check("washout BG, automatic ROIs", sWrBg, r.Value("washout_bg_corrected_percent"), 2 * bgTolerance);
            if (r.Cpt is not ["0331T"]) lock (failures) failures.Add($"seed {seed}: codes {string.Join(",", r.Cpt)} instead of 0331T");
            rows[i] = string.Format(CultureInfo.InvariantCulture,
                "{0,4} {1,-4} | {2,9:0.000} {3,8:0.000} {4,6:0.000} | {5,9:0.000} {6,8:0.000} {7,6:0.000} | {8,8:0.0} {9,5:0.0} | {10,10:0.0} {11,5:0.0} | {12,7:0.000} {13,-12} | {14}",
                seed, coll, tE, t.Value("hm_early"), r.Value("hm_early"), tL, t.Value("hm_late"), r.Value("hm_late"),
                tWr, r.Value("washout_percent"), tWrBg, r.Value("washout_bg_corrected_percent"), r.Value("hm_late_standardised"),
                (auto.Category?.ToString() ?? "-") + (flagged ? "*" : ""), string.Join(",", r.Cpt));
        });
        foreach (var row in rows) table.AppendLine(row);
        table.AppendLine("* heart not distinct: the result carries the warning and the automatic-ROI numbers are not held to tolerance");
        output.WriteLine(table.ToString());
        lock (TableLock) File.WriteAllText(Path.Combine(Path.GetTempPath(), "photopeak-mibg-accuracy.txt"), table.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + table);
    }

    /// <summary>
    /// A site's conversion coefficient as a physicist measures it (<see cref="ConversionCoefficientCalibration"/>, the product's
    /// calibrate-cc): the phantom is a simulated chest whose reference H/M — the ratio an ideal ME collimator without septal
    /// penetration gives, which the simulator is asked for — plays the calibration phantom's documented value; its images are
    /// measured with the automatic ROIs, like a patient's.
    /// </summary>
    private static ConversionCoefficient SiteCc(string collimator)
    {
        const double reference = 2.5;
        using var phantom = new SimulatedMibgPatient(900, collimator, reference, reference);
        return ConversionCoefficientCalibration.FromPhantom(Photopeak.Imaging.Studies.StudyLoader.Load(phantom.Directory).Studies[0], reference).Coefficient;
    }

    [Fact]
    public void Standardised_late_HM_of_one_patient_agrees_between_LEHR_and_ME()
    {
        var lines = new List<string>();
        var (ccLehr, ccMe) = (SiteCc("LEHR"), SiteCc("ME"));
        lines.Add(FormattableString.Invariant($"site CC: LEHR {ccLehr.Value:0.000}, ME {ccMe.Value:0.000} (ratio {ccLehr.Value / ccMe.Value:0.00}; class defaults LEHR 0.53 / MELP 0.99, ratio 0.54)"));
        var failures = new List<string>();
        foreach (var (seed, hmLate) in new[] { (300L, 1.5), (301L, 2.2), (302L, 2.8) })
        {
            using var lehr = new SimulatedMibgPatient(seed, "LEHR", hmLate * 1.15, hmLate);
            using var me = new SimulatedMibgPatient(seed, "ME", hmLate * 1.15, hmLate);
            var a = MibgProcedure.Run(lehr.Directory, siteConversion: ccLehr).Result; var b = MibgProcedure.Run(me.Directory, siteConversion: ccMe).Result;
            var ad = MibgProcedure.Run(lehr.Directory).Result; var bd = MibgProcedure.Run(me.Directory).Result;
            double sa = a.Value("hm_late_standardised")!.Value, sb = b.Value("hm_late_standardised")!.Value;
            lines.Add(FormattableString.Invariant($"seed {seed} target {hmLate:0.00}: LEHR raw {a.Value("hm_late"):0.000} std {sa:0.000} | ME raw {b.Value("hm_late"):0.000} std {sb:0.000} | diff {sa - sb:+0.000;-0.000} (class-default CCs: {ad.Value("hm_late_standardised"):0.000} vs {bd.Value("hm_late_standardised"):0.000})"));
            if (Math.Abs(sa - sb) > 0.10) failures.Add($"seed {seed}: standardised late H/M differ by {sa - sb:0.000}");
            Assert.Contains("site calibration phantom", a.Methods["conversion_coefficient"]);
            Assert.Contains("Okuda", ad.Methods["conversion_coefficient"]);
        }
        foreach (var l in lines) output.WriteLine(l);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Concat(lines)));
    }

    [Fact]
    public void Spect_presence_selects_0332T_and_reports_the_summed_score()
    {
        using var p = new SimulatedMibgPatient(400, "LEHR", 2.4, 2.0, spect: true);
        var r = MibgProcedure.Run(p.Directory).Result;
        Assert.Equal(["0332T"], r.Cpt);
        Assert.NotNull(r.Value("spect_summed_score"));
        Assert.Contains(r.Rois, roi => roi.Name == "lv_axis" && roi.Shape == RoiShape.Line && roi.Points!.Count == 2);
        Assert.Equal(17, r.Findings["spect_segments"].Split("; ").Length);
        Assert.True(r.Value("spect_summed_score") <= 4, $"normal patient summed score {r.Value("spect_summed_score")}");
    }

    [Fact]
    public void Missing_late_image_is_an_error_naming_it()
    {
        using var p = new SimulatedMibgPatient(500, "LEHR", 2.4, 2.0);
        File.Delete(Path.Combine(p.Directory, "late_ant.dcm"));
        var ex = Assert.Throws<ProcedureInputException>(() => MibgProcedure.Run(p.Directory));
        Assert.Contains("no late anterior image", ex.Message);
    }

    [Fact]
    public void Different_matrices_are_an_error_naming_both_views()
    {
        using var a = new SimulatedMibgPatient(501, "LEHR", 2.4, 2.0, matrix: 64);
        using var b = new SimulatedMibgPatient(501, "LEHR", 2.4, 2.0, matrix: 32);
        File.Copy(Path.Combine(b.Directory, "late_ant.dcm"), Path.Combine(a.Directory, "late_ant.dcm"), overwrite: true);
        var ex = Assert.Throws<ProcedureInputException>(() => MibgProcedure.Run(a.Directory));
        Assert.Contains("64 × 64", ex.Message);
        Assert.Contains("32 × 32", ex.Message);
        Assert.Contains("early", ex.Message);
        Assert.Contains("late", ex.Message);
    }

    [Fact]
    public void No_radiopharmaceutical_information_gives_a_warning_not_a_silent_number()
    {
        using var p = new SimulatedMibgPatient(502, "LEHR", 2.4, 2.0);
        foreach (var path in Directory.GetFiles(p.Directory, "*.dcm"))
        {
            var file = DicomFile.Open(path);
            file.Dataset.Remove(DicomTags.RadiopharmaceuticalInformationSequence);
            file.Save(path);
        }
        var r = MibgProcedure.Run(p.Directory).Result;
        Assert.Contains(r.Warnings, w => w.Contains("(0054,0016)") && w.Contains("series description"));
        Assert.NotNull(r.Value("hm_late"));
    }

    [Fact]
    public void Edited_rois_recompute_every_number()
    {
        using var p = new SimulatedMibgPatient(503, "LEHR", 2.6, 2.1);
        var auto = MibgProcedure.Run(p.Directory).Result;
        var json = ResultJson.Serialize(auto);
        var file = Path.Combine(p.Directory, "..", $"rois-{Guid.NewGuid():N}.json");
        // Move the late mediastinum ROI two pixels down: H/M late must change, H/M early must not.
        var rois = ResultJson.Deserialize(json).Rois.Select(r => r.Name == "mediastinum" && r.Image == "late"
            ? r with { Row0 = r.Row0 + 2, Row1 = r.Row1 + 2 } : r).ToList();
        File.WriteAllText(file, ResultJson.Serialize(auto with { Rois = rois }));
        try
        {
            var edited = MibgProcedure.Run(p.Directory, ResultJson.ReadRois(file)).Result;
            Assert.Equal(auto.Value("hm_early")!.Value, edited.Value("hm_early")!.Value, 9);
            Assert.NotEqual(auto.Value("hm_late")!.Value, edited.Value("hm_late")!.Value, 6);
            Assert.Equal("edited (--rois)", edited.Methods["roi_source"]);
            // Same ROIs back in → same numbers.
            var same = MibgProcedure.Run(p.Directory, ResultJson.Deserialize(json).Rois).Result;
            Assert.Equal(auto.Value("hm_late")!.Value, same.Value("hm_late")!.Value, 9);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Result_json_keeps_the_contract_keys()
    {
        using var p = new SimulatedMibgPatient(504, "ME", 2.6, 2.1);
        var json = ResultJson.Serialize(MibgProcedure.Run(p.Directory).Result);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("cardiac-sympathetic-mibg", root.GetProperty("procedure").GetString());
        Assert.Equal("0331T", root.GetProperty("cpt")[0].GetString());
        foreach (var key in new[] { "hm_early", "hm_late", "washout_percent", "washout_bg_corrected_percent", "hm_late_standardised", "spect_summed_score" })
        {
            var m = root.GetProperty("measurements").GetProperty(key);
            Assert.True(m.TryGetProperty("value", out _), key);
            Assert.True(m.TryGetProperty("unit", out _), key);
        }
        Assert.Equal(System.Text.Json.JsonValueKind.Array, root.GetProperty("rois").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, root.GetProperty("qc").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, root.GetProperty("warnings").ValueKind);
        Assert.True(root.GetProperty("rois")[0].TryGetProperty("radius_mm", out _));
    }
}
