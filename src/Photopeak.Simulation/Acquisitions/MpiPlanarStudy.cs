using System.Numerics;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Planar myocardial perfusion (CLINICAL §3), ANT, LAO 45 and left lateral views, with an optional stress-only
/// (reversible) or fixed defect in named AHA segments. Tc-99m sestamibi (default) one-day rest/stress: rest 370 MBq imaged at
/// 45 min, stress 1110 MBq at 3 h imaged 45 min later (rest residue included, decayed), 5 min per view, optionally a first pass
/// of the stress injection (<see cref="SimulationOptions.FirstPassAtStress"/>). Tl-201 (<c>--nuclide Tl-201</c>) stress and
/// redistribution: 111 MBq at peak stress imaged 10 min later and again at 4 h, 8 min per view, x-ray and 167 keV windows.
/// With <see cref="SimulationOptions.GatedFrames"/>, a gated stress LAO 45 (sestamibi).</summary>
public static class MpiPlanarStudy
{
    // Relative concentrations (soft tissue = 1) for sestamibi (≈1.2–1.5% ID in myocardium; liver high at rest) [?].
    private static Dictionary<Organ, double> Relative(bool stress) => new()
    {
        [Organ.LvMyocardium] = 12, [Organ.Liver] = stress ? 5 : 9, [Organ.RightKidney] = 8, [Organ.LeftKidney] = 8, [Organ.Spleen] = 3,
        [Organ.RightLung] = 0.4, [Organ.LeftLung] = 0.4, [Organ.Body] = 1, [Organ.HeartRegion] = 1, [Organ.UpperMediastinum] = 0.8,
        [Organ.LvBloodPool] = 0.5, [Organ.RvBloodPool] = 0.5, [Organ.LeftAtrium] = 0.5, [Organ.RightAtrium] = 0.5, [Organ.AscendingAorta] = 0.5,
        [Organ.DescendingAorta] = 0.5, [Organ.SuperiorVenaCava] = 0.5, [Organ.PulmonaryTrunk] = 0.5, [Organ.Thyroid] = 2, [Organ.Spine] = 0.5,
    };

    // Tl-201 relative concentrations (soft tissue, mostly skeletal muscle, = 1). Stress: myocardium follows flow; exercise
    // diverts flow from the splanchnic bed (liver low) to muscle; lung 0.3 gives a normal lung/heart ratio of about 0.37 (as
    // the sestamibi study's). At 4 h redistribution the myocardium has washed out ≈ 40 % (normal 4-h washout > 40 % after
    // exercise) and its pattern is the rest flow's (a stress-only defect fills in), the liver has taken more [?: ratios ours,
    // after the ASNC 2006 and EANM 2015 descriptions of Tl-201 kinetics].
    private static Dictionary<Organ, double> ThalliumRelative(bool stress, double? lung)
    {
        var r = Relative(stress);
        r[Organ.LvMyocardium] = stress ? 12 : 7.2;
        r[Organ.Liver] = stress ? 2.5 : 4;
        r[Organ.RightKidney] = r[Organ.LeftKidney] = stress ? 6 : 5;
        r[Organ.RightLung] = r[Organ.LeftLung] = stress ? lung ?? 0.3 : 0.25;
        foreach (var pool in new[] { Organ.LvBloodPool, Organ.RvBloodPool, Organ.LeftAtrium, Organ.RightAtrium, Organ.AscendingAorta, Organ.DescendingAorta, Organ.SuperiorVenaCava, Organ.PulmonaryTrunk })
            r[pool] = 0.3;
        return r;
    }

    /// <summary>The gated frames' heart, unless <see cref="SimulationOptions.BaseDescent"/> says otherwise: the base carries all
    /// of the long-axis shortening towards a still apex, as a real heart's AV plane does [Carlsson2007]. (The static views
    /// see the same heart whatever the descent: it is referenced to the ungated phase. A first pass at stress keeps the
    /// first-pass kind's default of 0, its engine not yet calibrated on a descending base.)</summary>
    public const double DefaultBaseDescent = 1;

