using System.Numerics;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>I-123 mIBG cardiac sympathetic imaging (CLINICAL §2): early (15 min) and late (4 h) anterior chest planar,
/// 10 min each, optionally a late 360° SPECT. The myocardial concentration is solved so that the noiseless
/// ME-collimator H/M without septal penetration equals the requested (ME-equivalent) H/M.</summary>
public static class MibgStudy
{
    // Relative concentrations (per ml, soft tissue = 1) early and late: liver, spleen, salivary-free chest; thyroid blocked.
    // Plausible values chosen to give published-looking images [?]: liver/mediastinum ≈ 3–4 early (Flotats 2010 figures).
    private static Dictionary<Organ, double> Relative(bool late) => new()
    {
        [Organ.Body] = late ? 0.8 : 1.0, [Organ.UpperMediastinum] = late ? 0.8 : 1.0, [Organ.HeartRegion] = late ? 0.8 : 1.0,
        [Organ.LvBloodPool] = late ? 0.6 : 1.3, [Organ.RvBloodPool] = late ? 0.6 : 1.3, [Organ.LeftAtrium] = late ? 0.6 : 1.3,
        [Organ.RightAtrium] = late ? 0.6 : 1.3, [Organ.AscendingAorta] = late ? 0.6 : 1.3, [Organ.DescendingAorta] = late ? 0.6 : 1.3,
        [Organ.SuperiorVenaCava] = late ? 0.6 : 1.3, [Organ.PulmonaryTrunk] = late ? 0.6 : 1.3,
        [Organ.RightLung] = late ? 0.5 : 0.8, [Organ.LeftLung] = late ? 0.5 : 0.8, [Organ.Liver] = late ? 3.5 : 4.5,
        [Organ.Spleen] = late ? 2.0 : 3.0, [Organ.RightKidney] = late ? 1.5 : 3.0, [Organ.LeftKidney] = late ? 1.5 : 3.0,
        [Organ.Thyroid] = 1.5, [Organ.Spine] = 0.4,
    };

