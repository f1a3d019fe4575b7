using System.Numerics;
using Photopeak.Simulation.Acquisitions;
using Photopeak.Simulation.Phantoms;

namespace Photopeak.Simulation.Tests;

/// <summary>The heart model's long-axis motion: the base plane (AV plane) descending towards a still apex in systole, as in
/// real hearts [Carlsson2007], or the base held still and the apex moving, as the model did before it could do the former.</summary>
public sealed class HeartMotionTests
{
    private static readonly HeartModel Normal = new(EdvMl: 120, EsvMl: 50);

    // Where the LV cavity ends along the long axis from the ungated base centre (mm): the base plane and the apex, by bisection
    // on the cavity's own shape.
    private static (double BaseMm, double ApexMm) Extent(HeartModel heart, double phase)
    {
        var cavity = heart.Parts(phase).Single(p => p.Organ == Organ.LvBloodPool).Shape;
        bool Inside(double s) => cavity.Contains(HeartModel.BaseCentre + heart.Axis * (float)s);
        double Edge(double inside, double outside)
        {
            for (var i = 0; i < 40; i++) { var mid = (inside + outside) / 2; if (Inside(mid)) inside = mid; else outside = mid; }
            return (inside + outside) / 2;
        }
        var middle = HeartModel.ShortAxisMm(heart.LvVolumeMl(phase)) * HeartModel.LongToShortRatio / 2 + (heart.BaseAt(phase) - HeartModel.BaseCentre).Length();
        Assert.True(Inside(middle), "the probe starts inside the cavity");
        return (Edge(middle, -60), Edge(middle, 200));
    }

    private static double LongAxisShorteningMm(HeartModel heart) =>
        HeartModel.LongToShortRatio * (HeartModel.ShortAxisMm(heart.LvVolumeMl(0)) - HeartModel.ShortAxisMm(heart.LvVolumeMl(HeartModel.EndSystolePhase)));

    [Fact]
    public void With_base_descent_the_apex_stays_and_the_base_descends_by_the_long_axis_shortening()
    {
        var heart = Normal with { BaseDescent = 1 };
        var ed = Extent(heart, 0);
        var es = Extent(heart, HeartModel.EndSystolePhase);
        Assert.InRange(LongAxisShorteningMm(heart), 15, 16); // 2 × (30.6 − 22.9) mm for 120 → 50 ml
        Assert.Equal(ed.ApexMm, es.ApexMm, 0.1);
        Assert.Equal(LongAxisShorteningMm(heart), es.BaseMm - ed.BaseMm, 0.1);
    }

    [Fact]
    public void Without_base_descent_the_base_stays_and_the_apex_rises()
    {
        var ed = Extent(Normal, 0);
        var es = Extent(Normal, HeartModel.EndSystolePhase);
        Assert.Equal(0, ed.BaseMm, 0.1);
        Assert.Equal(0, es.BaseMm, 0.1);
        Assert.Equal(LongAxisShorteningMm(Normal), ed.ApexMm - es.ApexMm, 0.1);
    }

    [Fact]
    public void The_descending_base_carries_the_rv_and_moves_the_atria_half_as_far()
    {
        var still = Normal.Parts(HeartModel.EndSystolePhase);
        var moving = (Normal with { BaseDescent = 1 }).Parts(HeartModel.EndSystolePhase);
        var shift = (Normal with { BaseDescent = 1 }).BaseAt(HeartModel.EndSystolePhase) - HeartModel.BaseCentre;
        Assert.True(shift.Length() > 3, $"the base moved {shift.Length():0.0} mm by end-systole");
        foreach (var (organ, share) in new[] { (Organ.LvBloodPool, 1f), (Organ.RvBloodPool, 1f), (Organ.LeftAtrium, 0.5f), (Organ.RightAtrium, 0.5f) })
        {
            // A point inside the still heart's part lies inside the moving heart's part once carried by the part's share.
            var shape = still.Single(p => p.Organ == organ).Shape;
            var probe = Enumerable.Range(0, 32 * 32 * 32).Select(i => HeartModel.BaseCentre + new Vector3(i % 32 * 5 - 80, i / 32 % 32 * 5 - 80, i / 1024 * 5 - 80))
                .Where(shape.Contains).ToList();
            Assert.NotEmpty(probe);
            var carried = moving.Single(p => p.Organ == organ).Shape;
            Assert.All(probe, p => Assert.True(carried.Contains(p + shift * share), $"{organ} at {p} not carried by {share} of the base's shift"));
        }
    }

    [Fact]
    public void Ungated_views_see_the_same_heart_whatever_the_base_descent()
    {
        Assert.Equal(HeartModel.BaseCentre, (Normal with { BaseDescent = 1 }).BaseAt(HeartModel.UngatedPhase));
        var still = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 12, Reduced = true });
        var moving = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 12, Reduced = true, BaseDescent = 1 });
        Assert.Equal(still.Series.Count, moving.Series.Count);
        foreach (var (a, b) in still.Series.Zip(moving.Series))
            Assert.True(a.Frames.Zip(b.Frames).All(f => f.First.AsSpan().SequenceEqual(f.Second)), $"{a.FileName} differs");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void The_truth_states_how_far_the_base_moves(double descent)
    {
        var r = Simulator.Simulate("gated-blood-pool", new SimulationOptions { Seed = 3, Reduced = true, LvefPercent = 60, EdvMl = 120, BaseDescent = descent });
        var heart = new HeartModel(EdvMl: 120, EsvMl: 48);
        Assert.Equal(descent * LongAxisShorteningMm(heart), r.Truth.Phantom.Heart!.BaseExcursionMm, 0.01);
    }

    /// <summary>A gated perfusion study's heart descends unless told otherwise (its engine is calibrated on such hearts); a
    /// study without gated frames, or one told 0, states no excursion.</summary>
    [Theory]
    [InlineData(8, null, 1.0)]
    [InlineData(8, 0.0, 0.0)]
    [InlineData(null, null, 0.0)]
    public void Gated_perfusion_frames_descend_by_default_and_the_truth_says_so(int? gatedFrames, double? descent, double expectedShare)
    {
        var r = Simulator.Simulate("mpi-planar", new SimulationOptions { Seed = 4, Reduced = true, LvefPercent = 60, EdvMl = 120, GatedFrames = gatedFrames, BaseDescent = descent, Noise = false });
        Assert.Equal(expectedShare * LongAxisShorteningMm(new HeartModel(EdvMl: 120, EsvMl: 48)), r.Truth.Phantom.Heart!.BaseExcursionMm, 0.01);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    public void A_base_descent_outside_0_to_1_is_refused(double share)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeartModel(BaseDescent: share));
        Assert.Throws<ArgumentOutOfRangeException>(() => Normal with { BaseDescent = share });
    }
}
