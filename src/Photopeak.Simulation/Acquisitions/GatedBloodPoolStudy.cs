using System.Numerics;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Equilibrium gated blood pool (ERNA, CLINICAL §3): Tc-99m RBC, LAO 45° (best septal separation), 16–32
/// frames per R-R interval, 64 × 64 (32 reduced), 10 min.</summary>
public static class GatedBloodPoolStudy
{
    public static SimulationResult Simulate(SimulationOptions o)
    {
        var ef = o.LvefPercent ?? 60;
        var edv = o.EdvMl ?? 120;
        if (o.AbnormalWall is not null && o.LateralDelayPercent is > 0)
            throw new ArgumentException("gated-blood-pool: simulate either an abnormal wall or a lateral delay, not both");
        var heart = new HeartModel(EdvMl: edv, EsvMl: edv * (1 - ef / 100), LateralDelay: (o.LateralDelayPercent ?? 0) / 100, AbnormalWall: o.AbnormalWall,
            BaseDescent: o.BaseDescent ?? 0);
        var s = new ImagingSession("gated-blood-pool", o, Radiopharmaceutical.Tc99mRbc, Collimator.Lehr, new TorsoParameters(Heart: heart));
        s.AdministeredMBq = o.AdministeredMBq ?? 740; // 555–1110 MBq (Corbett 2006)
        var frames = o.GatedFrames ?? (o.Reduced ? 16 : 24);
        var hr = o.HeartRateBpm ?? 70;
        var totalSeconds = o.FrameSeconds ?? (o.Reduced ? 300 : 600);
        var matrix = o.Matrix ?? (o.Reduced ? 32 : 64);
        var pixel = 320.0 / matrix;                     // zoomed to the heart
        var iso = CardiacRois.LvCentre(heart) with { Y = 0 };
        var view = s.PlanarView(135, iso, matrix, pixel); // LAO 45: ANT (180°) turned 45° towards the left (90°), PS3.3 C.8.4.12
        var start = s.InjectionTime.AddMinutes(10);
        var inBody = s.AdministeredMBq * s.Nuclide.DecayFactor((start - s.InjectionTime).TotalHours);

        // Each frame collects 1/frames of every accepted beat: total time per frame ≈ totalSeconds / frames. The heart is drawn
        // at each frame's centre phase, not averaged over the frame as the gated perfusion views are (GatedFrameSampling), and the
        // blood-pool analysis does not undo the average either: at 24 frames it lowers the bin-centre EF by about 0.1 point, at
        // 16 by 0.3–0.4 (EF 45–75 %). Averaging here would draw every blood-pool study's Poisson noise anew (Poisson.Sample takes
        // a variable count of uniforms per pixel), so it waits for the engine's tests to be measured again on new realisations.
        var perFrameSeconds = totalSeconds / frames;
        var expectedFrames = new float[frames][][];
        var lvOnly = new double[frames];
        var comps = new ProjectionComponents[frames];
        Dictionary<Organ, double>? edActivities = null;
        // Forward gating: a premature beat (75 % of the R-R interval) adds to the frames that start before it ends only.
        var premature = Math.Clamp((o.IrregularBeatsPercent ?? 0) / 100, 0, 1);
        Parallel.For(0, frames, f =>
        {
            var phase = (f + 0.5) / frames;
            var ph = s.AtPhase(phase);
            var act = ph.ActivitiesFromRelativeConcentration(BloodPool.Relative(), inBody);
            comps[f] = s.ProjectorFor(ph).Project(ph.ActivityMapMBq(act), view);
            var reached = (double)f / frames < 0.75 ? 1 : 1 - premature;
            expectedFrames[f] = s.WindowImages(comps[f], perFrameSeconds * reached);
            if (f == 0) edActivities = act;
        });
        var q0 = s.Quantities;
        q0["rhythm.irregularBeatsPercent"] = 100 * premature;
        q0["dyssynchrony.lateralDelayPercent"] = o.LateralDelayPercent ?? 0;
        heart.AddWallMotionTruth(q0);
        var series = SeriesFactory.Gated(s, "gated_lao45.dcm", 1, "Gated blood pool LAO 45", start, totalSeconds, view, expectedFrames, hr, 0,
            s.AdministeredMBq, s.InjectionTime);
        s.Series.Add(series);
        s.AddSeriesTruth(series, edActivities!, expectedFrames.Select(f => f[0]).ToArray(), ImagingSession.ScatterFraction(comps[0]));

        // ROIs: LV at ED and ES = pixels where the LV blood pool alone projects (≥ 20% of its maximum), background
        // crescent 2 pixels wide just outside the ES LV edge, posterolateral (Corbett 2006).
        var edFrame = 0;
        var esFrame = (int)Math.Round(HeartModel.EndSystolePhase * frames - 0.5);
        var edMask = ChamberMask(s, view, (edFrame + 0.5) / frames, Organ.LvBloodPool);
        var esMask = ChamberMask(s, view, (esFrame + 0.5) / frames, Organ.LvBloodPool);
        var bg = Background(esMask, matrix);
        s.Rois.Add(new RoiTruth("lv.ed", series.FileName, edFrame + 1, "mask", Spans: Roi.Spans(edMask, matrix, matrix)));
        s.Rois.Add(new RoiTruth("lv.es", series.FileName, esFrame + 1, "mask", Spans: Roi.Spans(esMask, matrix, matrix)));
        s.Rois.Add(new RoiTruth("background", series.FileName, esFrame + 1, "mask", Spans: Roi.Spans(bg, matrix, matrix)));
        var ed = expectedFrames[edFrame][0]; var es = expectedFrames[esFrame][0];
        var q = q0;
        var edCounts = Roi.Sum(ed, edMask); var esCounts = Roi.Sum(es, esMask);
        var bgMean = Roi.Mean(es, bg);
        int nEd = edMask.Count(b => b), nEs = esMask.Count(b => b);
        q["ed.frame"] = edFrame + 1; q["es.frame"] = esFrame + 1;
        q["ed.lvCounts.expected"] = edCounts; q["es.lvCounts.expected"] = esCounts; q["background.meanCounts.expected"] = bgMean;
        q["ed.lvPixels"] = nEd; q["es.lvPixels"] = nEs;
        // CLINICAL §3 (Corbett 2006): LVEF = (ED_net − ES_net)/ED_net with background scaled to each ROI's size.
        q["lvef.expectedPercent"] = 100 * ((edCounts - bgMean * nEd) - (esCounts - bgMean * nEs)) / (edCounts - bgMean * nEd);
        var ht = s.HeartTruth(hr);
        // EF over the frames actually acquired (bin-centre volumes): the best a count-based method can recover.
        var vEd = heart.LvVolumeMl((edFrame + 0.5) / frames); var vEs = heart.LvVolumeMl((esFrame + 0.5) / frames);
        q["lvef.physicalPercent"] = ht.LvefPercent;
        q["lvef.binnedPercent"] = 100 * (vEd - vEs) / vEd;
        return s.Finish(o.Reduced ? "reduced" : "full", heart: ht);
    }

