using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Procedures.Results;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>The physician's edits of a planar MPI study come back through <c>--rois</c> (issue 13): the LV centre per image,
/// the heart border on the anterior images and the lung square change exactly the numbers they should; hostile edits are
/// refused with the reason.</summary>
public sealed class PlanarMpiEditedRoiTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("photopeak-mpi-rois-").FullName;
    private readonly string study;

    public PlanarMpiEditedRoiTests()
    {
        study = Path.Combine(root, "study");
        Simulator.Write(Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 1200, Reduced = true }), study);
        automatic = new(() => Run());
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private readonly Lazy<ProcedureResult> automatic;

    private ProcedureResult Run(IEnumerable<RoiDefinition>? rois = null)
    {
        string? path = null;
        if (rois is not null)
        {
            path = Path.Combine(root, $"rois-{Guid.NewGuid():N}.json");
            // A result.json whose ROIs the physician changed, as the report page or a script writes it back.
            File.WriteAllText(path, ResultJson.Serialize(automatic.Value with { Rois = [.. rois] }));
        }
        return new PlanarMpiProcedure().Analyse(StudyLoader.Load(study).Studies.Single(), new ProcedureRequest { RoisPath = path }).Result;
    }

    [Fact]
    public void Giving_back_the_automatic_ROIs_reproduces_the_result()
    {
        var automatic = this.automatic.Value;
        var again = Run(automatic.Rois);
        Assert.Equal(automatic.Value(MpiMeasurementKeys.TidRatio)!.Value, again.Value(MpiMeasurementKeys.TidRatio)!.Value, 6);
        Assert.Equal(automatic.Value(MpiMeasurementKeys.LungHeartRatio)!.Value, again.Value(MpiMeasurementKeys.LungHeartRatio)!.Value, 6);
        Assert.Equal(automatic.Value(MpiMeasurementKeys.StressDefectExtentPercent)!.Value, again.Value(MpiMeasurementKeys.StressDefectExtentPercent)!.Value, 0.5);
        Assert.All(again.Rois, r => Assert.Equal("edited by the user", r.Method));
        Assert.Contains("lv.centre on stress ANT", again.Methods!["edited_rois"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_larger_stress_heart_border_raises_TID_by_its_area_and_lowers_the_lung_heart_ratio()
    {
        var automatic = this.automatic.Value;
        var heart = automatic.Rois.Single(r => r.Name == "heart" && r.Image == "stress ANT");
        var (cr, cc) = heart.Centre;
        var larger = RoiDefinition.Polygon("heart", "stress ANT", "drawn", heart.Points!.Select(p => new[] { cr + 1.2 * (p[0] - cr), cc + 1.2 * (p[1] - cc) }).ToList(), heart.PixelSpacingMm!.Value);
        var edited = Run([larger]);
        Assert.Equal(1.44 * automatic.Value(MpiMeasurementKeys.TidRatio)!.Value, edited.Value(MpiMeasurementKeys.TidRatio)!.Value, 3);
        Assert.True(edited.Value(MpiMeasurementKeys.LungHeartRatio) > automatic.Value(MpiMeasurementKeys.LungHeartRatio),
            "a border taking in background lowers the heart's mean, so the lung/heart ratio rises");
        // Only the stress ANT heart was edited; the rest ANT border and every LV centre stay automatic.
        Assert.Equal("edited by the user", edited.Rois.Single(r => r.Name == "heart" && r.Image == "stress ANT").Method);
        Assert.NotEqual("edited by the user", edited.Rois.Single(r => r.Name == "heart" && r.Image == "rest ANT").Method);
    }

    [Fact]
    public void A_moved_LV_centre_is_used_as_given()
    {
        var automatic = this.automatic.Value;
        var centre = automatic.Rois.Single(r => r.Name == "lv.centre" && r.Image == "stress LAO 45");
        var moved = centre with { CentreRow = centre.CentreRow + 3, CentreColumn = centre.CentreColumn - 2 };
        var edited = Run([moved]).Rois.Single(r => r.Name == "lv.centre" && r.Image == "stress LAO 45");
        Assert.Equal(moved.CentreRow!.Value, edited.CentreRow!.Value, 6);
        Assert.Equal(moved.CentreColumn!.Value, edited.CentreColumn!.Value, 6);
        Assert.Equal("edited by the user", edited.Method);
    }

    [Theory]
    [InlineData("heart", "stress LAO 45", "must be a polygon on an anterior image")]
    [InlineData("lv.centre", "stress ANT", "must be a circle")]
    [InlineData("lung", "rest ANT", "belongs on the stress ANT image")]
    [InlineData("lv.centre", "redistribution ANT", "which this study does not hold")]
    [InlineData("septum", "stress ANT", "is not an ROI of planar MPI")]
    [InlineData("lv.ed", "gated frame 1", "holds no gated perfusion view")]
    public void Edited_ROIs_that_cannot_apply_are_refused_with_the_reason(string name, string image, string reason)
    {
        var roi = name == "lv.centre" && image == "stress ANT"
            ? RoiDefinition.Rectangle(name, image, "drawn", 40, 50, 60, 70, 3.125)
            : name == "heart" || name == "lung" ? RoiDefinition.Polygon(name, image, "drawn", [[40.0, 60.0], [40.0, 70.0], [50.0, 65.0]], 3.125)
            : RoiDefinition.Circle(name, image, "drawn", 60, 70, 10, 3.125);
        var e = Assert.Throws<ProcedureInputException>(() => Run([roi]));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_LV_centre_outside_its_image_is_refused_not_a_crash()
    {
        // The circle still covers pixels of the image, but its centre (the LV centre used as given) lies above the top row.
        var e = Assert.Throws<ProcedureInputException>(() => Run([RoiDefinition.Circle("lv.centre", "stress ANT", "drawn", -3, 60, 10, 3.125)]));
        Assert.Contains("lies outside", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heart_border_with_a_vertex_far_off_the_image_is_refused()
    {
        var heart = RoiDefinition.Polygon("heart", "stress ANT", "drawn", [[40.0, 60.0], [40.0, 1e6], [50.0, 65.0]], 3.125);
        var e = Assert.Throws<ProcedureInputException>(() => Run([heart]));
        Assert.Contains("not a finite [row, column] near", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heart_border_that_crosses_itself_is_refused()
    {
        // A bow tie: its shoelace area (TID) and its even-odd pixels (lung/heart ratio) would describe different regions.
        var heart = RoiDefinition.Polygon("heart", "stress ANT", "drawn", [[40.0, 50.0], [60.0, 70.0], [40.0, 70.0], [60.0, 50.0]], 3.125);
        var e = Assert.Throws<ProcedureInputException>(() => Run([heart]));
        Assert.Contains("crosses itself", e.Message, StringComparison.Ordinal);
    }
}