    public static readonly Vector3 LungRoiCentre = new(85, 0, 110);

    /// <summary>One imaged state: its name in files and truth ("rest", "stress", "redistribution"), the phantom and activity
    /// map imaged, organ activities, the injection it follows and its activity, and when imaging starts.</summary>
    private sealed record ImagedState(string Tag, bool Stress, Phantom Phantom, HeartModel Heart, float[] Map, Dictionary<Organ, double> Activities,
        DateTime Injection, double InjectedMBq, DateTime Start);

    public static SimulationResult Simulate(SimulationOptions o)
    {
        var thallium = o.Nuclide is { } n && Emitter.Parse(n) == Emitter.Tl201;
        if (o.Nuclide is { } name && !thallium && Emitter.Parse(name) != Emitter.Tc99m)
            throw new ArgumentException($"mpi-planar simulates Tc-99m sestamibi or Tl-201 thallous chloride, not {name}");
        if (thallium && o.FirstPassAtStress)
            throw new ArgumentException("mpi-planar: a first pass needs a Tc-99m bolus; Tl-201's activity is too low for one");
        if (!thallium && o.StressLungUptake is not null)
            throw new ArgumentException("mpi-planar: --stress-lung-uptake is for Tl-201 (--nuclide Tl-201); sestamibi's lung uptake is fixed");
        if (thallium && o.GatedFrames is not null)
            throw new ArgumentException("mpi-planar: gated frames are simulated for Tc-99m sestamibi; Tl-201's counts are too low to gate planar views");
        var defect = o.MyocardialDefect;
        // --edv and --lvef set the heart (default EDV 120 ml, ESV 50 ml).
        var restHeart = (o.EdvMl is null && o.LvefPercent is null ? new HeartModel(SegmentUptake: o.FixedDefect ? defect : null)
            : new HeartModel(EdvMl: o.EdvMl ?? 120, EsvMl: (o.EdvMl ?? 120) * (1 - (o.LvefPercent ?? 100 * 70 / 120.0) / 100), SegmentUptake: o.FixedDefect ? defect : null))
            with { AbnormalWall = o.AbnormalWall, BaseDescent = o.BaseDescent ?? 0 };
        // Transient ischaemic dilation: the stress cavity larger at every phase, the same myocardium (its wall thinner).
        var dilation = o.StressDilation ?? 1;
        var stressHeart = dilation == 1 ? restHeart with { SegmentUptake = defect }
            : new HeartModel(EdvMl: restHeart.EdvMl * dilation, EsvMl: restHeart.EsvMl * dilation, WallEdMm: restHeart.WallMm(restHeart.EdvMl * dilation), SegmentUptake: defect,
                AbnormalWall: o.AbnormalWall, BaseDescent: restHeart.BaseDescent);
        var s = new ImagingSession("mpi-planar", o, thallium ? Radiopharmaceutical.Tl201Chloride : Radiopharmaceutical.Tc99mSestamibi, Collimator.Lehr,
            new TorsoParameters(Heart: restHeart));
        var stressTorso = new TorsoPhantom(s.Torso.Parameters with { Heart = stressHeart });
        var restMBq = o.AdministeredMBq ?? (thallium ? 111 : 370); var stressMBq = thallium ? restMBq : 3 * restMBq;
        s.AdministeredMBq = restMBq;
        var stressInjection = thallium ? s.InjectionTime : s.InjectionTime.AddHours(3);
        var states = thallium ? ThalliumStates(s, o, restHeart, stressHeart, stressTorso, restMBq) : SestamibiStates(s, restHeart, stressHeart, stressTorso, restMBq, stressMBq, stressInjection, dilation);
        var matrix = o.PlanarMatrix; var pixel = 400.0 / matrix;
        var iso = CardiacRois.LvCentre(restHeart) with { Y = 0, Z = 40 };
        var seconds = o.FrameSeconds ?? (thallium ? (o.Reduced ? 240 : 480) : o.Reduced ? 120 : 300);
        var number = 1;
        var excursionMm = 0.0; // the gated frames' base excursion, ED to ES (truth), mm
        var q = s.Quantities;
        foreach (var state in states)
        {
            var start = state.Start;
            double[] angles = [180, 135, 90]; // ANT, LAO 45, left lateral (PS3.3 C.8.4.12 Start Angles)
            var views = angles.Select(a => s.PlanarView(a, iso, matrix, pixel)).ToArray();
            var lines = s.ProjectLines(state.Phantom, state.Map, views); // [line][view]
            for (var v = 0; v < angles.Length; v++)
            {
                var (angle, view) = (angles[v], views[v]);
                var perLine = lines.Select(l => l[v]).ToArray();
                var comp = perLine[0];
                var label = DetectorView.LabelFor(angle);
                var file = $"{state.Tag}_{label.ToLowerInvariant()}.dcm";
                var word = char.ToUpperInvariant(state.Tag[0]) + state.Tag[1..];
                var (series, expected) = SeriesFactory.Static(s, file, number++, $"{word} {label}", start, seconds, [(view, perLine)]);
                series = series with { AdministeredMBq = state.InjectedMBq, InjectionTime = state.Injection };
                s.Series.Add(series);
                s.AddSeriesTruth(series, state.Activities, expected, ImagingSession.ScatterFraction(comp));
                start = start.AddSeconds(seconds + 30);
                if (angle != 180) continue;
                var heartRoi = CardiacRois.Heart("myocardium", file, view, restHeart);
                var (lr, lc) = ImagingSession.ToPixel(view, LungRoiCentre);
                var size = Math.Max(2, (int)Math.Round(28 / pixel));
                var r0 = (int)Math.Round(lr - (size - 1) / 2.0); var c0 = (int)Math.Round(lc - (size - 1) / 2.0);
                var lungRoi = new RoiTruth("leftLung", file, null, "rectangle", Row0: r0, Row1: r0 + size - 1, Col0: c0, Col1: c0 + size - 1);
                s.Rois.Add(heartRoi); s.Rois.Add(lungRoi);
                var tag = state.Tag;
                // Over every photopeak window summed, as the image is read (Tl-201's x-ray and 167 keV windows; Tc-99m's one).
                var windows = s.WindowImages(perLine, seconds);
                var peaks = (float[])windows[0].Clone();
                for (var line = 1; line < perLine.Length; line++)
                {
                    var more = windows[AcquisitionWindows.PhotopeakIndex(line)];
                    for (var i = 0; i < peaks.Length; i++) peaks[i] += more[i];
                }
                var h = Roi.Mean(peaks, Roi.Mask(heartRoi, matrix, matrix));
                var l = Roi.Mean(peaks, Roi.Mask(lungRoi, matrix, matrix));
                q[$"{tag}.ant.heartMeanCounts.expected"] = h; q[$"{tag}.ant.lungMeanCounts.expected"] = l;
                q[$"{tag}.lungHeartRatio.expected"] = l / h;
                // The same over the heart's true silhouette (myocardium plus cavity projected along the view, pixels weighted
                // by the part inside): the myocardial region a reader draws, independent of the simulator's circle.
                var silhouette = CardiacRois.SilhouetteWeights(state.Heart, HeartModel.UngatedPhase, view);
                var hs = CardiacRois.WeightedMean(peaks, silhouette);
                q[$"{tag}.ant.silhouetteMeanCounts.expected"] = hs;
                q[$"{tag}.lungHeartRatio.silhouette.expected"] = l / hs;
                q[$"{tag}.ant.silhouetteAreaMm2"] = silhouette.Sum() * pixel * pixel;
            }
        }
        if (o.GatedFrames is { } gatedFrames)
        {
            var gatedAngles = (o.GatedViews is { Count: > 0 } named ? named : ["LAO45"]).Select(GatedViewAngle).ToArray();
            if (gatedAngles.Distinct().Count() != gatedAngles.Length) throw new ArgumentException("gated views: a view named twice");
            // The gated frames' hearts (the stress injection's and the rest residue's) descend by default; see DefaultBaseDescent.
            var descent = o.BaseDescent ?? DefaultBaseDescent;
            var gatedRest = restHeart with { BaseDescent = descent };
            var gatedStressHeart = stressHeart with { BaseDescent = descent };
            var gatedStressTorso = new TorsoPhantom(s.Torso.Parameters with { Heart = gatedStressHeart });
            // Without a stress-only defect or dilation the residue's heart is the stress heart: one phantom serves both.
            var gatedResidue = dilation != 1 ? ResidueTorso(s, gatedRest, stressHeart, dilation)
                : gatedRest == gatedStressHeart ? gatedStressTorso : new TorsoPhantom(s.Torso.Parameters with { Heart = gatedRest });
            excursionMm = Math.Round((gatedRest.BaseAt(HeartModel.EndSystolePhase) - gatedRest.BaseAt(0)).Length(), 3);
            AddGatedStress(s, o, states.Single(x => x.Stress), gatedStressTorso, gatedResidue, restMBq, stressMBq,
                stressInjection, number, [.. gatedAngles.Select(a => s.PlanarView(a, iso, matrix, pixel))], seconds, gatedFrames);
            number += gatedAngles.Length;
        }
        if (o.FirstPassAtStress)
        {
            // The rest residue (decayed to the stress injection) is in the first pass's every frame; the bolus's myocardial
            // extraction during the pass is not modelled (blood only).
            var residueMBq = restMBq * 0.9 * s.Nuclide.DecayFactor((stressInjection - s.InjectionTime).TotalHours);
            var residueMap = s.Ungated.ActivityMapMBq(s.Ungated.ActivitiesFromRelativeConcentration(Relative(false), residueMBq));
            FirstPassStudy.AddSeries(s, restHeart, o.HeartRateBpm ?? 70, stressMBq, stressInjection, number, "stress_first_pass_rao20.dcm",
                "Stress first pass RAO 20", "firstPass.", (view, frameSeconds) => s.WindowImages(s.ProjectorFor(s.Ungated).Project(residueMap, view), frameSeconds),
                o.Reduced ? 32 : 64, 0.04);
            q["firstPass.lvef.physicalPercent"] = s.HeartTruth(o.HeartRateBpm ?? 70).LvefPercent;
        }
        var ht = s.HeartTruth(o.HeartRateBpm ?? 70) with { SegmentUptake = defect?.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value), BaseExcursionMm = excursionMm };
        q["tid.physical"] = dilation; // stress over rest LV cavity volume
        // Weiss 1987's planar TID: LV area on the stress ANT over that on the rest ANT, the area being the heart's silhouette
        // (myocardium plus cavity) projected along the view.
        q["tid.planarAreaRatio.expected"] = q["stress.ant.silhouetteAreaMm2"] / q[$"{states.First(x => !x.Stress).Tag}.ant.silhouetteAreaMm2"];
        // Share of the 17 AHA segments whose stress uptake is reduced (0 for a normal heart).
        q["stress.defectSegmentsPercent.physical"] = 100.0 * (defect?.Count(kv => kv.Value < 1) ?? 0) / 17;
        return s.Finish(o.Reduced ? "reduced" : "full", heart: ht,
            defects: defect?.Select(kv => $"AHA {kv.Key} {HeartModel.SegmentNames[kv.Key]}: {kv.Value:0.##} ({(o.FixedDefect ? "fixed" : "stress only")})").ToArray());
    }

    // One-day rest/stress: rest imaged 45 min after its injection; stress 3 h later, imaged 45 min after, over the rest residue.
    private static ImagedState[] SestamibiStates(ImagingSession s, HeartModel restHeart, HeartModel stressHeart, TorsoPhantom stressTorso,
        double restMBq, double stressMBq, DateTime stressInjection, double dilation)
    {
        var residue = dilation == 1 ? s.Ungated : ResidueTorso(s, restHeart, stressHeart, dilation).AtPhase(HeartModel.UngatedPhase);
        var states = new List<ImagedState>();
        foreach (var stress in new[] { false, true })
        {
            var phantom = stress ? stressTorso.AtPhase(HeartModel.UngatedPhase) : s.Ungated;
            var start = (stress ? stressInjection : s.InjectionTime).AddMinutes(45);
            var (map, activities) = SestamibiMap(s, stress ? phantom : null, stress ? residue : s.Ungated, restMBq, stressMBq, stressInjection, start);
            states.Add(new ImagedState(stress ? "stress" : "rest", stress, phantom, stress ? stressHeart : restHeart, map, activities,
                stress ? stressInjection : s.InjectionTime, stress ? stressMBq : restMBq, start));
        }
        return [.. states];
    }

    // The rest injection's residue is in the same (dilated) heart at stress imaging, with the rest uptake pattern.
    private static TorsoPhantom ResidueTorso(ImagingSession s, HeartModel restHeart, HeartModel stressHeart, double dilation) => dilation == 1 ? s.Torso
        : new TorsoPhantom(s.Torso.Parameters with { Heart = restHeart with { EdvMl = stressHeart.EdvMl, EsvMl = stressHeart.EsvMl, WallEdMm = stressHeart.WallEdMm } });

    // Sestamibi activity imaged at `start`: the rest injection's (90 % retained, decayed) in restPhantom, plus, at stress, the
    // stress injection's in stressPhantom.
    private static (float[] Map, Dictionary<Organ, double> Activities) SestamibiMap(ImagingSession s, Phantom? stressPhantom, Phantom restPhantom,
        double restMBq, double stressMBq, DateTime stressInjection, DateTime start)
    {
        var restPart = restPhantom.ActivitiesFromRelativeConcentration(Relative(false), restMBq * 0.9 * s.Nuclide.DecayFactor((start - s.InjectionTime).TotalHours));
        var map = restPhantom.ActivityMapMBq(restPart);
        if (stressPhantom is null) return (map, restPart);
        var stressPart = stressPhantom.ActivitiesFromRelativeConcentration(Relative(true), stressMBq * 0.9 * s.Nuclide.DecayFactor((start - stressInjection).TotalHours));
        stressPhantom.AddActivity(map, stressPart);
        return (map, restPart.Keys.Union(stressPart.Keys).ToDictionary(k => k, k => restPart.GetValueOrDefault(k) + stressPart.GetValueOrDefault(k)));
    }

    /// <summary>Start Angle (PS3.3 C.8.4.12) of a gated view named in <see cref="SimulationOptions.GatedViews"/>.</summary>
    public static double GatedViewAngle(string view) => view.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal) switch
    {
        "LAO45" => 135, "ANT" => 180, "LLAT" => 90,
        _ => throw new ArgumentException($"gated view '{view}': expected LAO45, ANT or LLAT"),
    };

    // Gated stress views (CLINICAL §3: Tc agents allow gated planar acquisition, 8-16 frames per R-R; the LAO 45 by default):
    // after the three stress views, one after another, each over as long as one of them, the stress state averaged over each
    // frame's interval of the cycle (forward gating, frame 1 = ED; GatedFrameSampling). The activity is the first gated view's,
    // decayed for the later ones.
    private static void AddGatedStress(ImagingSession s, SimulationOptions o, ImagedState stress, TorsoPhantom stressTorso, TorsoPhantom residueTorso,
        double restMBq, double stressMBq, DateTime stressInjection, int number, ViewGeometry[] views, double seconds, int frames)
    {
        var hr = o.HeartRateBpm ?? 70;
        var start = stress.Start.AddSeconds(3 * (seconds + 30));
        var perFrameSeconds = seconds / frames;
        var expected = new float[views.Length][][][];
        for (var v = 0; v < views.Length; v++) expected[v] = new float[frames][][];
        var comps = new ProjectionComponents[views.Length];
        Dictionary<Organ, double>? edActivities = null;
        Parallel.For(0, frames, f =>
        {
            foreach (var phase in GatedFrameSampling.Phases(f, frames))
            {
                var phantom = stressTorso.AtPhase(phase);
                var residue = ReferenceEquals(residueTorso, stressTorso) ? phantom : residueTorso.AtPhase(phase);
                var (map, activities) = SestamibiMap(s, phantom, residue, restMBq, stressMBq, stressInjection, start);
                var lines = s.ProjectLines(phantom, map, views); // [line][view]
                for (var v = 0; v < views.Length; v++)
                {
                    var perLine = lines.Select(l => l[v]).ToArray();
                    if (f == 0) comps[v] ??= perLine[0];
                    expected[v][f] = GatedFrameSampling.Accumulate(expected[v][f], s.WindowImages(perLine, perFrameSeconds / GatedFrameSampling.SubPhases));
                }
                if (f == 0) edActivities ??= activities;
            }
        });
        for (var v = 0; v < views.Length; v++)
        {
            var viewStart = start.AddSeconds(v * (seconds + 30));
            var decay = (float)s.Nuclide.DecayFactor((viewStart - start).TotalHours);
            if (v > 0)
                foreach (var frame in expected[v])
                    foreach (var window in frame)
                        for (var i = 0; i < window.Length; i++) window[i] *= decay;
            var label = DetectorView.LabelFor(views[v].AngleDeg);
            var series = SeriesFactory.Gated(s, $"stress_gated_{label.ToLowerInvariant()}.dcm", number + v, $"Stress gated {label.Replace("LAO", "LAO ", StringComparison.Ordinal)}",
                viewStart, seconds, views[v], expected[v], hr, (number + v) * 100_000L, stressMBq, stressInjection);
            s.Series.Add(series);
            s.AddSeriesTruth(series, edActivities!, expected[v].Select(f => f[0]).ToArray(), ImagingSession.ScatterFraction(comps[v]));
        }
        var q = s.Quantities;
        var heart = stress.Heart;
        var volumes = Enumerable.Range(0, frames).Select(f => heart.LvVolumeMl((f + 0.5) / frames)).ToArray();
        q["gated.frames"] = frames;
        q["gated.lvef.physicalPercent"] = 100 * (heart.LvVolumeMl(0) - heart.LvVolumeMl(HeartModel.EndSystolePhase)) / heart.LvVolumeMl(0);
        heart.AddWallMotionTruth(q);
        // Over the frames acquired (bin-centre volumes, the largest and the smallest): the best a method reading the frames can
        // recover.
        q["gated.lvef.binnedPercent"] = 100 * (volumes.Max() - volumes.Min()) / volumes.Max();
    }

    // Tl-201 at peak stress: imaged 10 min later in the stress heart, and 4 h after injection (redistribution) in the rest heart.
    private static ImagedState[] ThalliumStates(ImagingSession s, SimulationOptions o, HeartModel restHeart, HeartModel stressHeart, TorsoPhantom stressTorso, double mbq)
    {
        var states = new List<ImagedState>();
        foreach (var stress in new[] { true, false })
        {
            var phantom = stress ? stressTorso.AtPhase(HeartModel.UngatedPhase) : s.Ungated;
            var start = s.InjectionTime.Add(stress ? TimeSpan.FromMinutes(10) : TimeSpan.FromHours(4));
            var activities = phantom.ActivitiesFromRelativeConcentration(ThalliumRelative(stress, o.StressLungUptake),
                mbq * 0.95 * s.Nuclide.DecayFactor((start - s.InjectionTime).TotalHours));
            states.Add(new ImagedState(stress ? "stress" : "redistribution", stress, phantom, stress ? stressHeart : restHeart, phantom.ActivityMapMBq(activities),
                activities, s.InjectionTime, mbq, start));
        }
        return [.. states];
    }
}
