using System.Numerics;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Planar myocardial perfusion, Tc-99m sestamibi one-day rest/stress (CLINICAL §3): rest 370 MBq imaged at
/// 45 min, stress 1110 MBq at 3 h imaged 45 min later (rest residue included, decayed); ANT, LAO 45 and left lateral,
/// 5 min each; optional stress-only (reversible) or fixed defect in named AHA segments, and optionally a first pass of the
/// stress injection (<see cref="SimulationOptions.FirstPassAtStress"/>).</summary>
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

    public static readonly Vector3 LungRoiCentre = new(85, 0, 110);

    public static SimulationResult Simulate(SimulationOptions o)
    {
        var defect = o.MyocardialDefect;
        var restHeart = new HeartModel(SegmentUptake: o.FixedDefect ? defect : null);
        // Transient ischaemic dilation: the stress cavity larger at every phase, the same myocardium (its wall thinner).
        var dilation = o.StressDilation ?? 1;
        var stressHeart = dilation == 1 ? new HeartModel(SegmentUptake: defect)
            : new HeartModel(EdvMl: restHeart.EdvMl * dilation, EsvMl: restHeart.EsvMl * dilation, WallEdMm: restHeart.WallMm(restHeart.EdvMl * dilation), SegmentUptake: defect);
        var s = new ImagingSession("mpi-planar", o, Radiopharmaceutical.Tc99mSestamibi, Collimator.Lehr, new TorsoParameters(Heart: restHeart));
        var stressTorso = new TorsoPhantom(s.Torso.Parameters with { Heart = stressHeart });
        // The rest injection's residue is in the same (dilated) heart at stress imaging, with the rest uptake pattern.
        var residue = dilation == 1 ? s.Ungated
            : new TorsoPhantom(s.Torso.Parameters with { Heart = restHeart with { EdvMl = stressHeart.EdvMl, EsvMl = stressHeart.EsvMl, WallEdMm = stressHeart.WallEdMm } }).AtPhase(ImagingSession.UngatedPhase);
        var restMBq = o.AdministeredMBq ?? 370; var stressMBq = 3 * restMBq;
        s.AdministeredMBq = restMBq;
        var matrix = o.PlanarMatrix; var pixel = 400.0 / matrix;
        var iso = CardiacRois.LvCentre(restHeart) with { Y = 0, Z = 40 };
        var seconds = o.FrameSeconds ?? (o.Reduced ? 120 : 300);
        var stressInjection = s.InjectionTime.AddHours(3);
        var number = 1;
        var q = s.Quantities;
        foreach (var stress in new[] { false, true })
        {
            var phantom = stress ? stressTorso.AtPhase(ImagingSession.UngatedPhase) : s.Ungated;
            var start = (stress ? stressInjection : s.InjectionTime).AddMinutes(45);
            var restPhantom = stress ? residue : s.Ungated;
            var restPart = restPhantom.ActivitiesFromRelativeConcentration(Relative(false), restMBq * 0.9 * s.Nuclide.DecayFactor((start - s.InjectionTime).TotalHours));
            var activities = restPart;
            var map = restPhantom.ActivityMapMBq(restPart);
            if (stress)
            {
                var stressPart = phantom.ActivitiesFromRelativeConcentration(Relative(true), stressMBq * 0.9 * s.Nuclide.DecayFactor((start - stressInjection).TotalHours));
                phantom.AddActivity(map, stressPart);
                activities = restPart.Keys.Union(stressPart.Keys).ToDictionary(k => k, k => restPart.GetValueOrDefault(k) + stressPart.GetValueOrDefault(k));
            }
            var projector = s.ProjectorFor(phantom);
            foreach (var angle in new[] { 180.0, 135.0, 90.0 }) // ANT, LAO 45, left lateral (PS3.3 C.8.4.12 Start Angles)
            {
                var view = s.PlanarView(angle, iso, matrix, pixel);
                var comp = projector.Project(map, view);
                var label = DetectorView.LabelFor(angle);
                var file = $"{(stress ? "stress" : "rest")}_{label.ToLowerInvariant()}.dcm";
                var (series, expected) = SeriesFactory.Static(s, file, number++, $"{(stress ? "Stress" : "Rest")} {label}", start, seconds, [(view, comp)]);
                if (stress) series = series with { AdministeredMBq = stressMBq, InjectionTime = stressInjection };
                s.Series.Add(series);
                s.AddSeriesTruth(series, activities, expected, ImagingSession.ScatterFraction(comp));
                start = start.AddSeconds(seconds + 30);
                if (angle != 180) continue;
                var heartRoi = CardiacRois.Heart("myocardium", file, view, restHeart);
                var (lr, lc) = ImagingSession.ToPixel(view, LungRoiCentre);
                var size = Math.Max(2, (int)Math.Round(28 / pixel));
                var r0 = (int)Math.Round(lr - (size - 1) / 2.0); var c0 = (int)Math.Round(lc - (size - 1) / 2.0);
                var lungRoi = new RoiTruth("leftLung", file, null, "rectangle", Row0: r0, Row1: r0 + size - 1, Col0: c0, Col1: c0 + size - 1);
                s.Rois.Add(heartRoi); s.Rois.Add(lungRoi);
                var tag = stress ? "stress" : "rest";
                var h = Roi.Mean(expected[0], Roi.Mask(heartRoi, matrix, matrix));
                var l = Roi.Mean(expected[0], Roi.Mask(lungRoi, matrix, matrix));
                q[$"{tag}.ant.heartMeanCounts.expected"] = h; q[$"{tag}.ant.lungMeanCounts.expected"] = l;
                q[$"{tag}.lungHeartRatio.expected"] = l / h;
                // The same over the heart's true silhouette (myocardium plus cavity projected along the view, pixels weighted
                // by the part inside): the myocardial region a reader draws, independent of the simulator's circle.
                var silhouette = CardiacRois.SilhouetteWeights(stress ? stressHeart : restHeart, ImagingSession.UngatedPhase, view);
                var hs = CardiacRois.WeightedMean(expected[0], silhouette);
                q[$"{tag}.ant.silhouetteMeanCounts.expected"] = hs;
                q[$"{tag}.lungHeartRatio.silhouette.expected"] = l / hs;
                q[$"{tag}.ant.silhouetteAreaMm2"] = silhouette.Sum() * pixel * pixel;
            }
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
        var ht = s.HeartTruth(o.HeartRateBpm ?? 70) with { SegmentUptake = defect?.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value) };
        q["tid.physical"] = dilation; // stress over rest LV cavity volume
        // Weiss 1987's planar TID: LV area on the stress ANT over that on the rest ANT, the area being the heart's silhouette
        // (myocardium plus cavity) projected along the view.
        q["tid.planarAreaRatio.expected"] = q["stress.ant.silhouetteAreaMm2"] / q["rest.ant.silhouetteAreaMm2"];
        // Share of the 17 AHA segments whose stress uptake is reduced (0 for a normal heart).
        q["stress.defectSegmentsPercent.physical"] = 100.0 * (defect?.Count(kv => kv.Value < 1) ?? 0) / 17;
        return s.Finish(o.Reduced ? "reduced" : "full", heart: ht,
            defects: defect?.Select(kv => $"AHA {kv.Key} {HeartModel.SegmentNames[kv.Key]}: {kv.Value:0.##} ({(o.FixedDefect ? "fixed" : "stress only")})").ToArray());
    }
}
