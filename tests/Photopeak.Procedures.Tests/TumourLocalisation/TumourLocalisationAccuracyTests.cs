using System.Numerics;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.TumourLocalisation;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>Tumour SPECT studies simulated once: the clinical two-bed I-123 mIBG study (2 × 120 views of 128², 25 s per
/// view, ME) and a reduced one-bed study.</summary>
public sealed class SimulatedTumourStudies : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("photopeak-tumour-").FullName;

    public SimulatedTumourStudies()
    {
        Full = Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 41 });
        Simulator.Write(Full, Path.Combine(root, "full"));
        var single = Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 42, Reduced = true, BedPositions = 1 });
        Simulator.Write(single, Path.Combine(root, "single"));
        Simulator.Write(Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 45, Reduced = true }), Path.Combine(root, "two"));
        Simulator.Write(Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 46, Reduced = true, BedPositions = 1, ImagingDays = 2 }), Path.Combine(root, "two-days"));
        Simulator.Write(Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 49, Reduced = true, WithCt = true, Views = 64, FrameSeconds = 25 }), Path.Combine(root, "ct"));
        Simulator.Write(Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 51, Reduced = true, WithCt = true, BedPositions = 1, Views = 64, FrameSeconds = 25 }), Path.Combine(root, "single-ct"));
    }

    public SimulationResult Full { get; }
    public string Folder(string name) => Path.Combine(root, name);

    /// <summary>A copy of the reduced two-bed study with <paramref name="edit"/> applied to the data set of one bed's file.</summary>
    public string EditedCopy(string bedFile, Action<Photopeak.Dicom.DicomDataset> edit)
    {
        var dir = Path.Combine(root, "edited-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(Folder("two"), "*.dcm")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var path = Path.Combine(dir, bedFile);
        var file = Photopeak.Dicom.DicomFile.Open(path);
        edit(file.Dataset);
        file.Save(path);
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}

public sealed class TumourLocalisationAccuracyTests(SimulatedTumourStudies studies, ITestOutputHelper output) : IClassFixture<SimulatedTumourStudies>
{
    private static readonly TumourLocalisationProcedure Procedure = new();

    private static ProcedureOutcome Analyse(string folder, ProcedureRequest? request = null) =>
        Procedure.Analyse(StudyLoader.Load(folder).Studies.Single(), request ?? new ProcedureRequest());

    [Fact]
    public void Every_simulated_lesion_of_the_clinical_study_is_found_within_half_a_FWHM_and_nothing_else_is_called_a_lesion()
    {
        var outcome = Analyse(studies.Folder("full"));
        var json = System.Text.Json.JsonDocument.Parse(outcome.ResultJson).RootElement;
        var found = json.GetProperty("findings").GetProperty("lesions").EnumerateArray()
            .Select(l => (Id: l.GetProperty("id").GetString()!, Centre: l.GetProperty("centre_mm").EnumerateArray().Select(c => (float)c.GetDouble()).ToArray())).ToList();
        foreach (var f in found) output.WriteLine($"{f.Id} ({string.Join(", ", f.Centre)})");
        var truth = studies.Full.Truth.Phantom.Lesions!;
        // System FWHM of the ME collimator at 100 mm (truth.json) is 11.7 mm, about 15 mm at a body-contour orbit's depth:
        // half a FWHM is taken as 6 mm. Lesions 20–30 mm across, lesion-to-background 8–12 (measured: 1.0–3.6 mm off).
        const float halfFwhmMm = 6;
        foreach (var t in truth)
        {
            var centre = new Vector3((float)t.XMm, (float)t.YMm, (float)t.ZMm);
            var nearest = found.Select(f => Vector3.Distance(centre, new Vector3(f.Centre[0], f.Centre[1], f.Centre[2]))).Min();
            output.WriteLine($"{t.Name}: nearest found {nearest:0.0} mm");
            Assert.True(nearest <= halfFwhmMm, $"{t.Name} at ({t.XMm}, {t.YMm}, {t.ZMm}) mm: nearest lesion found {nearest:0.0} mm away");
        }
        Assert.Equal(truth.Count, found.Count); // no false lesion: the myocardium, liver and spleen are physiological
        Assert.Equal(["78831"], outcome.Result.Cpt);
        Assert.Equal(2, outcome.Result.Value(TumourMeasurementKeys.AreasImaged));
        Assert.Equal(1, outcome.Result.Value(TumourMeasurementKeys.DaysImaged));
        Assert.Equal(truth.Count, outcome.Result.Value(TumourMeasurementKeys.LesionCount));
    }

    [Fact]
    public void The_report_draws_transaxial_coronal_and_sagittal_slices_through_each_lesion_with_its_circle_on_the_uptake()
    {
        var outcome = Analyse(studies.Folder("two"));
        var ids = System.Text.Json.JsonDocument.Parse(outcome.ResultJson).RootElement.GetProperty("findings").GetProperty("lesions").EnumerateArray()
            .Select(l => l.GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var figure = Assert.IsType<Photopeak.Reporting.Figures.ImagePanelsFigure>(outcome.Report.Figures.Single(f => f.Title.StartsWith(id + ":", StringComparison.Ordinal)));
            Assert.Equal(["transaxial", "coronal", "sagittal"], figure.Panels.Select(p => p.Label.Split(',')[0]));
            // The three planes cross at the lesion's centre voxel: each circle's centre pixel is that one voxel (a slice cut
            // along the wrong axis, or a circle put with swapped coordinates, would show another), and it is hotter than the
            // typical body pixel of the slice.
            var centres = figure.Panels.Select(panel =>
            {
                var circle = Assert.IsType<Photopeak.Reporting.Figures.EllipseOverlay>(Assert.Single(panel.Overlays));
                var pixels = panel.Image.Pixels.ToArray();
                var atCentre = pixels[(int)circle.CentreY * panel.Image.Width + (int)circle.CentreX];
                var body = pixels.Where(v => v > 0.05f * panel.Image.Range().Max).Order().ToArray();
                Assert.True(atCentre > body[body.Length / 2], $"{id} {panel.Label}: {atCentre} at the circle's centre, median body pixel {body[body.Length / 2]}");
                return atCentre;
            }).ToList();
            Assert.All(centres, c => Assert.Equal(centres[0], c));
        }
    }

    [Fact]
    public void One_bed_on_one_day_is_coded_78803()
    {
        var outcome = Analyse(studies.Folder("single"));
        Assert.Equal(["78803"], outcome.Result.Cpt);
        Assert.Equal(1, outcome.Result.Value(TumourMeasurementKeys.AreasImaged));
        Assert.DoesNotContain(outcome.Report.Figures, f => f.Title.StartsWith("CT at", StringComparison.Ordinal));
    }

    [Fact]
    public void One_area_imaged_on_two_days_is_coded_78831_and_each_day_is_analysed()
    {
        var outcome = Analyse(studies.Folder("two-days"));
        Assert.Equal(["78831"], outcome.Result.Cpt);
        Assert.Equal(1, outcome.Result.Value(TumourMeasurementKeys.AreasImaged));
        Assert.Equal(2, outcome.Result.Value(TumourMeasurementKeys.DaysImaged));
        var lesions = System.Text.Json.JsonDocument.Parse(outcome.ResultJson).RootElement.GetProperty("findings").GetProperty("lesions")
            .EnumerateArray().Select(l => (Id: l.GetProperty("id").GetString()!, Day: l.GetProperty("day").GetInt32(),
                Centre: l.GetProperty("centre_mm").EnumerateArray().Select(c => (float)c.GetDouble()).ToArray(),
                SameAs: l.GetProperty("same_as").EnumerateArray().Select(x => x.GetString()!).ToList())).ToList();
        Assert.Equal([1, 2], lesions.Select(l => l.Day).Distinct().Order().ToList());
        // The phantom's lesions do not move between the days: a focus found on both days at one truth lesion is the same focus.
        foreach (var truth in TumourSpectStudy.DefaultLesions)
        {
            var near = lesions.Where(l => Vector3.Distance(new Vector3(l.Centre[0], l.Centre[1], l.Centre[2]), truth.CentreMm) < 12).ToList();
            var d1 = near.Where(l => l.Day == 1).ToList(); var d2 = near.Where(l => l.Day == 2).ToList();
            if (d1.Count == 1 && d2.Count == 1)
            {
                Assert.Equal([d2[0].Id], d1[0].SameAs);
                Assert.Equal([d1[0].Id], d2[0].SameAs);
            }
        }
        Assert.Contains(lesions, l => l.SameAs.Count > 0);
        Assert.Contains("days 1, 2", outcome.Result.Findings["cross_day"], StringComparison.Ordinal);
    }

    [Fact]
    public void Edited_lesion_rois_are_taken_back_moved_deleted_and_added()
    {
        var first = Analyse(studies.Folder("two"));
        var root = System.Text.Json.Nodes.JsonNode.Parse(first.ResultJson)!.AsObject();
        var rois = root["rois"]!.AsArray();
        Assert.True(rois.Count >= 1, "the reduced study yields at least one lesion ROI");
        Assert.All(rois, r => Assert.Equal("sphere", r!["shape"]!.GetValue<string>()));
        // Keep the first lesion, moved 6 mm to the patient's left; delete the others; add one at the mediastinal lesion.
        var kept = rois[0]!.DeepClone().AsObject();
        var keptName = kept["name"]!.GetValue<string>();
        var point = kept["points"]![0]!.AsArray();
        var original = new Vector3(point[0]!.GetValue<float>(), point[1]!.GetValue<float>(), point[2]!.GetValue<float>());
        point[0] = original.X + 6;
        var added = kept.DeepClone().AsObject();
        added["name"] = "lesion X9";
        var mediastinal = TumourSpectStudy.DefaultLesions[2].CentreMm;
        added["points"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonArray(mediastinal.X + 5, mediastinal.Y - 5, mediastinal.Z));
        added["radius_mm"] = 15;
        root["rois"] = new System.Text.Json.Nodes.JsonArray(kept, added);
        var path = Path.Combine(Path.GetTempPath(), $"photopeak-rois-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, root.ToJsonString());
        try
        {
            var edited = Analyse(studies.Folder("two"), new ProcedureRequest { RoisPath = path });
            var lesions = System.Text.Json.JsonDocument.Parse(edited.ResultJson).RootElement.GetProperty("findings").GetProperty("lesions").EnumerateArray()
                .ToDictionary(l => l.GetProperty("id").GetString()!, l => l.GetProperty("centre_mm").EnumerateArray().Select(c => (float)c.GetDouble()).ToArray());
            Assert.Equal([keptName["lesion ".Length..], "X9"], lesions.Keys.Order().ToArray());
            var c1 = lesions[keptName["lesion ".Length..]];
            Assert.True(Vector3.Distance(new Vector3(c1[0], c1[1], c1[2]), original) < 8, "the moved lesion is re-measured where it is");
            var c2 = lesions["X9"];
            Assert.True(Vector3.Distance(new Vector3(c2[0], c2[1], c2[2]), mediastinal) < 8, "the added lesion is measured at the uptake within its radius");
            Assert.Equal(2, edited.Result.Value(TumourMeasurementKeys.LesionCount));
            Assert.Contains(edited.Result.Warnings, w => w.Contains("--rois", StringComparison.Ordinal));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_lesion_roi_of_absurd_radius_is_refused_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"photopeak-rois-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"rois": [{"name": "lesion L1", "image": "day 1 volume", "shape": "sphere", "method": "edited", "points": [[0, 0, 0]], "radius_mm": 1e9}]}""");
        try
        {
            var e = Assert.Throws<ProcedureInputException>(() => Analyse(studies.Folder("single"), new ProcedureRequest { RoisPath = path }));
            Assert.Contains("lesion L1", e.Message);
            Assert.Contains("radius_mm", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SPECT_with_a_CT_of_its_frame_of_reference_is_coded_78832_and_lesions_are_placed_from_the_CT()
    {
        var outcome = Analyse(studies.Folder("ct"));
        Assert.Equal(["78832"], outcome.Result.Cpt);
        Assert.StartsWith("OSEM", outcome.Result.Methods["reconstruction"]);
        Assert.Contains("ct μ-map", outcome.Result.Methods["reconstruction"]);
        // The CT spans the phantom (z ±278 mm); bed 2 reaches 430 mm below the origin: the rest of its μ-map is air, and said so.
        Assert.Contains(outcome.Result.Warnings, w => w.Contains("spect_bed2.dcm", StringComparison.Ordinal) && w.Contains("the CT covers", StringComparison.Ordinal));
        var regions = System.Text.Json.JsonDocument.Parse(outcome.ResultJson).RootElement.GetProperty("findings").GetProperty("lesions").EnumerateArray()
            .Select(l => (Centre: l.GetProperty("centre_mm").EnumerateArray().Select(c => (float)c.GetDouble()).ToArray(), Region: l.GetProperty("region").GetString()!)).ToList();
        // The right adrenal lesion (−60, 40, −125) lies below the lung bases; the upper mediastinal node (12, 5, 110) between the lungs.
        var adrenal = regions.Single(r => Vector3.Distance(new Vector3(r.Centre[0], r.Centre[1], r.Centre[2]), TumourSpectStudy.DefaultLesions[0].CentreMm) < 10);
        Assert.StartsWith("right upper abdomen", adrenal.Region);
        var node = regions.Single(r => Vector3.Distance(new Vector3(r.Centre[0], r.Centre[1], r.Centre[2]), TumourSpectStudy.DefaultLesions[2].CentreMm) < 10);
        Assert.StartsWith("mediastinum", node.Region);
        // The report fuses each lesion's SPECT slice over the CT at its level, both on the SPECT grid.
        var ctFigure = Assert.IsType<Photopeak.Reporting.Figures.ImagePanelsFigure>(outcome.Report.Figures.Single(f => f.Title.StartsWith("SPECT/CT fusion", StringComparison.Ordinal)));
        Assert.Equal(Math.Min(regions.Count, 12), ctFigure.Panels.Count);
        Assert.All(ctFigure.Panels, p =>
        {
            var fusion = Assert.IsType<Photopeak.Reporting.Figures.FusionLayer>(p.Fusion);
            Assert.Equal(p.Image.Width, fusion.Image.Width);
            Assert.True(fusion.WindowUpper > fusion.WindowLower);
            Assert.Equal(-1000, p.Image.Range().Min, 1);      // air around the body: the base image is the CT in HU
        });
    }

    [Fact]
    public void One_area_with_its_CT_is_coded_78830_and_a_calibrated_quantification_adds_78835_to_78830_and_to_78832()
    {
        Assert.Equal(["78830"], Analyse(studies.Folder("single-ct")).Result.Cpt);
        var calibrated = new ProcedureRequest { Options = [new TumourSpectOptions { CfCpsPerMBq = 100, WeightKg = 70 }] };
        Assert.Equal(["78830", "78835"], Analyse(studies.Folder("single-ct"), calibrated).Result.Cpt);
        Assert.Equal(["78832", "78835"], Analyse(studies.Folder("ct"), calibrated).Result.Cpt);
        // Without CT the add-on has no primary to go with (CLINICAL §4): a calibrated SPECT alone stays 78803.
        Assert.Equal(["78803"], Analyse(studies.Folder("single"), calibrated).Result.Cpt);
    }

    [Fact]
    public void A_CT_of_another_frame_of_reference_is_not_used_and_the_warning_names_the_attribute()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"photopeak-ct-for-{Guid.NewGuid():N}");
        try
        {
            foreach (var f in Directory.GetFiles(studies.Folder("ct"), "*.dcm", SearchOption.AllDirectories))
            {
                var target = Path.Combine(dir, Path.GetRelativePath(studies.Folder("ct"), f));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                var file = Photopeak.Dicom.DicomFile.Open(f);
                if (file.Dataset.GetString(Photopeak.Dicom.DicomTags.Modality) == "CT")
                    file.Dataset.Set(Photopeak.Dicom.DicomTags.FrameOfReferenceUID, "2.25.1234567890");
                file.Save(target);
            }
            var outcome = Analyse(dir);
            Assert.Equal(["78831"], outcome.Result.Cpt);
            Assert.Contains(outcome.Result.Warnings, w => w.Contains("(0020,0052)", StringComparison.Ordinal) && w.Contains("2.25.1234567890", StringComparison.Ordinal));
            Assert.Contains("chang", outcome.Result.Methods["reconstruction"]);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("SeriesDescription", "MIBI SPECT Parathyroid")]
    [InlineData("StudyDescription", "Szintigraphie Nebenschilddrüsen")]
    public void A_SPECT_named_for_the_parathyroid_glands_is_not_tumour_localisation_it_has_codes_of_its_own(string attribute, string description)
    {
        var tag = attribute == "SeriesDescription" ? Photopeak.Dicom.DicomTags.SeriesDescription : Photopeak.Dicom.DicomTags.StudyDescription;
        var dir = studies.EditedCopy("spect_bed1.dcm", ds => ds.Set(tag, description));
        var why = TumourSpectRecognition.WhyNot(StudyLoader.Load(dir).Studies.Single());
        Assert.NotNull(why);
        Assert.Contains(description, why);
        Assert.Contains("78070", why);
        Assert.Null(TumourSpectRecognition.WhyNot(StudyLoader.Load(studies.Folder("two")).Studies.Single()));
    }

    [Fact]
    public void A_bed_without_rotation_information_is_refused_naming_the_file_and_the_sequence()
    {
        var dir = studies.EditedCopy("spect_bed2.dcm", ds => ds.Remove(Photopeak.Dicom.DicomTags.RotationInformationSequence));
        var e = Assert.ThrowsAny<Exception>(() => Analyse(dir));
        Assert.True(e is ProcedureInputException or Photopeak.Imaging.StudyValidationException, e.GetType().Name + ": " + e.Message);
        Assert.Contains("spect_bed2.dcm", e.Message);
        Assert.Contains("0054,0052", e.Message);
    }

    [Fact]
    public void Beds_of_different_radionuclides_are_refused_naming_each_bed()
    {
        var dir = studies.EditedCopy("spect_bed2.dcm", ds => ds.Remove(Photopeak.Dicom.DicomTags.RadiopharmaceuticalInformationSequence));
        var e = Assert.Throws<ProcedureInputException>(() => Analyse(dir));
        Assert.Contains("different radionuclides", e.Message);
        Assert.Contains("spect_bed1.dcm", e.Message);
        Assert.Contains("spect_bed2.dcm", e.Message);
    }

    [Fact]
    public void A_calibration_factor_of_another_nuclide_is_refused_naming_both()
    {
        var request = new ProcedureRequest { Options = [new TumourSpectOptions { CfCpsPerMBq = 100, CfNuclide = "Tc-99m" }] };
        var e = Assert.Throws<ProcedureInputException>(() => Analyse(studies.Folder("single"), request));
        Assert.Contains("Tc-99m", e.Message);
        Assert.Contains("I-123", e.Message);
    }

    [Fact]
    public void With_a_calibration_factor_lesions_carry_concentrations_and_SUV_and_the_quantification_is_documented()
    {
        var request = new ProcedureRequest { Options = [new TumourSpectOptions { CfCpsPerMBq = 100, WeightKg = 70 }] };
        var outcome = Analyse(studies.Folder("single"), request);
        var lesions = System.Text.Json.JsonDocument.Parse(outcome.ResultJson).RootElement.GetProperty("findings").GetProperty("lesions");
        Assert.True(lesions.GetArrayLength() > 0);
        foreach (var l in lesions.EnumerateArray())
        {
            Assert.True(l.GetProperty("max_kbq_per_ml").GetDouble() >= l.GetProperty("mean_kbq_per_ml").GetDouble());
            Assert.True(l.GetProperty("suv_max").GetDouble() > 0);
        }
        Assert.Equal("Bq/ml", outcome.Result.Methods["units"][..5]);
    }
}