    /// <summary>Pixels where the chamber's own blood projects to at least 20 % of its maximum.</summary>
    internal static bool[] ChamberMask(ImagingSession s, ViewGeometry view, double phase, Organ chamber)
    {
        var ph = s.AtPhase(phase);
        var map = ph.ActivityMapMBq(new Dictionary<Organ, double> { [chamber] = 1 });
        var p = new Projector(ph, s.Camera, s.Nuclide, new ProjectorOptions(Scatter: false, HighEnergy: false)).Project(map, view).Primary;
        float max = 0; foreach (var v in p) max = Math.Max(max, v);
        return p.Select(v => v >= 0.2f * max).ToArray();
    }

    private static bool[] Background(bool[] lv, int n)
    {
        // Ring between 1- and 3-pixel dilations of the ES LV, on the posterolateral side: in LAO 45 the lateral wall is
        // to the image right and posterior/inferior lower down, so columns right of and rows not above the LV centroid.
        double cr = 0, cc = 0; var k = 0;
        for (var i = 0; i < lv.Length; i++) if (lv[i]) { cr += i / n; cc += i % n; k++; }
        cr /= k; cc /= k;
        var near = Dilate(lv, n, 1); var far = Dilate(lv, n, 3);
        var bg = new bool[lv.Length];
        for (var i = 0; i < lv.Length; i++)
            bg[i] = far[i] && !near[i] && i % n > cc && i / n > cr - 0.2 * (n / 8);
        return bg;
    }

    private static bool[] Dilate(bool[] m, int n, int r)
    {
        var d = new bool[m.Length];
        for (var y = 0; y < n; y++) for (var x = 0; x < n; x++)
        {
            if (!m[y * n + x]) continue;
            for (var dy = -r; dy <= r; dy++) for (var dx = -r; dx <= r; dx++)
            {
                int yy = y + dy, xx = x + dx;
                if (yy >= 0 && yy < n && xx >= 0 && xx < n && dx * dx + dy * dy <= r * r + r) d[yy * n + xx] = true;
            }
        }
        return d;
    }
}
