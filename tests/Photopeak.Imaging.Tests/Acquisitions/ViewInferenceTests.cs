using Photopeak.Dicom;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using Photopeak.Testing;

namespace Photopeak.Imaging.Tests.Acquisitions;

/// <summary>Planar views without View Code Sequence, inferred from the geometry as PS3.3 C.8.4.12 defines Start Angle.</summary>
public class ViewInferenceTests
{
    [Theory]
    [InlineData(0, ViewKind.Posterior)]
    [InlineData(360, ViewKind.Posterior)]
    [InlineData(45, ViewKind.LeftPosteriorOblique)]
    [InlineData(90, ViewKind.LeftLateral)]
    [InlineData(135, ViewKind.LeftAnteriorOblique)]
    [InlineData(180, ViewKind.Anterior)]
    [InlineData(225, ViewKind.RightAnteriorOblique)]
    [InlineData(270, ViewKind.RightLateral)]
    [InlineData(315, ViewKind.RightPosteriorOblique)]
    [InlineData(-90, ViewKind.RightLateral)]
    [InlineData(158, ViewKind.Anterior)]
    [InlineData(113, ViewKind.LeftAnteriorOblique)]
    public void Start_angles_name_the_views_the_standard_places_there(double angleDeg, ViewKind expected) =>
        Assert.Equal(expected, ViewInference.FromAngle(angleDeg));

    [Theory]
    [InlineData(1, 0, 0, ViewKind.Anterior)]
    [InlineData(-1, 0, 0, ViewKind.Posterior)]
    [InlineData(0, 1, 0, ViewKind.LeftLateral)]
    [InlineData(0, -1, 0, ViewKind.RightLateral)]
    public void A_planar_row_direction_names_its_view(double rx, double ry, double rz, ViewKind expected) =>
        Assert.Equal(expected, ViewInference.FromOrientation([rx, ry, rz, 0, 0, -1]));

    [Fact]
    public void An_orientation_that_is_not_an_upright_planar_display_names_no_view()
    {
        Assert.Null(ViewInference.FromOrientation([1, 0, 0, 0, 1, 0])); // a transverse slice
        Assert.Null(ViewInference.FromOrientation([1, 0, 0, 0, 0, 1])); // feet at the top
        Assert.Null(ViewInference.FromOrientation([]));
    }

    // The shared real thyroid scan (another camera) codes its view FACE ANT, writes Start Angle 180 and a row direction of
    // about (1, 0, 0): without the code, both kinds of geometry must give the anterior view.
    [Fact]
    public void A_real_anterior_view_without_its_view_code_is_inferred_anterior_from_orientation_then_from_start_angle()
    {
        var file = DicomFile.Open(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"));
        var detector = file.Dataset.GetSequence(DicomTags.DetectorInformationSequence)[0];
        detector.Remove(DicomTags.ViewCodeSequence);
        var byOrientation = NmAcquisition.FromFile(file).Detectors[0].View!;
        Assert.Equal((ViewKind.Anterior, ViewSource.ImageOrientation), (byOrientation.Kind, byOrientation.Source));
        Assert.Contains("Image Orientation", byOrientation.Provenance);

        detector.Remove(DicomTags.ImageOrientationPatient);
        var byAngle = NmAcquisition.FromFile(file).Detectors[0].View!;
        Assert.Equal((ViewKind.Anterior, ViewSource.StartAngle), (byAngle.Kind, byAngle.Source));
    }

    [Fact]
    public void A_coded_view_is_kept_and_marked_as_coded()
    {
        var view = NmAcquisition.Open(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm")).Detectors[0].View!;
        Assert.Equal(ViewKind.Anterior, view.Kind);
        Assert.NotEqual(ViewSource.ImageOrientation, view.Source);
        Assert.NotEqual(ViewSource.StartAngle, view.Source);
    }

    [Fact]
    public void Two_detectors_whose_angles_give_the_same_view_get_no_inferred_view()
    {
        var ds = TwoDetectorStatic(0, 0);
        var a = SyntheticNm.Read(ds);
        Assert.All(a.Detectors, d => Assert.Null(d.View));
        var b = SyntheticNm.Read(TwoDetectorStatic(180, 360));
        Assert.Equal([ViewKind.Anterior, ViewKind.Posterior], b.Detectors.Select(d => d.View!.Kind));
    }

    [Fact]
    public void Stated_views_replace_the_header_per_detector_in_study_order_and_a_wrong_count_is_refused()
    {
        var a = SyntheticNm.Read(TwoDetectorStatic(0, 0));
        var study = new Study(SyntheticNm.StudyUid, [new Series("2.25.2001", [a], [])]);
        var stated = study.WithStatedViews([ViewKind.Anterior, ViewKind.Posterior]);
        var detectors = stated.Acquisitions.Single().Detectors;
        Assert.Equal([ViewKind.Anterior, ViewKind.Posterior], detectors.Select(d => d.View!.Kind));
        Assert.All(detectors, d => Assert.Equal(ViewSource.Stated, d.View!.Source));
        var ex = Assert.Throws<ArgumentException>(() => study.WithStatedViews([ViewKind.Anterior]));
        Assert.Contains("holds 2 planar views", ex.Message);
    }

    [Theory]
    [InlineData("Scintigraphie pulmonaire face antérieure", ViewKind.Anterior)]
    [InlineData("OAG 45", ViewKind.LeftAnteriorOblique)]
    [InlineData("OPD", ViewKind.RightPosteriorOblique)]
    [InlineData("Perfusión lateral izquierdo", ViewKind.LeftLateral)]
    [InlineData("Perfusione laterale destra", ViewKind.RightLateral)]
    [InlineData("Lunge ventral", ViewKind.Anterior)]
    [InlineData("POSTÉRIEURE", ViewKind.Posterior)]
    public void View_words_are_recognised_in_the_languages_of_the_sites(string text, ViewKind? expected) =>
        Assert.Equal(expected, PlanarView.Recognise(text));

    [Theory]
    [InlineData("ANT", ViewKind.Anterior)]
    [InlineData("post", ViewKind.Posterior)]
    [InlineData("LL", ViewKind.LeftLateral)]
    [InlineData("RL", ViewKind.RightLateral)]
    [InlineData("LAO", ViewKind.LeftAnteriorOblique)]
    [InlineData("XYZ", null)]
    public void Views_a_user_states_are_parsed(string token, ViewKind? expected) => Assert.Equal(expected, PlanarView.ParseStated(token));

    private static DicomDataset TwoDetectorStatic(double startAngle1, double startAngle2)
    {
        var ds = SyntheticNm.Header("STATIC", 2);
        ds.SetNumbers(DicomTags.DetectorVector, 1, 2).SetNumbers(DicomTags.NumberOfDetectors, 2)
          .SetNumbers(DicomTags.EnergyWindowVector, 1, 1).SetNumbers(DicomTags.NumberOfEnergyWindows, 1)
          .SetSequence(DicomTags.EnergyWindowInformationSequence, SyntheticNm.EnergyWindow(126, 154))
          .SetSequence(DicomTags.DetectorInformationSequence,
              new DicomDataset().SetNumbers(DicomTags.StartAngle, startAngle1),
              new DicomDataset().SetNumbers(DicomTags.StartAngle, startAngle2));
        return ds;
    }
}
