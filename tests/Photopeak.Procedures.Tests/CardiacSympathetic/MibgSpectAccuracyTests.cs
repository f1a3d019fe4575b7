using System.Globalization;
using System.Numerics;
using System.Text;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Procedures.CardiacSympathetic;
using Photopeak.Procedures.Results;
using Photopeak.Simulation.Phantoms;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.CardiacSympathetic;

/// <summary>
/// The SPECT part of the mIBG procedure (0332T) on simulated late SPECT (reduced: 8 mm voxels, 64², 32 views, LEHR and
/// ME, Poisson noise) against the phantom: the automatic LV axis against the phantom's heart geometry, segment scores of
/// normal patients (seeds outside the 900–911 used for the normal limits) and of patients with segmental defects.
/// Tolerances (our choice): long axis within 12°, base centre within 8 mm (one voxel), cavity length within 13 mm (the
/// automatic apex sits 2–12 mm short of the phantom's); normals summed score ≤ 4; of the segments simulated at ≤ 25%
/// uptake at least 80% score ≥ 2 and at least half in each patient (measured 9 of 10: a mid-inferior segment next to the
/// liver is missed), the highest score lies in a defect segment, and at most one false segment (score ≥ 2 outside the
/// defect and its neighbours) per patient.
/// </summary>
public class MibgSpectAccuracyTests(ITestOutputHelper output)
{
    private static readonly Vector3 TrueBase = HeartModel.BaseCentre;
    private static readonly double TrueLengthMm = HeartModel.LongToShortRatio * HeartModel.ShortAxisMm(new HeartModel().EdvMl);

    public static TheoryData<int, string, double, string> Patients() => new()
    {
        { 960, "LEHR", 2.0, "" }, { 961, "ME", 2.6, "" }, { 962, "LEHR", 1.8, "" }, { 963, "ME", 3.0, "" },
        { 970, "LEHR", 2.4, "4:0.2,10:0.2" },               // inferior (RCA)
        { 971, "ME", 2.2, "1:0.25,7:0.25" },                // anterior (LAD)
        { 972, "LEHR", 2.6, "5:0.2,11:0.2,6:0.2,12:0.2" },  // lateral (LCX)
        { 973, "ME", 2.4, "3:0.2,9:0.2" },                  // inferoseptal
    };