    public static SimulationResult Simulate(SimulationOptions o, bool spect)
    {
        // EDV, wall and axis options give phantoms unlike the default heart; ESV keeps the default's EF (50/120).
        var edv = o.EdvMl ?? 120;
        var heart = new HeartModel(EdvMl: edv, EsvMl: edv * 50 / 120, WallEdMm: o.HeartWallMm ?? 9, SegmentUptake: o.MyocardialDefect, LongAxisDirection: o.HeartLongAxis);
        var s = new ImagingSession(spect ? "mibg-spect" : "mibg-planar", o, Radiopharmaceutical.I123Mibg, Collimator.Lehr,
            new TorsoParameters(Heart: heart));
        s.AdministeredMBq = o.AdministeredMBq ?? 370; // ADMIRE-HF dose (Jacobson 2010)
        var earlyStart = s.InjectionTime.AddMinutes(o.EarlyMinutes ?? 15);
        var lateStart = s.InjectionTime.AddHours(o.LateHours ?? 4);
        var seconds = o.FrameSeconds ?? (o.Reduced ? 120 : 600);
        var matrix = o.PlanarMatrix;
        var pixel = o.PixelMm ?? 512.0 / matrix;
        var iso = new Vector3(0, 0, 60);
        var phantom = s.Ungated;
        var view = s.PlanarView(180, iso, matrix, pixel); // ANT: Start Angle 180° (PS3.3 C.8.4.12)
        var file = new[] { "early_ant.dcm", "late_ant.dcm" };
        var hm = new[] { o.HmEarly ?? 2.3, o.HmLate ?? 2.2 };
        var projector = s.ProjectorFor(phantom);
        var muRef = s.ProjectorFor(phantom, new ProjectorOptions(HighEnergy: false), s.Camera with { Collimator = Collimator.Me });
        var heartRoi = Roi.Mask(CardiacRois.Heart("heart", file[0], view, heart), matrix, matrix);
        var medRoi = Roi.Mask(CardiacRois.Mediastinum("mediastinum", file[0], view), matrix, matrix);
        var hmMeasured = new double[2]; var heartMean = new double[2]; var medMean = new double[2];
        // Truth of a silhouette (epicardial whole-heart) ROI: the LV's projected outline, partial pixels weighted.
        var silhouette = CardiacRois.SilhouetteWeights(heart, HeartModel.UngatedPhase, view);
        var silhouetteMean = new double[2];
        Dictionary<Organ, double> lateActivities = [];
        var physicalHm = new double[2];

        for (var t = 0; t < 2; t++)
        {
            var start = t == 0 ? earlyStart : lateStart;
            var hours = (start - s.InjectionTime).TotalHours;
            var relative = Relative(late: t == 1);
            // Solve the myocardial relative concentration from linearity of the projection.
            var baseMap = phantom.ActivityMapMBq(phantom.ActivitiesFromRelativeConcentration(relative, 1000));
            var scale = Total(phantom, relative) / 1000;
            var myoUnit = phantom.ActivityMapMBq(new Dictionary<Organ, double> { [Organ.LvMyocardium] = phantom[Organ.LvMyocardium].WeightedVolumeMl(phantom.Grid) / scale });
            var b = muRef.Project(baseMap, view).PhotopeakTotal; var m = muRef.Project(myoUnit, view).PhotopeakTotal;
            double h0 = Roi.Mean(b, heartRoi), h1 = Roi.Mean(m, heartRoi), m0 = Roi.Mean(b, medRoi), m1 = Roi.Mean(m, medRoi);
            var c = (hm[t] * m0 - h0) / (h1 - hm[t] * m1);
            if (c <= 0) throw new ArgumentException($"H/M {hm[t]} is below what this phantom gives with no myocardial uptake");
            relative[Organ.LvMyocardium] = c;
            physicalHm[t] = c / relative[Organ.UpperMediastinum];

            // Whole-body retention: urinary excretion ~ 25% by 4 h [?]; 60% of what is excreted is still in the bladder.
            var retained = t == 0 ? 0.97 : 0.75;
            var inBody = s.AdministeredMBq * s.Nuclide.DecayFactor(hours);
            var activities = phantom.ActivitiesFromRelativeConcentration(relative, inBody * retained);
            activities[Organ.Bladder] = inBody * (1 - retained) * 0.6;
            var map = phantom.ActivityMapMBq(activities);
            var comp = projector.Project(map, view);
            var (series, expected) = SeriesFactory.Static(s, file[t], t + 1, t == 0 ? "mIBG early anterior" : "mIBG late anterior", start, seconds, [(view, comp)]);
            s.Series.Add(series);
            s.AddSeriesTruth(series, activities, expected, ImagingSession.ScatterFraction(comp));
            s.Rois.Add(CardiacRois.Heart("heart", file[t], view, heart));
            s.Rois.Add(CardiacRois.Mediastinum("mediastinum", file[t], view));
            heartMean[t] = Roi.Mean(expected[0], heartRoi); medMean[t] = Roi.Mean(expected[0], medRoi);
            hmMeasured[t] = heartMean[t] / medMean[t];
            silhouetteMean[t] = CardiacRois.WeightedMean(expected[0], silhouette);
            if (t == 1) lateActivities = activities;
        }

        var q = s.Quantities;
        q["hm.early.target"] = hm[0]; q["hm.late.target"] = hm[1];
        q["hm.early.expected"] = hmMeasured[0]; q["hm.late.expected"] = hmMeasured[1];
        q["hm.early.silhouette"] = silhouetteMean[0] / medMean[0]; q["hm.late.silhouette"] = silhouetteMean[1] / medMean[1];
        q["hm.early.physicalConcentrationRatio"] = physicalHm[0]; q["hm.late.physicalConcentrationRatio"] = physicalHm[1];
        q["heart.early.meanCounts"] = heartMean[0]; q["heart.late.meanCounts"] = heartMean[1];
        q["mediastinum.early.meanCounts"] = medMean[0]; q["mediastinum.late.meanCounts"] = medMean[1];
        var dcf = Math.Pow(2, (lateStart - earlyStart).TotalHours / s.Nuclide.HalfLifeHours);
        q["washout.decayCorrectionFactor"] = dcf;
        // WR formulas as CLINICAL §2 (Okuda/Nakajima definitions), on the noiseless images with the stated ROIs.
        q["washout.noBackground.expectedPercent"] = (heartMean[0] - heartMean[1] * dcf) / heartMean[0] * 100;
        q["washout.background.expectedPercent"] = ((heartMean[0] - medMean[0]) - (heartMean[1] - medMean[1]) * dcf) / (heartMean[0] - medMean[0]) * 100;
        q["washout.noBackground.silhouettePercent"] = (silhouetteMean[0] - silhouetteMean[1] * dcf) / silhouetteMean[0] * 100;
        q["washout.background.silhouettePercent"] = ((silhouetteMean[0] - medMean[0]) - (silhouetteMean[1] - medMean[1]) * dcf) / (silhouetteMean[0] - medMean[0]) * 100;

        if (spect) AddSpect(s, o, lateStart.AddMinutes(15), lateActivities, heart);
        return s.Finish(o.Reduced ? "reduced" : "full", defects: o.MyocardialDefect?.Select(kv => $"AHA {kv.Key} {HeartModel.SegmentNames[kv.Key]}: {kv.Value:0.##}").ToArray(),
            heart: s.HeartTruth(o.HeartRateBpm ?? 70));
    }

