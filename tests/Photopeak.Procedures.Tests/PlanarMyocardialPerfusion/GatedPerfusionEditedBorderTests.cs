using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacBloodPool;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.PlanarMyocardialPerfusion;
using Photopeak.Procedures.Results;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.PlanarMyocardialPerfusion;

/// <summary>The physician corrects the gated perfusion EF by its endocardial borders (issue 13): the ED and ES borders are
/// ROIs <c>lv.ed</c> and <c>lv.es</c> on images "gated frame N", given back through <c>--rois</c>; the EF then follows their
/// areas, LVEF = 1 − (A_ES/A_ED)^1.5, and the wall motion their radii. Borders that cannot apply are refused with the
/// reason.</summary>
public sealed class GatedPerfusionEditedBorderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("photopeak-mpi-gated-rois-").FullName;
    private readonly string study;
    private readonly Lazy<ProcedureOutcome> automatic;

    public GatedPerfusionEditedBorderTests()
    {
        study = Path.Combine(root, "study");
        Simulator.Write(Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 1201, GatedFrames = 8, LvefPercent = 55, EdvMl = 130 }), study);
        automatic = new(() => Run(null));
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private ProcedureOutcome Run(IEnumerable<RoiDefinition>? rois)
    {
        string? path = null;
        if (rois is not null)
        {
            path = Path.Combine(root, $"rois-{Guid.NewGuid():N}.json");
            File.WriteAllText(path, ResultJson.Serialize(automatic.Value.Result with { Rois = [.. rois] }));
        }
        return new PlanarMpiProcedure().Analyse(StudyLoader.Load(study).Studies.Single(), new ProcedureRequest { RoisPath = path });
    }

    private static double GatedEf(ProcedureResult r) => r.Value(BloodPoolMeasurementKeys.LvefGatedPercent)!.Value;
    private RoiDefinition Automatic(string name) => automatic.Value.Result.Rois.Single(r => r.Name == name);

    // A border scaled about the centre of its area by a linear factor.
    private static RoiDefinition Scaled(RoiDefinition roi, double factor)
    {
        var (row, col) = RoiDefinition.PolygonCentroidPx(roi.Points!)!.Value;
        return roi with { Points = [.. roi.Points!.Select(p => new[] { row + factor * (p[0] - row), col + factor * (p[1] - col) })] };
    }

    [Fact]
    public void The_automatic_borders_are_ROIs_on_gated_frames_the_review_holds_and_their_areas_give_the_EF()
    {
        var outcome = automatic.Value;
        var ed = Automatic("lv.ed"); var es = Automatic("lv.es");
        Assert.Equal(RoiShape.Polygon, ed.Shape);
        Assert.Matches("^gated frame [1-8]$", ed.Image);
        Assert.Matches("^gated frame [1-8]$", es.Image);
        Assert.NotEqual(ed.Image, es.Image);
        Assert.True(outcome.RoiImages!.ContainsKey(ed.Image) && outcome.RoiImages.ContainsKey(es.Image), "the review needs the frames the borders lie on");
        // The drawn borders are the areas the EF uses: 1 − (A_ES/A_ED)^1.5 of their shoelace areas.
        var fromBorders = 100 * (1 - Math.Pow(RoiDefinition.PolygonAreaPx2(es.Points!) / RoiDefinition.PolygonAreaPx2(ed.Points!), 1.5));
        Assert.Equal(GatedEf(outcome.Result), fromBorders, 6);
    }

    [Fact]
    public void Giving_back_the_automatic_borders_reproduces_the_EF_and_wall_motion()
    {
        var again = Run(automatic.Value.Result.Rois).Result;
        Assert.Equal(GatedEf(automatic.Value.Result), GatedEf(again), 6);
        Assert.Equal(automatic.Value.Result.Findings["wall_motion"], again.Findings["wall_motion"]);
        // The review gives every ROI back on each recompute: borders as drawn are not an edit, and the report does not say so.
        Assert.DoesNotContain("edited by the user", again.Measurements[BloodPoolMeasurementKeys.LvefGatedPercent].Method, StringComparison.Ordinal);
    }

    [Fact]
    public void A_larger_end_systolic_border_lowers_the_EF_by_the_area_length_formula()
    {
        var ed = Automatic("lv.ed"); var es = Automatic("lv.es");
        var edited = Run([Scaled(es, 1.1)]).Result;
        var areaRatio = 1.21 * RoiDefinition.PolygonAreaPx2(es.Points!) / RoiDefinition.PolygonAreaPx2(ed.Points!);
        Assert.Equal(100 * (1 - Math.Pow(areaRatio, 1.5)), GatedEf(edited), 6);
        Assert.True(GatedEf(edited) < GatedEf(automatic.Value.Result) - 5, "a 10 % wider ES border takes about 10 points off an EF of 55 %");
        Assert.Equal(GatedEf(edited), edited.Value(BloodPoolMeasurementKeys.LvefPercent)!.Value, 6);
        Assert.Contains("edited by the user", edited.Measurements[BloodPoolMeasurementKeys.LvefGatedPercent].Method, StringComparison.Ordinal);
        // Only the ES border was edited; the ED one stays automatic, on its frame.
        Assert.Equal(ed.Image, edited.Rois.Single(r => r.Name == "lv.ed").Image);
        Assert.NotEqual("edited by the user", edited.Rois.Single(r => r.Name == "lv.ed").Method);
    }

    [Fact]
    public void An_end_systolic_border_drawn_at_end_diastole_size_makes_every_wall_akinetic()
    {
        var ed = Automatic("lv.ed"); var es = Automatic("lv.es");
        // The ED outline drawn on the ES frame, a hair inside: no wall moves.
        var edited = Run([Scaled(ed, 0.999) with { Name = "lv.es", Image = es.Image }]).Result;
        Assert.InRange(GatedEf(edited), 0, 0.5);
        Assert.DoesNotContain("normal", edited.Findings["wall_motion"], StringComparison.Ordinal);
        Assert.Equal(3, edited.Findings["wall_motion"].Split("akinetic").Length - 1);
    }

    [Fact]
    public void An_end_systolic_border_larger_than_the_end_diastolic_one_is_refused()
    {
        var e = Assert.Throws<ProcedureInputException>(() => Run([Scaled(Automatic("lv.ed"), 1.5) with { Name = "lv.es", Image = Automatic("lv.es").Image }]));
        Assert.Contains("not less than the end-diastolic border", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_border_that_does_not_surround_the_cavity_is_refused()
    {
        var ed = Automatic("lv.ed");
        // The border moved 30 pixels sideways: the rays from the cavity's centre no longer meet it all round.
        var moved = ed with { Points = [.. ed.Points!.Select(p => new[] { p[0], p[1] + 30 })] };
        var e = Assert.Throws<ProcedureInputException>(() => Run([moved]));
        Assert.Contains("does not surround the LV cavity's centre", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_border_notched_round_the_centre_between_two_rays_is_refused()
    {
        var ed = Automatic("lv.ed");
        var p = ed.Points!.ToList();
        // Vertex k lies on the ray at 10k° from the centre (row = sin, column = cos): vertex 0 shares the centre's row, vertex 9
        // its column. A notch between vertices 0 and 1 reaches round the centre to 1 px beyond it, so every ray still meets the
        // border but the centre lies outside it.
        var (row, col) = (p[0][0], p[9][1]);
        double[] Beyond(double degrees) => [row + Math.Sin(degrees * Math.PI / 180), col + Math.Cos(degrees * Math.PI / 180)];
        var notched = ed with { Points = [p[0], Beyond(190), Beyond(170), .. p.Skip(1)] };
        var e = Assert.Throws<ProcedureInputException>(() => Run([notched]));
        Assert.Contains("does not surround the LV cavity's centre", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gated frame 9", "'gated frame 1' to 'gated frame 8'")]
    [InlineData("frame 2", "belongs on a frame of the gated view")]
    [InlineData("stress LAO 45", "belongs on a frame of the gated view")]
    public void A_border_on_an_image_that_is_not_a_gated_frame_is_refused(string image, string reason)
    {
        var e = Assert.Throws<ProcedureInputException>(() => Run([Automatic("lv.ed") with { Image = image }]));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("lv.ed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_circle_or_a_second_border_is_refused()
    {
        var ed = Automatic("lv.ed");
        var circle = Assert.Throws<ProcedureInputException>(() => Run([RoiDefinition.Circle("lv.ed", ed.Image, "drawn", 60, 60, 8, ed.PixelSpacingMm!.Value)]));
        Assert.Contains("must be a polygon", circle.Message, StringComparison.Ordinal);
        var other = ed.Image == "gated frame 1" ? "gated frame 2" : "gated frame 1";
        var twice = Assert.Throws<ProcedureInputException>(() => Run([ed, ed with { Image = other }]));
        Assert.Contains("two 'lv.ed' borders, on ", twice.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("one coordinate")]
    [InlineData("far off")]
    [InlineData("crossed")]
    public void A_malformed_border_is_refused_naming_it_not_a_crash(string fault)
    {
        var ed = Automatic("lv.ed");
        var p = ed.Points!.Select(v => v.ToArray()).ToList();
        IReadOnlyList<double[]> points = fault switch
        {
            "short" => p.Take(2).ToList(),
            "one coordinate" => [.. p.Take(5), [p[5][0]], .. p.Skip(6)],
            "far off" => [.. p.Take(5), [1e6, p[5][1]], .. p.Skip(6)],
            _ => [.. p.Take(5), p[20], .. p.Skip(6).Take(14), p[5], .. p.Skip(21)],
        };
        var e = Assert.Throws<ProcedureInputException>(() => Run([ed with { Points = points }]));
        Assert.Contains("'lv.ed' on " + ed.Image, e.Message, StringComparison.Ordinal);
    }
}
