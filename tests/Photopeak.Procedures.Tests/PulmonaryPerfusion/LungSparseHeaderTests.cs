using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.PulmonaryPerfusion;

namespace Photopeak.Procedures.Tests.PulmonaryPerfusion;

/// <summary>
/// Real department headers are sparser than the simulator's: a two-detector Tc-99m MAA ANT/POST file whose Radiopharmaceutical
/// Information Sequence names only the nuclide, whose View Code Sequence is empty and whose description is French. The split
/// must still come out within a point of truth, with the inferred or stated views said in the warnings.
/// </summary>
[Collection(SimulatedLungStudies.Collection)]
public class LungSparseHeaderTests(SimulatedLungStudies fixture)
{
    private const double SplitTolerancePercent = 1.0;

    /// <summary>The study's ANT/POST file stripped as a sparse real header: nuclide only, empty View Code Sequence, and
    /// <paramref name="description"/>; <paramref name="keepOrientation"/> and the start angles decide what geometry is left.</summary>
    private static DicomFile Sparse(SimulatedLungStudy s, string description, bool keepOrientation, double[]? startAngles = null)
    {
        var file = DicomFile.Open(Path.Combine(s.Directory, "perf_ant_post.dcm"));
        var rp = file.Dataset.GetSequence(DicomTags.RadiopharmaceuticalInformationSequence)[0];
        rp.Remove(DicomTags.Radiopharmaceutical);
        rp.Remove(DicomTags.RadiopharmaceuticalCodeSequence);
        var detectors = file.Dataset.GetSequence(DicomTags.DetectorInformationSequence);
        for (var i = 0; i < detectors.Count; i++)
        {
            detectors[i].SetSequence(DicomTags.ViewCodeSequence);
            if (!keepOrientation) { detectors[i].Remove(DicomTags.ImageOrientationPatient); detectors[i].Remove(DicomTags.ImagePositionPatient); }
            if (startAngles is not null) detectors[i].SetNumbers(DicomTags.StartAngle, startAngles[i]);
        }
        file.Dataset.Set(DicomTags.SeriesDescription, description);
        return file;
    }

    private static Study StudyOf(DicomFile file) => new("1.2.3", [new Series("1.2.3.1", [NmAcquisition.FromFile(file)], [])]);

    private static string Saved(DicomFile file)
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-sparse-").FullName;
        file.Save(Path.Combine(dir, "perf.dcm"));
        return dir;
    }

    private static double RightPercent(ProcedureOutcome outcome) => outcome.Result.Measurements[LungMeasurementKeys.RightPercent].Value!.Value;

    [Fact]
    public void A_French_lung_scan_naming_only_Tc99m_is_recognised_and_its_views_inferred_from_orientation()
    {
        var s = fixture.Studies[2];
        var study = StudyOf(Sparse(s, "Scintigraphie pulmonaire", keepOrientation: true));
        Assert.True(new PulmonaryPerfusionProcedure().Fits(study).Fits);
        var r = PulmonaryPerfusionProcedure.Analyse(study, new PulmonaryPerfusionOptions());
        Assert.Equal(s.Truth["perf.lung.right.expectedPercent"], r.Measurements[LungMeasurementKeys.RightPercent].Value!.Value, SplitTolerancePercent);
        Assert.Contains(r.Warnings, w => w.Contains("ANT inferred from the detector's Image Orientation"));
        Assert.Contains(r.Warnings, w => w.Contains("POST inferred from the detector's Image Orientation"));
        Assert.Contains(r.Warnings, w => w.Contains("taken as perfusion from the series description 'Scintigraphie pulmonaire'"));
    }

    [Fact]
    public void Without_orientation_the_views_follow_the_standard_start_angles_180_and_360()
    {
        var s = fixture.Studies[3];
        var study = StudyOf(Sparse(s, "Perfusión pulmonar", keepOrientation: false, startAngles: [180, 360]));
        var r = PulmonaryPerfusionProcedure.Analyse(study, new PulmonaryPerfusionOptions());
        Assert.Equal(s.Truth["perf.lung.right.expectedPercent"], r.Measurements[LungMeasurementKeys.RightPercent].Value!.Value, SplitTolerancePercent);
        Assert.Contains(r.Warnings, w => w.Contains("ANT inferred from the detector's Start Angle"));
    }

    [Fact]
    public void Swapped_start_angles_swap_the_views_so_the_split_follows_the_geometry_not_the_frame_order()
    {
        // Detector 1 at 0° is the posterior view: the left-right split of the same counts must not change (ANT and POST are
        // mirrored back to one orientation), which a reader that took frame 1 as ANT regardless would get wrong.
        var s = fixture.Studies[4];
        var study = StudyOf(Sparse(s, "Perfusion", keepOrientation: false, startAngles: [0, 180]));
        var r = PulmonaryPerfusionProcedure.Analyse(study, new PulmonaryPerfusionOptions());
        Assert.Equal([ViewKind.Posterior, ViewKind.Anterior], r.Perfusion.Views.Select(v => v.Kind));
        Assert.Equal(100 - s.Truth["perf.lung.right.expectedPercent"], r.Measurements[LungMeasurementKeys.RightPercent].Value!.Value, SplitTolerancePercent);
    }

    [Fact]
    public void A_header_naming_no_tracer_and_no_view_is_refused_until_procedure_and_views_are_stated()
    {
        var s = fixture.Studies[5];
        var dir = Saved(Sparse(s, "Statique 2 têtes", keepOrientation: false, startAngles: [0, 0]));
        try
        {
            var runner = ProcedureRunner.Default;
            var unknown = Assert.Throws<ProcedureNotRecognisedException>(() => runner.Run(dir, new ProcedureRequest()));
            Assert.Contains("--procedure", unknown.Message);

            var noViews = Assert.Throws<StudyValidationException>(() => runner.Run(dir, new ProcedureRequest(), "lung-perfusion"));
            Assert.True(noViews.Message.Contains("--views ANT,POST"), noViews.Message);

            var wrongCount = Assert.Throws<ProcedureOptionException>(() =>
                runner.Run(dir, new ProcedureRequest { StatedViews = [ViewKind.Anterior] }, "lung-perfusion"));
            Assert.Contains("--views ANT", wrongCount.Message);
            Assert.Contains("holds 2 planar views", wrongCount.Message);

            var run = runner.Run(dir, new ProcedureRequest { StatedViews = [ViewKind.Anterior, ViewKind.Posterior] }, "lung-perfusion");
            Assert.Equal(s.Truth["perf.lung.right.expectedPercent"], RightPercent(run.Outcome), SplitTolerancePercent);
            Assert.Contains(run.Outcome.Result.Warnings, w => w.Contains("--procedure lung-perfusion was stated"));
            Assert.Contains(run.Outcome.Result.Warnings, w => w.Contains("views stated with --views: ANT, POST"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