    private static double Total(Phantom p, IReadOnlyDictionary<Organ, double> relative)
    {
        double sum = 0;
        foreach (var (organ, c) in relative) sum += c * p[organ].WeightedVolumeMl(p.Grid);
        return sum;
    }

    /// <summary>Late SPECT: 360°, two detectors in H-mode (default 120 views, 20 s/view).</summary>
    internal static void AddSpect(ImagingSession s, SimulationOptions o, DateTime start, Dictionary<Organ, double> activitiesAtLate, HeartModel heart)
    {
        var hoursBetween = (start - s.Series[^1].AcquisitionStart).TotalHours;
        var activities = activitiesAtLate.ToDictionary(kv => kv.Key, kv => kv.Value * s.Nuclide.DecayFactor(hoursBetween));
        var phantom = s.Ungated;
        var map = phantom.ActivityMapMBq(activities);
        var matrix = o.Matrix ?? (o.Reduced ? 64 : 128);
        var pixel = 512.0 / matrix;
        var arc = o.ScanArcDeg ?? 360;
        // 180° cardiac orbits run RAO 45 → LPO 45 (Flotats 2010); 360° orbits start anterior.
        // 180°: RAO 45 (Start Angle 225°) to LPO 45 (45°) through ANT and LAO, clockwise seen from the feet (decreasing angle,
        // PS3.3 C.8.4.12); 360°: from ANT (180°) in the same sense.
        var views = SeriesFactory.SpectViews(s, o.Views ?? (o.Reduced ? 32 : 120), o.Detectors ?? 2, arc, arc < 360 ? 225 : 180,
            RotationDirection.ClockwiseSeenFromFeet, new Vector3(0, 0, 60), matrix, pixel, o.BodyContour);
        var projections = s.ProjectorFor(phantom).Project(map, views);
        var (series, expected) = SeriesFactory.Tomo(s, "late_spect.dcm", 3, "mIBG late SPECT", start, o.Reduced ? 5 : 20, views, o.Detectors ?? 2,
            projections, o.ScanArcDeg ?? 360, RotationDirection.ClockwiseSeenFromFeet, o.BodyContour, 0);
        s.Series.Add(series);
        s.AddSeriesTruth(series, activities, expected, ImagingSession.ScatterFraction(projections[0]));
        var myo = phantom[Organ.LvMyocardium];
        s.Quantities["spect.myocardium.meanConcentrationKBqPerMl"] = activities[Organ.LvMyocardium] / myo.VolumeMl(phantom.Grid) * 1000;
        s.Quantities["spect.mediastinum.concentrationKBqPerMl"] = activities[Organ.UpperMediastinum] / phantom.VolumeMl(Organ.UpperMediastinum) * 1000;
    }
}
