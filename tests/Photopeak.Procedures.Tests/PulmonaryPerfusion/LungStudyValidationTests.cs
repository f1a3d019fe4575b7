using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.PulmonaryPerfusion;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>Malformed or incomplete lung studies stop with a message naming the view.</summary>
[Collection(SimulatedLungStudies.Collection)]
public class LungStudyValidationTests(SimulatedLungStudies fixture)
{
    /// <summary>Reads the ANT/POST file of a study with one detector's View Code changed (e.g. POST re-coded as RAO).</summary>
    private static NmAcquisition Recoded(string directory, int detector, string code, string meaning)
    {
        var file = DicomFile.Open(Path.Combine(directory, "perf_ant_post.dcm"));
        var view = file.Dataset.GetSequence(DicomTags.DetectorInformationSequence)[detector - 1].GetItem(DicomTags.ViewCodeSequence)!;
        view.Set(DicomTags.CodeValue, code).Set(DicomTags.CodeMeaning, meaning);
        return NmAcquisition.FromFile(file);
    }

    private static Study StudyOf(params NmAcquisition[] acquisitions) =>
        new("1.2.3", acquisitions.Select((a, i) => new Series($"1.2.3.{i}", [a], [])).ToArray());

    [Fact]
    public void A_missing_posterior_view_is_named()
    {
        var s = fixture.Studies[0];
        var study = StudyOf(Recoded(s.Directory, 2, "R-10218", "right anterior oblique"));
        var ex = Assert.Throws<StudyValidationException>(() => PulmonaryPerfusionProcedure.Analyse(study, new PulmonaryPerfusionOptions()));
        Assert.Contains("no posterior (POST) view", ex.Message);
        Assert.Equal(DicomTags.ViewCodeSequence, ex.Tag);
    }

    [Fact]
    public void A_missing_anterior_view_is_named()
    {
        var s = fixture.Studies[0];
        var study = StudyOf(Recoded(s.Directory, 1, "R-10218", "right anterior oblique"));
        var ex = Assert.Throws<StudyValidationException>(() => PulmonaryPerfusionProcedure.Analyse(study, new PulmonaryPerfusionOptions()));
        Assert.Contains("no anterior (ANT) view", ex.Message);
    }

    [Fact]
    public void Anterior_and_posterior_of_different_matrices_are_refused_naming_the_posterior_view()
    {
        var small = Photopeak.Simulation.Acquisitions.Simulator.Simulate("lung-perfusion",
            new Photopeak.Simulation.Acquisitions.SimulationOptions { Seed = 7, Reduced = true, Matrix = 32 });
        var dir = Path.Combine(fixture.Studies[0].Directory, "small");
        Photopeak.Simulation.Acquisitions.Simulator.Write(small, dir);
        var antOnly = Recoded(fixture.Studies[0].Directory, 2, "R-10218", "right anterior oblique");
        var postOnly = Recoded(dir, 1, "R-10220", "left anterior oblique");
        var ex = Assert.Throws<StudyValidationException>(() => PulmonaryPerfusionProcedure.Analyse(StudyOf(antOnly, postOnly), new PulmonaryPerfusionOptions()));
        Assert.Contains("POST view is 32 × 32 but ANT is 64 × 64", ex.Message);
    }

    [Fact]
    public void A_study_without_a_perfusion_tracer_is_not_taken_for_a_lung_study()
    {
        var file = DicomFile.Open(Path.Combine(fixture.Studies[0].Directory, "perf_ant_post.dcm"));
        var rp = file.Dataset.GetSequence(DicomTags.RadiopharmaceuticalInformationSequence)[0];
        rp.Set(DicomTags.Radiopharmaceutical, "Tc-99m sestamibi");
        rp.Remove(DicomTags.RadiopharmaceuticalCodeSequence);
        file.Dataset.Set(DicomTags.SeriesDescription, "Myocardial rest");
        var study = StudyOf(NmAcquisition.FromFile(file));
        Assert.False(new PulmonaryPerfusionProcedure().Fits(study).Fits);
        var ex = Assert.Throws<StudyValidationException>(() => PulmonaryPerfusionProcedure.Analyse(study, new PulmonaryPerfusionOptions()));
        Assert.Contains("no Tc-99m MAA perfusion acquisition", ex.Message);
    }

    [Fact]
    public void Views_without_view_codes_are_taken_from_the_description_with_a_warning()
    {
        var file = DicomFile.Open(Path.Combine(fixture.Studies[0].Directory, "perf_ant_post.dcm"));
        // No geometry either: the description is the only evidence of the views left.
        foreach (var item in file.Dataset.GetSequence(DicomTags.DetectorInformationSequence))
        {
            item.Remove(DicomTags.ViewCodeSequence); item.Remove(DicomTags.ImageOrientationPatient); item.Remove(DicomTags.StartAngle);
        }
        var r = PulmonaryPerfusionProcedure.Analyse(StudyOf(NmAcquisition.FromFile(file)), new PulmonaryPerfusionOptions());
        Assert.All(r.Perfusion.Views, v => Assert.True(v.RecognisedFromDescription));
        Assert.Contains(r.Warnings, w => w.Contains("View Code Sequence") && w.Contains("Posterior"));
        Assert.Equal(fixture.Studies[0].Truth["perf.lung.right.expectedPercent"], r.Measurements["lung_right_percent"].Value!.Value, 1.0);
    }

    [Theory]
    [InlineData(65535)]
    [InlineData(100)]
    public void A_flat_perfusion_view_is_refused_naming_the_view_instead_of_getting_a_split(int value)
    {
        var file = DicomFile.Open(Path.Combine(fixture.Studies[0].Directory, "perf_ant_post.dcm"));
        var pixels = file.Dataset[DicomTags.PixelData]!.Value.ToArray();
        for (var i = 0; i < pixels.Length; i += 2) BitConverter.TryWriteBytes(pixels.AsSpan(i), (ushort)value);
        file.Dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        var ex = Assert.Throws<StudyValidationException>(() => PulmonaryPerfusionProcedure.Analyse(StudyOf(NmAcquisition.FromFile(file)), new PulmonaryPerfusionOptions()));
        Assert.Contains("perfusion ANT view: no contrast", ex.Message);
        Assert.Equal(DicomTags.PixelData, ex.Tag);
    }

    [Fact]
    public void A_focal_hot_spot_in_a_lung_is_flagged_as_possible_clumping()
    {
        var s = fixture.Studies[0];
        var clean = PulmonaryPerfusionProcedure.Analyse(s.Study, new PulmonaryPerfusionOptions());
        Assert.DoesNotContain(clean.Warnings, w => w.Contains("hot spot"));

        var file = DicomFile.Open(Path.Combine(s.Directory, "perf_ant_post.dcm"));
        var pixels = file.Dataset[DicomTags.PixelData]!.Value.ToArray();
        var centre = clean.Rois.RightSpans[clean.Rois.RightSpans.Count / 2];
        var index = centre[0] * clean.Rois.Columns + (centre[1] + centre[2]) / 2; // frame 0 = photopeak, detector 1 (ANT)
        BitConverter.TryWriteBytes(pixels.AsSpan(2 * index, 2), (ushort)4000);
        file.Dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        var r = PulmonaryPerfusionProcedure.Analyse(StudyOf(NmAcquisition.FromFile(file)), new PulmonaryPerfusionOptions());
        Assert.Contains(r.Warnings, w => w.Contains("perfusion ANT: focal hot spot"));
    }
}
