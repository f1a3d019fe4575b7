using Photopeak.Dicom;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>A Tl-201 study as another camera writes it, not as our simulator does: the nuclide only coded (no tracer name),
/// series descriptions without a state word, and the x-ray window centred at 80 keV (72–88 keV, not holding the nominal
/// 71 keV) beside the 167 keV one; peak windows named as scatter windows often are; windows that miss the photopeak.</summary>
public sealed class PlanarMpiThalliumHeaderTests
{
    [Fact]
    public void A_thallium_study_with_a_coded_nuclide_an_80_keV_window_and_no_state_words_is_read_as_stress_and_redistribution()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-mpi-tl-header-").FullName;
        try
        {
            var result = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 1050, Reduced = true, Nuclide = "Tl-201" });
            Simulator.Write(result, dir);
            foreach (var path in Directory.EnumerateFiles(dir, "*.dcm"))
            {
                var file = DicomFile.Open(path);
                var ds = file.Dataset;
                ds.GetItem(DicomTags.RadiopharmaceuticalInformationSequence)!.Remove(DicomTags.Radiopharmaceutical);
                var view = Path.GetFileNameWithoutExtension(path).Split('_')[1].ToUpperInvariant();
                ds.Set(DicomTags.SeriesDescription, $"TL {view}");
                file.Save(path);
            }
            SetWindows(dir, [(72, 88, "EM1"), (58.9, 63.9, "SC1"), (88, 93, "SC2"), (150.7, 184.2, "EM2"), (139, 150.7, "SC3"), (184.2, 195.9, "SC4")]);
            var study = StudyLoader.Load(dir).Studies.Single();
            Assert.Null(MpiStudyRecognition.WhyNot(study));
            var warnings = new List<string>();
            var images = MpiStudyRecognition.Images(study, warnings);
            Assert.Equal(3, images.Count(i => i.State == PerfusionState.Stress));
            Assert.Equal(3, images.Count(i => i.State == PerfusionState.Redistribution));
            var a = images[0].Acquisition;
            Assert.Equal([1, 4], a.PhotopeakWindows.Select(w => w.Number));
            Assert.Equal(1, a.PhotopeakWindow!.Number);
            Assert.All(images, i => Assert.Equal(NormalTracer.Thallium201, PerfusionNormals.TracerFor(i.Acquisition)));
            double Total(NmAcquisition acq, int window) => acq.Frames.Where(f => f.EnergyWindow == window).Sum(f => acq.GetFrame(f.Frame).Pixels.Sum(v => (double)v));
            Assert.Equal(Total(a, 1) + Total(a, 4), images[0].Pixels.Sum(v => (double)v), 0.5);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Thallium_peak_windows_named_LOW_and_UP_are_read_as_peaks_not_as_scatter()
    {
        var dir = Simulated(1053, "Tl-201");
        try
        {
            // Window names as some cameras write them for Tl-201's two peaks; the scatter windows beside them named too.
            SetWindows(dir, [(63.9, 78.1, "TL LOW"), (57.9, 63.9, "LOW SC"), (78.1, 84.1, "UP SC"), (150.7, 184.2, "TL UP"), (139, 150.7, "SC3"), (184.2, 195.9, "SC4")]);
            var study = StudyLoader.Load(dir).Studies.Single();
            var warnings = new List<string>();
            var images = MpiStudyRecognition.Images(study, warnings);
            Assert.Equal(6, images.Count);
            Assert.All(images, i => Assert.Equal([1, 4], i.Acquisition.ImagedPhotopeakWindows.Select(w => w.Number)));
            Assert.DoesNotContain(warnings, w => w.Contains("energy window", StringComparison.OrdinalIgnoreCase));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_thallium_study_with_only_an_x_ray_window_is_read_with_one_warning_on_its_normal_limits()
    {
        var dir = Simulated(1054, "Tl-201");
        try
        {
            // No window on the 167 keV line: the x-ray window alone, against normal limits made from both summed.
            SetWindows(dir, [(63.9, 78.1, "EM"), (57.9, 63.9, "SC1"), (78.1, 84.1, "SC2"), (200, 210, "W4"), (210, 220, "W5"), (220, 230, "W6")]);
            var study = StudyLoader.Load(dir).Studies.Single();
            var warnings = new List<string>();
            var images = MpiStudyRecognition.Images(study, warnings);
            Assert.Equal(6, images.Count);
            Assert.All(images, i => Assert.Equal([1], i.Acquisition.ImagedPhotopeakWindows.Select(w => w.Number)));
            Assert.Single(warnings, w => w.StartsWith("Tl-201 read from one energy window", StringComparison.Ordinal));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Sestamibi_images_whose_windows_all_miss_140_keV_are_skipped_with_the_windows_named()
    {
        var dir = Simulated(1055, null);
        try
        {
            SetWindows(dir, [(100, 110, "A"), (110, 120, "B"), (160, 170, "C")]);
            var study = StudyLoader.Load(dir).Studies.Single();
            var warnings = new List<string>();
            Assert.Empty(MpiStudyRecognition.Images(study, warnings));
            Assert.Contains(warnings, w => w.StartsWith("rest_ant.dcm: none of its energy windows", StringComparison.Ordinal)
                && w.Contains("100-110 keV", StringComparison.Ordinal) && w.Contains("Tc-99m 140.5 keV photopeak", StringComparison.Ordinal)
                && w.Contains("(0054,0012)", StringComparison.Ordinal));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string Simulated(long seed, string? nuclide)
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-mpi-windows-").FullName;
        Simulator.Write(Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = seed, Reduced = true, Nuclide = nuclide }), dir);
        return dir;
    }

    // Rewrites every file's Energy Window Information Sequence (0054,0012) to these ranges (keV) and names, in order.
    private static void SetWindows(string dir, (double Lower, double Upper, string Name)[] ranges)
    {
        foreach (var path in Directory.EnumerateFiles(dir, "*.dcm"))
        {
            var file = DicomFile.Open(path);
            file.Dataset.SetSequence(DicomTags.EnergyWindowInformationSequence, [.. ranges.Select(r => new DicomDataset()
                .SetSequence(DicomTags.EnergyWindowRangeSequence, new DicomDataset()
                    .SetNumbers(DicomTags.EnergyWindowLowerLimit, r.Lower).SetNumbers(DicomTags.EnergyWindowUpperLimit, r.Upper))
                .Set(DicomTags.EnergyWindowName, r.Name))]);
            file.Save(path);
        }
    }

    [Fact]
    public void A_dual_isotope_study_without_state_words_is_thallium_rest_and_sestamibi_stress()
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-mpi-dual-").FullName;
        try
        {
            var thallium = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 1051, Reduced = true, Nuclide = "Tl-201" });
            var sestamibi = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 1052, Reduced = true });
            Simulator.Write(thallium, Path.Combine(dir, "tl"));
            Simulator.Write(sestamibi, Path.Combine(dir, "tc"));
            string? studyUid = null;
            // Tl-201 injected first and imaged early (its "stress" files), then sestamibi 3 h later (its stress files): one study.
            foreach (var (folder, prefix) in new[] { ("tl", "stress_"), ("tc", "stress_") })
                foreach (var path in Directory.EnumerateFiles(Path.Combine(dir, folder), prefix + "*.dcm"))
                {
                    var file = DicomFile.Open(path);
                    var ds = file.Dataset;
                    studyUid ??= ds.GetString(DicomTags.StudyInstanceUID);
                    ds.Set(DicomTags.StudyInstanceUID, studyUid!);
                    ds.Set(DicomTags.SeriesDescription, "MPI " + Path.GetFileNameWithoutExtension(path).Split('_')[1].ToUpperInvariant());
                    file.Save(Path.Combine(dir, $"{folder}_{Path.GetFileName(path)}"));
                }
            Directory.Delete(Path.Combine(dir, "tl"), recursive: true);
            Directory.Delete(Path.Combine(dir, "tc"), recursive: true);
            var study = StudyLoader.Load(dir).Studies.Single();
            var images = MpiStudyRecognition.Images(study, []);
            Assert.All(images.Where(i => MpiStudyRecognition.IsThallium(i.Acquisition)), i => Assert.Equal(PerfusionState.Rest, i.State));
            Assert.All(images.Where(i => !MpiStudyRecognition.IsThallium(i.Acquisition)), i => Assert.Equal(PerfusionState.Stress, i.State));
            Assert.Equal(6, images.Count);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
