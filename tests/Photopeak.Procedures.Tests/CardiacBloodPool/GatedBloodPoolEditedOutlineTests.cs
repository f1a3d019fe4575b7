using Photopeak.Imaging.Studies;
using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Results;
using Photopeak.Simulation.Acquisitions;
using Xunit.Abstractions;

namespace Photopeak.Procedures.Tests.CardiacBloodPool;

/// <summary>The physician's LV outlines (lv.ed and lv.es from <c>--rois</c>) carry the blood pool's wall motion as they carry its
/// EF: radii along the automatic outline's rays from the LV centre, measured from the centre floating along the long axis as
/// the automatic ones are (or from the edited ED outline's own centre where the LV centre lies outside the outlines). Before,
/// the wall motion kept the automatic outlines whatever was drawn. Heart 109 of the
/// development set written with a descending base (true LVEF 55 %, every wall normal in truth and as read automatically).</summary>
public sealed class GatedBloodPoolEditedOutlineTests(ITestOutputHelper output)
{
    // One study (not SimulatedGatedHearts, which each test class using it would simulate whole again).
    private static readonly Lazy<GatedCycle> Heart = new(() =>
    {
        var seed = 109;
        var (lvef, edv, rate) = SimulatedGatedHearts.HeartOf(seed);
        var dir = Directory.CreateTempSubdirectory("photopeak-gbp-edited-").FullName;
        try
        {
            Simulator.Write(Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = seed, LvefPercent = lvef, EdvMl = edv, HeartRateBpm = rate, BaseDescent = 1 }), dir);
            return GatedCycle.Read(StudyLoader.Load(dir).Studies.Single().Acquisitions.Single());
        }
        finally { Directory.Delete(dir, recursive: true); }
    });

    private static GatedCycle Cycle() => Heart.Value;

    private static string Walls(GatedLvFunction f) =>
        string.Join(", ", f.WallMotion.Select(w => FormattableString.Invariant($"{w.Name} {w.Motion} ({w.ShorteningPercent:0.0} %)")));

    [Fact]
    public void Outlines_given_back_unchanged_keep_the_wall_motion()
    {
        var cycle = Cycle();
        var automatic = GatedVentricularAnalysis.Analyse(cycle);
        var again = GatedVentricularAnalysis.Analyse(cycle, [automatic.EndDiastolicRoi, automatic.EndSystolicRoi, automatic.BackgroundRoi]);
        output.WriteLine($"automatic: {Walls(automatic)}; given back: {Walls(again)}");
        Assert.Equal("edited", again.RoiSource);
        Assert.Equal(3, automatic.WallMotion.Count);
        Assert.All(automatic.WallMotion, w => Assert.Equal(WallMotion.Normal, w.Motion));
        Assert.Equal(automatic.WallMotion.Select(w => (w.Name, w.Motion)), again.WallMotion.Select(w => (w.Name, w.Motion)));
        foreach (var (a, b) in automatic.WallMotion.Zip(again.WallMotion)) Assert.Equal(a.ShorteningPercent, b.ShorteningPercent, 0.15);
    }

    // The end-diastolic outline drawn again on the end-systolic frame: no wall moves, whatever the counts say.
    [Fact]
    public void An_end_systolic_outline_drawn_where_the_diastolic_one_lies_makes_every_wall_akinetic()
    {
        var cycle = Cycle();
        var automatic = GatedVentricularAnalysis.Analyse(cycle);
        var es = automatic.EndDiastolicRoi with { Name = "lv.es", Image = automatic.EndSystolicRoi.Image };
        var edited = GatedVentricularAnalysis.Analyse(cycle, [automatic.EndDiastolicRoi, es, automatic.BackgroundRoi]);
        output.WriteLine($"automatic: {Walls(automatic)}; ES outline at ED: {Walls(edited)}");
        Assert.Equal(3, edited.WallMotion.Count);
        Assert.All(edited.WallMotion, w => Assert.Equal(WallMotion.Akinetic, w.Motion));
        Assert.All(edited.WallMotion, w => Assert.Equal(0, w.ShorteningPercent, 0.05));
    }

    // The reader leaves the septal side of the end-systolic outline where it was at end-diastole (the rays within 40° of the
    // image's left, towards the RV in a standard LAO view): the septum stops moving, the other walls keep their motion.
    [Fact]
    public void A_septum_left_at_its_diastolic_place_in_the_end_systolic_outline_is_not_normal_and_the_other_walls_keep_their_shortening()
    {
        var cycle = Cycle();
        var automatic = GatedVentricularAnalysis.Analyse(cycle);
        var (ed, es) = (automatic.EndDiastolicRoi.Points!, automatic.EndSystolicRoi.Points!);
        var rays = ed.Count;
        var septal = Enumerable.Range(0, rays).Select(k => Math.Cos(2 * Math.PI * k / rays) < -Math.Cos(40 * Math.PI / 180)).ToArray();
        var moved = automatic.EndSystolicRoi with { Points = [.. Enumerable.Range(0, rays).Select(k => septal[k] ? ed[k] : es[k])] };
        var edited = GatedVentricularAnalysis.Analyse(cycle, [automatic.EndDiastolicRoi, moved, automatic.BackgroundRoi]);
        output.WriteLine($"automatic: {Walls(automatic)}; septum left at ED: {Walls(edited)}");
        var septum = edited.WallMotion.Single(w => w.Name == "septal");
        Assert.NotEqual(WallMotion.Normal, septum.Motion);
        Assert.True(septum.ShorteningPercent < automatic.WallMotion.Single(w => w.Name == "septal").ShorteningPercent / 2, Walls(edited));
        // Within 2 points: the floating centre moves a little with the septal rays' radii.
        foreach (var name in new[] { "inferoapical", "posterolateral" })
            Assert.Equal(automatic.WallMotion.Single(w => w.Name == name).ShorteningPercent, edited.WallMotion.Single(w => w.Name == name).ShorteningPercent, 2.0);
    }

    // Outlines drawn round another place than the automatic outline's (a reader who finds the LV elsewhere): the LV centre the
    // automatic outlines were traced round lies outside them, and they are measured from their own centre.
    [Fact]
    public void Outlines_drawn_away_from_the_automatic_centre_are_measured_from_their_own()
    {
        var cycle = Cycle();
        var automatic = GatedVentricularAnalysis.Analyse(cycle);
        // 12 pixels to the image's right: clear of the automatic centre (outlines of about 5 pixels' radius).
        RoiDefinition Moved(RoiDefinition r) => r with { Points = [.. r.Points!.Select(p => new[] { p[0], p[1] + 12 })] };
        var edited = GatedVentricularAnalysis.Analyse(cycle, [Moved(automatic.EndDiastolicRoi), Moved(automatic.EndSystolicRoi), automatic.BackgroundRoi]);
        output.WriteLine($"automatic: {Walls(automatic)}; both outlines moved: {Walls(edited)}");
        Assert.Equal(automatic.WallMotion.Select(w => (w.Name, w.Motion)), edited.WallMotion.Select(w => (w.Name, w.Motion)));
        foreach (var (a, b) in automatic.WallMotion.Zip(edited.WallMotion)) Assert.Equal(a.ShorteningPercent, b.ShorteningPercent, 3.0);
        Assert.DoesNotContain(edited.Warnings, w => w.Contains("not assessed", StringComparison.Ordinal));
    }

    // An end-systolic outline drawn beside the end-diastolic one shares no centre with it: the wall motion is not assessed
    // and says so, the EF still follows the outlines drawn, and the report does not call the walls normal.
    [Fact]
    public void Outlines_with_no_common_centre_leave_the_wall_motion_unassessed_and_say_so()
    {
        var cycle = Cycle();
        var automatic = GatedVentricularAnalysis.Analyse(cycle);
        var beside = automatic.EndSystolicRoi with { Points = [.. automatic.EndSystolicRoi.Points!.Select(p => new[] { p[0], p[1] + 20 })] };
        var edited = GatedVentricularAnalysis.Analyse(cycle, [automatic.EndDiastolicRoi, beside, automatic.BackgroundRoi]);
        var warning = Assert.Single(edited.Warnings, w => w.Contains("the wall motion is not assessed", StringComparison.Ordinal));
        output.WriteLine(warning);
        Assert.Contains("lv.es (" + automatic.EndSystolicRoi.Image + ")", warning, StringComparison.Ordinal);
        Assert.Empty(edited.WallMotion);
        Assert.True(double.IsFinite(edited.EjectionFractionPercent));
        Assert.NotEqual(automatic.EjectionFractionPercent, edited.EjectionFractionPercent);
    }
}
