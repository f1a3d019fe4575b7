using System.Numerics;
using Photopeak.Dicom;
using Photopeak.Dicom.Pixels;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Tests;

/// <summary>Every kind at reduced size: dciodvfy reports no error, the NM structure is as expected, truth is consistent.</summary>
public sealed class SimulatedStudyTests
{
    public static TheoryData<string> Kinds() => [.. Simulator.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Reduced_study_is_valid_nm_dicom_with_consistent_structure(string kind) =>
        CheckStudy(kind, kind, new SimulationOptions { Seed = 11, Reduced = true });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-8)]
    public void Gated_frames_below_two_are_refused_with_the_option_named(int frames)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SimulationOptions { GatedFrames = frames });
        Assert.Equal("GatedFrames", e.ParamName);
        Assert.Contains("at least 2 frames", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, new SimulationOptions { GatedFrames = 2 }.GatedFrames);
    }

    /// <summary>The optional series: a WHOLE BODY ANT/POST scan (shunt) and the ventilation views of a V/Q study.</summary>
    [Fact]
    public void Lung_study_with_ventilation_and_a_whole_body_scan_is_valid_nm_dicom() =>
        CheckStudy("lung-perfusion", "lung-vq-wholebody", new SimulationOptions { Seed = 11, Reduced = true, Ventilation = true, ShuntPercent = 10 },
            expectWholeBody: true);

    [Fact]
    public void The_CT_of_a_SPECT_CT_tumour_study_is_valid_CT_in_the_frame_of_reference_of_the_SPECT()
    {
        var dir = Path.Combine(Path.GetTempPath(), "photopeak-sim-tests", "tumour-spect-ct");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var result = Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 11, Reduced = true, WithCt = true });
        var paths = Simulator.Write(result, dir);
        var ct = paths.Where(p => p.Contains($"{Path.DirectorySeparatorChar}ct{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.Equal(result.Ct!.Slices, ct.Count);
        var spect = DicomFile.Open(Path.Combine(dir, "spect_bed1.dcm")).Dataset;
        var middle = DicomFile.Open(ct[ct.Count / 2]).Dataset;
        Assert.Equal("CT", middle.GetString(DicomTags.Modality));
        Assert.Equal(spect.GetString(DicomTags.FrameOfReferenceUID), middle.GetString(DicomTags.FrameOfReferenceUID));
        Assert.Equal(spect.GetString(DicomTags.StudyInstanceUID), middle.GetString(DicomTags.StudyInstanceUID));
        // The spine (bone) and the lungs are where the phantom has them: slice through the chest at z ≈ 60 mm.
        foreach (var path in new[] { ct[0], ct[ct.Count / 2], ct[^1] })
        {
            if (!ExternalTool.Require("dciodvfy")) break;
            var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
            var errors = (stdout + stderr).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToArray();
            Assert.True(errors.Length == 0, $"{Path.GetFileName(path)}: {string.Join("; ", errors)}");
        }
        var slice = Photopeak.Imaging.Studies.NmAcquisition.Open(ct.OrderBy(p => Math.Abs(DicomFile.Open(p).Dataset.GetDoubles(DicomTags.ImagePositionPatient)[2] - 60)).First()).GetFrame(0);
        var pixel = result.Ct.PixelMm;
        float At(double xMm, double yMm) => slice.Pixels[(int)Math.Round((yMm - result.Ct.FirstVoxelMm.Y) / pixel) * slice.Width + (int)Math.Round((xMm - result.Ct.FirstVoxelMm.X) / pixel)];
        Assert.InRange(At(0, 80), 300, 1000);     // spine
        Assert.InRange(At(-85, 15), -800, -600);  // right lung
        Assert.InRange(At(0, -118), -1000, -990); // air in front of the chest (body surface at y = −110)
    }

    /// <summary>The tumour tracers besides mIBG: In-111 pentetreotide and Ga-67 citrate with a photopeak and two scatter windows
    /// per line (six and nine windows), Tc-99m sestamibi with one triple window.</summary>
    [Theory]
    [InlineData("In-111", 6)]
    [InlineData("Ga-67", 9)]
    [InlineData("Tc-99m", 3)]
    public void Tumour_study_of_each_tracer_is_valid_nm_dicom_with_a_triple_window_per_line(string nuclide, int windows) =>
        CheckStudy("tumour-spect", "tumour-" + nuclide, new SimulationOptions { Seed = 11, Reduced = true, Nuclide = nuclide }, energyWindows: windows);

    private static void CheckStudy(string kind, string folder, SimulationOptions options, bool expectWholeBody = false, int energyWindows = 3)
    {
        var dir = Path.Combine(Path.GetTempPath(), "photopeak-sim-tests", folder);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var result = Simulator.Simulate(kind, options);
        var paths = Simulator.Write(result, dir);
        Assert.Contains(paths, p => p.EndsWith("truth.json"));
        foreach (var path in paths.Where(p => p.EndsWith(".dcm")))
        {
            var file = DicomFile.Open(path);
            var ds = file.Dataset;
            Assert.Equal(DicomUid.NuclearMedicineImageStorage, ds.GetString(DicomTags.SOPClassUID));
            var frames = ds.GetInt32(DicomTags.NumberOfFrames)!.Value;
            var pixels = new DicomPixelData(ds, file.TransferSyntax, path);
            Assert.Equal(frames, pixels.NumberOfFrames);
            foreach (var pointer in ds.GetTags(DicomTags.FrameIncrementPointer))
                Assert.Equal(frames, ds.ValueCount(pointer));
            var windows = ds.GetSequence(DicomTags.EnergyWindowInformationSequence);
            Assert.Equal(energyWindows, windows.Count);
            Assert.Equal(windows.Count, ds.GetInt32(DicomTags.NumberOfEnergyWindows));
            var detectors = ds.GetSequence(DicomTags.DetectorInformationSequence);
            Assert.Equal(detectors.Count, ds.GetInt32(DicomTags.NumberOfDetectors));
            Assert.All(detectors, d => Assert.NotNull(d.GetItem(DicomTags.ViewCodeSequence)?.GetString(DicomTags.CodeValue)));
            var type = ds.GetString(DicomTags.ImageType, 2);
            if (type == "TOMO")
            {
                var rot = ds.GetItem(DicomTags.RotationInformationSequence)!;
                Assert.Equal(frames, windows.Count * detectors.Count * rot.GetInt32(DicomTags.NumberOfFramesInRotation)!.Value);
            }
            if (type == "GATED") Assert.NotNull(ds.GetItem(DicomTags.GatedInformationSequence));
            if (type == "DYNAMIC") Assert.NotNull(ds.GetItem(DicomTags.PhaseInformationSequence));
            Assert.Equal(result.Study.StudyInstanceUid, ds.GetString(DicomTags.StudyInstanceUID));

            if (!ExternalTool.Require("dciodvfy")) continue;
            var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
            var errors = (stdout + stderr).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToArray();
            Assert.True(errors.Length == 0, $"{kind} {Path.GetFileName(path)}: {string.Join("; ", errors)}");
        }
        var truth = SimulationTruth.FromJson(File.ReadAllText(Path.Combine(dir, "truth.json")));
        Assert.Equal(kind, truth.Kind);
        Assert.Equal(result.Series.Count, truth.Series.Count);
        if (expectWholeBody)
            Assert.Contains(paths, p => p.EndsWith(".dcm") && DicomFile.Open(p).Dataset.GetString(DicomTags.ImageType, 2) == "WHOLE BODY");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Reduced_study_loads_into_the_nm_study_model_as_written(string kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), "photopeak-sim-model-tests", kind);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        var result = Simulator.Simulate(kind, new SimulationOptions { Seed = 12, Reduced = true });
        foreach (var series in result.Series) Photopeak.Simulation.Output.NmDicomWriter.Write(dir, result.Study, series);

        var loaded = Photopeak.Imaging.Studies.StudyLoader.Load(dir);
        Assert.Empty(loaded.Unreadable);
        var study = Assert.Single(loaded.Studies);
        Assert.Equal(result.Study.StudyInstanceUid, study.StudyInstanceUid);
        var acquisitions = study.Acquisitions.ToList();
        Assert.Equal(result.Series.Count, acquisitions.Count);
        foreach (var a in acquisitions)
        {
            var written = result.Series.Single(s => a.SopInstanceUid is not null && a.SeriesInstanceUid == a.File.Dataset.GetString(DicomTags.SeriesInstanceUID) && a.File.SourcePath!.EndsWith(s.FileName, StringComparison.Ordinal));
            Assert.True(a.FrameProblem is null, $"{kind} {written.SeriesDescription}: {a.FrameProblem?.Message}");
            Assert.Equal(written.Frames.Length, a.Frames.Count);
            Assert.Equal(written.Type.ToString().ToUpperInvariant(), a.ImageType.ToString().ToUpperInvariant());
            Assert.Equal(3, a.EnergyWindows.Count);
            Assert.NotNull(Assert.Single(a.Radiopharmaceuticals).Radionuclide);
            Assert.All(a.Detectors, d =>
            {
                Assert.False(string.IsNullOrEmpty(d.CollimatorName));
                Assert.True(d.View is { Kind: not Photopeak.Imaging.Acquisitions.ViewKind.Unknown, FromText: false }, $"{kind} {written.SeriesDescription}: detector {d.Number} view not recognised from its code");
            });
            if (a.ImageType == Photopeak.Imaging.Studies.NmImageType.Tomo)
                Assert.Contains("views", a.Layout.ToString());
            // The middle frame: a first-pass study's first frames precede the bolus and are rightly empty.
            var frame = a.GetFrame(a.Frames.Count / 2);
            Assert.True(frame.Sum() > 0, $"{kind} {written.SeriesDescription}: middle frame is empty");
        }
    }

    [Fact]
    public void Same_seed_gives_byte_identical_pixels_and_uids()
    {
        var a = Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = 5, Reduced = true });
        var b = Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = 5, Reduced = true });
        var c = Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = 6, Reduced = true });
        for (var i = 0; i < a.Series.Count; i++)
        {
            var da = Photopeak.Dicom.IO.DicomWriter.ToBytes(Photopeak.Simulation.Output.NmDicomWriter.Build(a.Study, a.Series[i]), TransferSyntax.ExplicitVRLittleEndian);
            var db = Photopeak.Dicom.IO.DicomWriter.ToBytes(Photopeak.Simulation.Output.NmDicomWriter.Build(b.Study, b.Series[i]), TransferSyntax.ExplicitVRLittleEndian);
            Assert.Equal(da, db);
        }
        Assert.NotEqual(a.Series[0].Frames[0], c.Series[0].Frames[0]);
        Assert.NotEqual(a.Study.StudyInstanceUid, c.Study.StudyInstanceUid);
    }

    [Fact]
    public void Lung_truth_fractions_sum_to_100_and_follow_the_requested_split()
    {
        var r = Simulator.Simulate("lung-perfusion", new SimulationOptions { Seed = 2, Reduced = true, RightLungPercent = 55 });
        var q = r.Truth.Quantities;
        Assert.Equal(100, q["lung.right.physicalPercent"] + q["lung.left.physicalPercent"], 4);
        Assert.Equal(55, q["lung.right.physicalPercent"], 4);
        var zones = new[] { "upper", "middle", "lower" }.Sum(z => q[$"lung.right.{z}.physicalPercent"] + q[$"lung.left.{z}.physicalPercent"]);
        Assert.Equal(100, zones, 4);
        Assert.Equal(100, q["perf.lung.right.expectedPercent"] + q["perf.lung.left.expectedPercent"], 4);
        // GM in projected lung ROIs recovers the split within 1.5 points (background and scatter included).
        Assert.InRange(q["perf.lung.right.expectedPercent"], 53.5, 56.5);
    }

    [Fact]
    public void Segmental_defect_lowers_that_lungs_share()
    {
        var normal = Simulator.Simulate("lung-perfusion", new SimulationOptions { Seed = 2, Reduced = true });
        var defect = Simulator.Simulate("lung-perfusion", new SimulationOptions { Seed = 2, Reduced = true, LungDefects = [new("RLL-PB", 0)] });
        Assert.True(defect.Truth.Quantities["lung.right.lower.physicalPercent"] < normal.Truth.Quantities["lung.right.lower.physicalPercent"] - 1);
    }

    [Fact]
    public void Heart_truth_matches_the_voxelised_phantom()
    {
        var r = Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 3, Reduced = true, LvefPercent = 55, EdvMl = 140 });
        var h = r.Truth.Phantom.Heart!;
        Assert.Equal(55, h.LvefPercent, 4);
        Assert.Equal(140, h.EdvMl, 4);
        // 8 mm voxels with 27 sub-samples: volumes within 5%, EF within 2 points.
        Assert.InRange(h.EdvVoxelMl / h.EdvMl, 0.95, 1.05);
        Assert.InRange(h.EsvVoxelMl / h.EsvMl, 0.93, 1.07);
        Assert.InRange(h.LvefVoxelPercent, 53, 57);
        Assert.Equal(100 * (h.EdvVoxelMl - h.EsvVoxelMl) / h.EdvVoxelMl, h.LvefVoxelPercent, 3);
        // Count-based EF from the noiseless frames is close to the physical EF.
        Assert.InRange(r.Truth.Quantities["lvef.expectedPercent"], 45, 62);
    }

    [Fact]
    public void Gated_views_of_a_perfusion_study_are_acquired_one_after_another_at_their_start_angles()
    {
        var r = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 5, Reduced = true, GatedFrames = 8, GatedViews = ["LAO45", "ANT", "LLAT"], Noise = false });
        var gated = r.Series.Where(s => s.Type == Simulation.Output.NmImageType.Gated).ToList();
        Assert.Equal(["stress_gated_lao45.dcm", "stress_gated_ant.dcm", "stress_gated_llat.dcm"], gated.Select(s => s.FileName));
        Assert.Equal([135.0, 180.0, 90.0], gated.Select(s => s.Detectors.Single().Geometry.AngleDeg));
        Assert.Equal(["Stress gated LAO 45", "Stress gated ANT", "Stress gated LLAT"], gated.Select(s => s.SeriesDescription));
        // Each starts after the previous one ends, 120 s plus 30 s to move the detector.
        Assert.Equal([150.0, 150.0], gated.Zip(gated.Skip(1), (a, b) => (b.AcquisitionStart - a.AcquisitionStart).TotalSeconds));
        Assert.Throws<ArgumentException>(() => Simulator.Simulate("mpi-planar", new SimulationOptions { Reduced = true, GatedFrames = 8, GatedViews = ["RAO30"] }));
    }

    [Theory]
    [InlineData("gated-blood-pool", "inferior:akinetic", 40.0)]     // a third of the cavity keeps its end-diastolic shape: EF 60 × 2/3
    [InlineData("gated-blood-pool", "lateral:hypokinetic", 48.0)]   // that third ejects 0.4 of its share: 60 × (2/3 + 0.4/3)
    [InlineData("gated-blood-pool", "septal:dyskinetic", 34.0)]     // that third bulges by 0.3 of its share: 60 × (2/3 − 0.3/3)
    // The first pass's heart too (before stop 52 it left --wall-motion out and contracted evenly).
    [InlineData("first-pass", "anterior:akinetic", 40.0)]
    [InlineData("first-pass", "inferior:dyskinetic", 34.0)]
    public void A_regional_wall_motion_abnormality_lowers_the_voxelised_ef_as_its_wedge_predicts(string kind, string wallMotion, double lvef)
    {
        var r = Simulator.Simulate(kind, new SimulationOptions
            { Seed = 3, Reduced = true, LvefPercent = 60, EdvMl = 140, AbnormalWall = RegionalWallMotion.Parse(wallMotion) });
        var h = r.Truth.Phantom.Heart!;
        Assert.Equal(lvef, h.LvefPercent, 6);
        Assert.Equal(140, h.EdvMl, 6);
        // The wedge's own shape, voxelised (8 mm voxels, 27 sub-samples), holds the volume its formula gives.
        Assert.InRange(h.EsvVoxelMl / h.EsvMl, 0.97, 1.03);
        Assert.InRange(h.LvefVoxelPercent, lvef - 1.5, lvef + 1.5);
        var wall = wallMotion.Split(':')[0];
        Assert.Equal(RegionalWallMotion.FactorOf(wallMotion.Split(':')[1]), r.Truth.Quantities[$"wallMotion.{wall}.factor"]);
        foreach (var other in new[] { "anterior", "septal", "inferior", "lateral" }.Where(w => w != wall))
            Assert.Equal(1, r.Truth.Quantities[$"wallMotion.{other}.factor"]);
        // The bolus leaves the LV with the whole LV's stroke volume, the abnormal wall's included (75/min by default).
        if (kind == "first-pass") Assert.Equal(75.0 / 60 * 140 * lvef / 100, r.Truth.Quantities["cardiacOutputMlPerS"], 6);
    }

    [Theory]
    [InlineData(LvWall.Anterior)]
    [InlineData(LvWall.Septal)]
    [InlineData(LvWall.Inferior)]
    [InlineData(LvWall.Lateral)]
    public void An_akinetic_wall_keeps_its_end_diastolic_border_at_end_systole_while_the_opposite_wall_moves_in(LvWall wall)
    {
        var heart = new HeartModel(EdvMl: 140, EsvMl: 56, AbnormalWall: new RegionalWallMotion(wall, 0));
        var b = HeartModel.ShortAxisMm(140);
        Vector3 Direction(LvWall w) => w switch
        {
            LvWall.Anterior => heart.Anterior, LvWall.Septal => heart.Septal, LvWall.Inferior => -heart.Anterior, _ => -heart.Septal,
        };
        var opposite = (LvWall)(((int)wall + 2) % 4);
        // 5 mm inside the end-diastolic border, a third of the way from base to apex.
        Vector3 Near(LvWall w) => HeartModel.BaseCentre + heart.Axis * (float)(b * HeartModel.LongToShortRatio / 3) + Direction(w) * (float)(b * 0.94 - 5);
        bool InCavity(double phase, Vector3 p) => heart.Parts(phase).Single(x => x.Organ == Organ.LvBloodPool).Shape.Contains(p);
        Assert.True(InCavity(0, Near(wall)) && InCavity(0, Near(opposite)), "both points lie in the end-diastolic cavity");
        Assert.True(InCavity(HeartModel.EndSystolePhase, Near(wall)), $"the akinetic {wall} wall moved in at end-systole");
        Assert.False(InCavity(HeartModel.EndSystolePhase, Near(opposite)), $"the {opposite} wall, opposite the akinetic one, did not move in");
    }

    [Theory]
    [InlineData("posterior:akinetic")]
    [InlineData("inferior:frozen")]
    [InlineData("inferior")]
    [InlineData("2:akinetic")]
    [InlineData("anterior,septal:akinetic")]
    public void A_malformed_wall_motion_is_refused_naming_the_choices(string text)
    {
        var message = Assert.Throws<ArgumentException>(() => RegionalWallMotion.Parse(text)).Message;
        Assert.Contains(text.Split(':')[^1], message, StringComparison.Ordinal);
        Assert.True(message.Contains("anterior, septal, inferior or lateral", StringComparison.Ordinal)
            || message.Contains("normal, hypokinetic, akinetic, dyskinetic", StringComparison.Ordinal), message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(200.0)]
    public void A_wall_wedge_wider_than_a_half_turn_or_of_no_width_is_refused(double arcDegrees) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegionalWallMotion(LvWall.Inferior, 0, arcDegrees));

    [Fact]
    public void Stress_only_defect_lowers_stress_heart_counts_and_leaves_rest_unchanged()
    {
        var normal = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 4, Reduced = true });
        var defect = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 4, Reduced = true, MyocardialDefect = new Dictionary<int, double> { [7] = 0, [13] = 0, [1] = 0 } });
        Assert.Equal(normal.Truth.Quantities["rest.ant.heartMeanCounts.expected"], defect.Truth.Quantities["rest.ant.heartMeanCounts.expected"], 3);
        Assert.True(defect.Truth.Quantities["stress.ant.heartMeanCounts.expected"] < 0.97 * normal.Truth.Quantities["stress.ant.heartMeanCounts.expected"]);
    }

    [Fact]
    public void Thallium_stress_and_redistribution_follow_one_injection_with_the_rest_pattern_at_4_h()
    {
        var defect = new Dictionary<int, double> { [7] = 0.4, [13] = 0.4 };
        var normal = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 4, Reduced = true, Nuclide = "Tl-201" });
        var reversible = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 4, Reduced = true, Nuclide = "Tl-201", MyocardialDefect = defect });
        Assert.Equal("Tl-201", normal.Truth.Radionuclide);
        Assert.Equal(["Stress ANT", "Stress LAO45", "Stress LLAT", "Redistribution ANT", "Redistribution LAO45", "Redistribution LLAT"],
            normal.Series.Select(s => s.SeriesDescription));
        // One injection at peak stress: every series carries it; redistribution is imaged 4 h later.
        Assert.Single(normal.Series.Select(s => s.InjectionTime).Distinct());
        Assert.Equal(4, (normal.Series[3].AcquisitionStart - normal.Series[0].InjectionTime).TotalHours, 6);
        // The Hg x-ray window first (main line), then 167 keV: two photopeak windows with their scatter windows.
        Assert.Equal(["PHOTOPEAK 71", "LOWER SCAT 71", "UPPER SCAT 71", "PHOTOPEAK 167", "LOWER SCAT 167", "UPPER SCAT 167"],
            normal.Truth.Camera.Windows.Select(w => w.Name));
        // Myocardium washes out by 4 h: fewer heart counts at redistribution.
        var q = normal.Truth.Quantities;
        Assert.InRange(q["redistribution.ant.heartMeanCounts.expected"] / q["stress.ant.heartMeanCounts.expected"], 0.5, 0.9);
        // A stress-only defect lowers the stress heart and fills in by redistribution.
        var r = reversible.Truth.Quantities;
        Assert.True(r["stress.ant.heartMeanCounts.expected"] < 0.97 * q["stress.ant.heartMeanCounts.expected"]);
        Assert.Equal(q["redistribution.ant.heartMeanCounts.expected"], r["redistribution.ant.heartMeanCounts.expected"], 3);
    }

    [Fact]
    public void Mpi_planar_refuses_a_tracer_it_does_not_simulate()
    {
        var e = Assert.Throws<ArgumentException>(() => Simulator.Simulate("mpi-planar", new SimulationOptions { Reduced = true, Nuclide = "In-111" }));
        Assert.Contains("Tl-201", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Simulator.Simulate("mpi-planar", new SimulationOptions { Reduced = true, Nuclide = "Tl-201", FirstPassAtStress = true }));
    }

    [Fact]
    public void A_knees_area_images_the_whole_body_phantom_s_legs_with_a_focus_in_the_right_knee()
    {
        var r = Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 4, Reduced = true, Areas = [TumourArea.AbdomenPelvis, TumourArea.Knees] });
        Assert.Equal(2, r.Series.Count);
        Assert.Equal(2, r.Truth.Quantities["areas.count"]);
        // The torso grid ends at the pelvis; the knees' bed needs the whole-body grid (feet to vertex).
        Assert.True(r.Truth.Phantom.Nz * r.Truth.Phantom.VoxelMm > 1500, $"{r.Truth.Phantom.Nz} slices of {r.Truth.Phantom.VoxelMm} mm");
        var knee = r.Truth.Phantom.Lesions![^1];
        Assert.Equal((-85, -715), (knee.XMm, knee.ZMm));
        Assert.Equal(TumourSpectStudy.DefaultLesions.Count + 1, r.Truth.Phantom.Lesions.Count);
        Assert.Throws<ArgumentException>(() => TumourAreas.Parse("chest-abdomen,feet"));
        Assert.Throws<ArgumentException>(() => TumourAreas.Parse("knees,knees"));
    }

    [Fact]
    public void Lesion_volumes_and_contrast_match_the_voxelised_phantom()
    {
        var r = Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 4, Reduced = true });
        Assert.Equal(2, r.Series.Count);
        foreach (var l in r.Truth.Phantom.Lesions!)
        {
            // 8 mm voxels, 27 sub-samples: spheres of radius ≥ 10 mm within 15%.
            Assert.InRange(l.VoxelVolumeMl / l.VolumeMl, 0.85, 1.15);
            Assert.Equal(l.ContrastToBackground, r.Truth.Quantities[$"{l.Name}.lesionToBackground.physical"], 6);
        }
    }
}