    [Fact]
    public void Automatic_axis_and_segment_scores_agree_with_the_phantom()
    {
        var table = new StringBuilder("seed coll  H/M  defects              | axis° baseΔmm lenΔmm | summed | defect scores | false segments\n");
        var failures = new List<string>();
        var sensitivity = new Counter();
        var rows = Patients().Select(r => ((int)r[0], (string)r[1], (double)r[2], (string)r[3])).ToArray();
        var lines = new string[rows.Length];
        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var (seed, coll, hm, defectText) = rows[i];
            var defects = Parse(defectText);
            using var p = new SimulatedMibgPatient(seed, coll, hm + 0.3, hm, spect: true, myocardialDefect: defects);
            var a = MibgProcedure.Run(p.Directory).Spect ?? throw new InvalidOperationException($"seed {seed}: no SPECT assessment");
            var angle = a.Axis.AngleToDeg(HeartModel.LongAxis);
            var baseError = Vector3.Distance(a.Axis.BaseMm, TrueBase);
            var lengthError = a.Axis.LengthMm - TrueLengthMm;
            void Fail(string what) { lock (failures) failures.Add($"seed {seed}: {what}"); }
            if (angle > 12) Fail($"long axis {angle:0.0}° from the phantom's");
            if (baseError > 8) Fail($"base {baseError:0.0} mm from the phantom's");
            if (Math.Abs(lengthError) > 13) Fail($"cavity length off by {lengthError:0.0} mm");
            var defectScores = defects.Keys.Select(s => a.Scores[s - 1]).ToArray();
            if (defects.Count == 0 && a.SummedScore > 4) Fail($"normal patient summed score {a.SummedScore} > 4");
            if (defects.Count > 0)
            {
                var found = defectScores.Count(x => x >= 2);
                lock (failures) { sensitivity.Found += found; sensitivity.Total += defects.Count; }
                if (2 * found < defects.Count) Fail($"only {found} of {defects.Count} defect segments scored ≥ 2 ({string.Join(",", defectScores)})");
                var top = Enumerable.Range(1, 17).MaxBy(x => a.Scores[x - 1]);
                if (!defects.ContainsKey(top) && a.Scores[top - 1] > defectScores.Max()) Fail($"highest score in segment {top}, outside the defect");
            }
            var neighbours = defects.Keys.SelectMany(Neighbours).ToHashSet();
            var falses = Enumerable.Range(1, 17).Where(s => a.Scores[s - 1] >= 2 && !defects.ContainsKey(s) && !neighbours.Contains(s)).ToArray();
            if (falses.Length > 1) Fail($"{falses.Length} false reduced segments: {string.Join(", ", falses)}");
            lines[i] = FormattableString.Invariant($"{seed} {coll,-4} {hm:0.0}  {defectText,-20} | {angle,5:0.0} {baseError,7:0.0} {lengthError,6:0.0} | {a.SummedScore,6} | {string.Join(",", defectScores),-13} | {string.Join(",", falses)}");
        });
        foreach (var l in lines) table.AppendLine(l);
        table.AppendLine($"defect segments scored ≥ 2: {sensitivity.Found} of {sensitivity.Total}");
        if (sensitivity.Found < 0.8 * sensitivity.Total) failures.Add($"segment sensitivity {sensitivity.Found}/{sensitivity.Total} below 80%");
        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + table);
    }

    [Fact]
    public void Summed_score_grows_with_defect_extent()
    {
        int Summed(string defects)
        {
            using var p = new SimulatedMibgPatient(980, "LEHR", 2.5, 2.2, spect: true, myocardialDefect: Parse(defects));
            return MibgProcedure.Run(p.Directory).Spect!.SummedScore;
        }
        int none = Summed(""), one = Summed("4:0.2,10:0.2"), two = Summed("4:0.2,10:0.2,5:0.2,11:0.2,15:0.2");
        output.WriteLine($"summed scores: none {none}, inferior {one}, inferior + inferolateral + apical inferior {two}");
        Assert.True(none < one && one < two, $"summed scores {none}, {one}, {two} should rise with extent");
    }

    [Fact]
    public void Segment_score_grows_with_defect_severity()
    {
        // Basal inferolateral at 80, 50 and 20% of normal uptake: the grade must not fall as the defect deepens.
        int Score(double uptake)
        {
            using var p = new SimulatedMibgPatient(981, "ME", 2.5, 2.2, spect: true, myocardialDefect: new Dictionary<int, double> { [5] = uptake, [11] = uptake });
            return MibgProcedure.Run(p.Directory).Spect!.Scores[4];
        }
        int mild = Score(0.8), moderate = Score(0.5), severe = Score(0.2);
        output.WriteLine($"basal inferolateral score: 80% uptake {mild}, 50% {moderate}, 20% {severe}");
        Assert.True(mild <= moderate && moderate <= severe && mild < severe && severe >= 3, $"scores {mild}, {moderate}, {severe}");
    }

    [Fact]
    public void Edited_lv_axis_replaces_the_automatic_one_and_is_checked()
    {
        using var p = new SimulatedMibgPatient(990, "LEHR", 2.4, 2.1, spect: true, myocardialDefect: Parse("4:0.2,10:0.2"));
        var auto = MibgProcedure.Run(p.Directory);
        var rois = auto.Result.Rois.ToList();
        var axisRoi = rois.Single(r => r.Name == "lv_axis");
        // Turn the axis 90° about the base: what was inferior is now sampled elsewhere, so the scores must change.
        var b = axisRoi.Points![0]; var apex = axisRoi.Points[1];
        var turned = axisRoi with { Points = [b, [b[0] + (apex[2] - b[2]), apex[1], b[2] - (apex[0] - b[0])]] };
        rois[rois.IndexOf(axisRoi)] = turned;
        var json = ResultJson.Serialize(auto.Result with { Rois = rois });
        var file = Path.Combine(p.Directory, "edited.json");
        File.WriteAllText(file, json);
        var edited = MibgProcedure.Run(p.Directory, ResultJson.ReadRois(file));
        Assert.Equal(AxisSource.Edited, edited.Spect!.AxisSource);
        Assert.Equal((float)turned.Points[1][0], edited.Spect.Axis.ApexMm.X, 0.01f);
        Assert.NotEqual(auto.Spect!.Scores, edited.Spect.Scores);
        Assert.Equal(auto.Result.Value("hm_late"), edited.Result.Value("hm_late"));

        var broken = rois.Select(r => r.Name == "lv_axis" ? r with { Points = [b] } : r).ToList();
        var ex = Assert.Throws<ProcedureInputException>(() => MibgProcedure.Run(p.Directory, broken));
        Assert.Contains("lv_axis", ex.Message);

        // Handing back the automatic axis unchanged is not an edit: same scores, and the "check the axis" QC stays.
        var unchanged = MibgProcedure.Run(p.Directory, ResultJson.ReadRois(WriteResult(p.Directory, "unchanged.json", auto.Result)));
        Assert.Equal(AxisSource.Automatic, unchanged.Spect!.AxisSource);
        Assert.Equal(auto.Spect.Scores, unchanged.Spect.Scores);
        Assert.Contains(unchanged.Result.Qc, q => q.Name == "SPECT LV axis" && q.Status == QcStatus.Warning);

        // An axis placed in another series is refused.
        var elsewhere = rois.Select(r => r.Name == "lv_axis" ? turned with { SeriesInstanceUid = "1.2.3.4" } : r).ToList();
        Assert.Contains("series", Assert.Throws<ProcedureInputException>(() => MibgProcedure.Run(p.Directory, elsewhere)).Message);

        // An axis outside the volume, or one that misses the myocardium, is refused, never scored as 68.
        foreach (var (baseMm, apexMm) in new (double[], double[])[] { ([1e12, 0, 0], [1e12, 0, 100]), ([-200, 150, 200], [-180, 150, 140]) })
        {
            var off = rois.Select(r => r.Name == "lv_axis" ? r with { Points = [baseMm, apexMm] } : r).ToList();
            var e = Assert.Throws<ProcedureInputException>(() => MibgProcedure.Run(p.Directory, off));
            Assert.Contains("lv_axis", e.Message);
        }
    }

    [Fact]
    public void Recon_tomo_series_is_assessed_like_the_projections_it_came_from()
    {
        using var p = new SimulatedMibgPatient(985, "LEHR", 2.6, 2.3, spect: true, myocardialDefect: Parse("4:0.2,10:0.2"));
        var fromProjections = MibgProcedure.Run(p.Directory).Spect!;
        var tomoPath = Path.Combine(p.Directory, "late_spect.dcm");
        var tomo = Photopeak.Imaging.Studies.StudyLoader.Load(tomoPath).Studies[0].Acquisitions.First();
        var (volume, _, _) = MibgSpectVolume.Load(tomo);
        var c = volume.CentreMm;
        Photopeak.Reconstruction.Export.ReconTomoDicomWriter.Write(Path.Combine(p.Directory, "late_recon.dcm"), volume.Volume, new Photopeak.Reconstruction.Export.ReconTomoSeries
        {
            PatientId = tomo.PatientId ?? "", StudyInstanceUid = tomo.StudyInstanceUid, SeriesDescription = "mIBG late SPECT OSEM",
            FrameOfReferenceUid = tomo.File.Dataset.GetString(Photopeak.Dicom.DicomTags.FrameOfReferenceUID), VolumeCentreMm = (c.X, c.Y, c.Z),
        });
        File.Delete(tomoPath);
        var fromRecon = MibgProcedure.Run(p.Directory).Spect!;
        Assert.Contains("RECON TOMO", fromRecon.ReconstructionMethod);
        Assert.True(Vector3.Distance(fromRecon.Axis.BaseMm, fromProjections.Axis.BaseMm) < 4, $"base {fromRecon.Axis.BaseMm} vs {fromProjections.Axis.BaseMm}");
        Assert.True(fromRecon.Axis.AngleToDeg(fromProjections.Axis.LongAxis) < 3);
        Assert.True(Math.Abs(fromRecon.SummedScore - fromProjections.SummedScore) <= 1, $"summed {fromRecon.SummedScore} vs {fromProjections.SummedScore}");
    }

    private static string WriteResult(string dir, string name, ProcedureResult result)
    {
        var file = Path.Combine(dir, name);
        File.WriteAllText(file, ResultJson.Serialize(result));
        return file;
    }

    [Fact]
    public void Full_size_patient_with_an_inferior_defect_is_scored_there()
    {
        // 128², 4 mm voxels, 120 views: the demo's protocol, against the 128² normal limits.
        using var p = new SimulatedMibgPatient(986, "LEHR", 2.5, 2.2, spect: true, myocardialDefect: Parse("4:0.2,10:0.2"), reduced: false);
        var a = MibgProcedure.Run(p.Directory).Spect!;
        output.WriteLine($"axis {a.Axis.AngleToDeg(HeartModel.LongAxis):0.0}°, base {Vector3.Distance(a.Axis.BaseMm, TrueBase):0.0} mm, scores {string.Join(",", a.Scores)}");
        Assert.True(a.Axis.AngleToDeg(HeartModel.LongAxis) < 12);
        Assert.True(a.Scores[3] >= 2 && a.Scores[9] >= 2, $"basal and mid inferior scored {a.Scores[3]} and {a.Scores[9]}");
        Assert.True(Enumerable.Range(1, 17).Count(s => s is not (4 or 10) && !Neighbours(4).Concat(Neighbours(10)).Contains(s) && a.Scores[s - 1] >= 2) <= 1);
    }

    private sealed class Counter { public int Found; public int Total; }

    // Ring neighbours and the segments above and below (AHA layout), for counting false positives fairly.
    private static IEnumerable<int> Neighbours(int s)
    {
        if (s == 17) return [13, 14, 15, 16];
        if (s >= 13) return [13 + (s - 13 + 1) % 4, 13 + (s - 13 + 3) % 4, 17, 7 + (s - 13) * 3 / 2, 7 + ((s - 13) * 3 / 2 + 1) % 6];
        int ring = (s - 1) / 6, k = (s - 1) % 6, first = ring * 6 + 1;
        var list = new List<int> { first + (k + 1) % 6, first + (k + 5) % 6 };
        if (ring == 0) list.Add(s + 6);
        else { list.Add(s - 6); list.Add(13 + (int)Math.Round(k * 4 / 6.0) % 4); }
        return list;
    }

    private static Dictionary<int, double> Parse(string text) => text.Length == 0 ? []
        : text.Split(',').Select(x => x.Split(':')).ToDictionary(x => int.Parse(x[0], CultureInfo.InvariantCulture), x => double.Parse(x[1], CultureInfo.InvariantCulture));
}
