using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>First-pass radionuclide angiography (CLINICAL §3): 925 MBq Tc-99m bolus (ASNC: 740–1110 MBq), high-sensitivity
/// (LEAP) collimator for the count rate, RAO 20°, 25 frames/s (40 ms) [Friedman2006]. The blood
/// concentration of each compartment follows the indicator-dilution chain of <see cref="BolusTransit"/>; the chambers change
/// volume with the cardiac cycle (20 phase samples, interpolated), and each frame integrates four instants.</summary>
public static class FirstPassStudy
{
    private const int PhaseSamples = 20; // end-systole (phase 0.35) falls on sample 7
    private const int SubFrames = 4;
    private static readonly Organ[] Compartments =
    [
        Organ.SuperiorVenaCava, Organ.RightAtrium, Organ.RvBloodPool, Organ.PulmonaryTrunk, Organ.RightLung, Organ.LeftLung,
        Organ.LeftAtrium, Organ.LvBloodPool, Organ.AscendingAorta, Organ.DescendingAorta, Organ.Body,
    ];

    public static SimulationResult Simulate(SimulationOptions o)
    {
        var ef = o.LvefPercent ?? 60; var edv = o.EdvMl ?? 120;
        var rvef = (o.RvefPercent ?? 50) / 100;
        // Both ventricles eject the same stroke volume: the whole LV's, less than the contracting rest's where a wall moves
        // abnormally. The RV's end-diastolic volume follows from it, within what the phantom's RV shape holds.
        var lv = new HeartModel(EdvMl: edv, EsvMl: edv * (1 - ef / 100), AbnormalWall: o.AbnormalWall, BaseDescent: o.BaseDescent ?? 0);
        var stroke = o.AbnormalWall is null ? edv * ef / 100 : lv.LvStrokeMl; // the first form as validated, to the last bit
        var rvEdv = Math.Clamp(stroke / rvef, 80, 260);
        var heart = lv with { RvEdvMl = rvEdv, RvEsvMl = rvEdv * (1 - rvef) };
        var s = new ImagingSession("first-pass", o, Radiopharmaceutical.Tc99mPertechnetate, Collimator.Legp, new TorsoParameters(Heart: heart));
        s.AdministeredMBq = o.AdministeredMBq ?? 925;
        var hr = o.HeartRateBpm ?? 75;
        AddSeries(s, heart, hr, s.AdministeredMBq, s.InjectionTime, 1, "first_pass_rao20.dcm", "First pass RAO 20", "", null,
            o.Matrix ?? (o.Reduced ? 32 : 64), o.FrameSeconds ?? 0.04);
        heart.AddWallMotionTruth(s.Quantities);
        var ht = s.HeartTruth(hr);
        s.Quantities["lvef.physicalPercent"] = ht.LvefPercent;
        return s.Finish(o.Reduced ? "reduced" : "full", heart: ht);
    }

    /// <summary>Adds to <paramref name="s"/> (its camera, tracer and phantom) a first pass of <paramref name="mbq"/> injected at
    /// <paramref name="injection"/>, acquired from then on, with its truth quantities under <paramref name="truthPrefix"/>.
    /// <paramref name="residue"/> gives, for the view and frame duration, each energy window's expected counts per frame from
    /// activity already in the patient (an earlier injection), or null.</summary>
    internal static void AddSeries(ImagingSession s, HeartModel heart, double hr, double mbq, DateTime injection, int number, string file,
        string description, string truthPrefix, Func<ViewGeometry, double, float[][]>? residue, int matrix, double frameS)
    {
        var o = s.Options;
        var rvef = (heart.RvEdvMl - heart.RvEsvMl) / heart.RvEdvMl;
        var duration = o.Reduced ? 12.0 : 25.0;
        var frames = (int)Math.Round(duration / frameS);
        var pixel = 400.0 / matrix;
        var iso = CardiacRois.LvCentre(heart) with { Y = 0 };
        var view = s.PlanarView(200, iso, matrix, pixel); // RAO 20: ANT (180°) turned 20° towards the right (270°), PS3.3 C.8.4.12
        var ungated = s.Ungated;
        var transit = BolusTransit.Simulate(mbq, heart, hr, ungated.VolumeMl(Organ.RightLung) + ungated.VolumeMl(Organ.LeftLung),
            o.FragmentedBolus, duration + 1);

        // Basis projections: each compartment at unit concentration (1 MBq/ml), at each phase sample for the chambers.
        var jobs = new List<(Organ Organ, int Sample)>();
        foreach (var organ in Compartments)
            for (var b = 0; b < (IsChamber(organ) ? PhaseSamples : 1); b++) jobs.Add((organ, b));
        var results = new float[jobs.Count][][];
        Parallel.For(0, jobs.Count, j =>
        {
            var (organ, sample) = jobs[j];
            var ph = IsChamber(organ) ? s.AtPhase((double)sample / PhaseSamples) : ungated;
            var act = new Dictionary<Organ, double> { [organ] = ph[organ].WeightedVolumeMl(ph.Grid) };
            results[j] = s.WindowImages(s.ProjectorFor(ph).Project(ph.ActivityMapMBq(act), view), frameS);
        });
        var basis = new Dictionary<(Organ, int), float[][]>();
        for (var j = 0; j < jobs.Count; j++) basis[jobs[j]] = results[j];
        var windowCount = s.Camera.Windows.Count;
        var before = residue?.Invoke(view, frameS);

        // An irregular rhythm: one premature beat in every n (n = 100 / IrregularBeatsPercent, at least 2), see CyclePosition.
        var prematureEvery = o.IrregularBeatsPercent is double percent && percent > 0 ? Math.Max(2, (int)Math.Round(100 / percent)) : 0;
        var all = new ushort[frames * windowCount][];
        var expectedPeak = new float[frames][];
        // Noise streams: the stand-alone first pass (series 1) keeps the streams it was validated with.
        var streams = (number - 1) * 10_000_000L;
        Parallel.For(0, frames, f =>
        {
            // Weights of the basis images over the frame's sub-instants: concentration × phase interpolation.
            var weights = new Dictionary<(Organ, int), double>();
            for (var k = 0; k < SubFrames; k++)
            {
                var t = (f + (k + 0.5) / SubFrames) * frameS;
                var position = CyclePosition(t, hr, prematureEvery) * PhaseSamples;
                var b0 = (int)position; var w = position - b0;
                foreach (var organ in Compartments)
                {
                    var c = transit.ConcentrationMBqPerMl(organ, t) / SubFrames;
                    if (c <= 0) continue;
                    if (!IsChamber(organ)) { Add(weights, (organ, 0), c); continue; }
                    Add(weights, (organ, b0), c * (1 - w));
                    Add(weights, (organ, (b0 + 1) % PhaseSamples), c * w);
                }
            }
            var windows = new float[windowCount][];
            for (var win = 0; win < windowCount; win++)
            {
                var image = windows[win] = before is null ? new float[matrix * matrix] : (float[])before[win].Clone();
                foreach (var (key, weight) in weights)
                {
                    var source = basis[key][win];
                    var wf = (float)weight;
                    for (var i = 0; i < image.Length; i++) image[i] += source[i] * wf;
                }
            }
            expectedPeak[f] = windows[0];
            for (var win = 0; win < windowCount; win++) all[win * frames + f] = s.Sample(windows[win], streams + 1_000_000L * win + f);
        });
        var ew = new List<int>(); var det = new List<int>(); var phase = new List<int>(); var slice = new List<int>();
        for (var win = 0; win < windowCount; win++) for (var f = 0; f < frames; f++) { ew.Add(win + 1); det.Add(1); phase.Add(1); slice.Add(f + 1); }
        var series = new NmSeries(file, number, description, NmImageType.Dynamic, injection, frameS * 1000, s.Tracer,
            mbq, injection, s.Camera, [new DetectorView("RAO20", view)], matrix, matrix, pixel, all,
            new FrameVectors([.. ew], [.. det], Phase: [.. phase], TimeSlice: [.. slice]), Phase: new PhaseInfo(frames, frameS * 1000, 0));
        s.Series.Add(series);
        s.AddSeriesTruth(series, new Dictionary<Organ, double>(), expectedPeak, 0);

        const int esSample = 7;
        var lvMask = GatedBloodPoolStudy.ChamberMask(s, view, 0, Organ.LvBloodPool);
        var rvMask = GatedBloodPoolStudy.ChamberMask(s, view, 0, Organ.RvBloodPool);
        s.Rois.Add(new RoiTruth("lv.ed", series.FileName, null, "mask", Spans: Roi.Spans(lvMask, matrix, matrix)));
        s.Rois.Add(new RoiTruth("rv.ed", series.FileName, null, "mask", Spans: Roi.Spans(rvMask, matrix, matrix)));
        var q = s.Quantities;
        var p = truthPrefix;
        q[p + "cardiacOutputMlPerS"] = transit.CardiacOutputMlPerS;
        q[p + "pulmonaryTransitSeconds"] = transit.PulmonaryTransitSeconds;
        q[p + "rv.peakSeconds"] = transit.PeakSeconds(Organ.RvBloodPool);
        q[p + "lv.peakSeconds"] = transit.PeakSeconds(Organ.LvBloodPool);
        q[p + "bolus.fragmented"] = o.FragmentedBolus ? 1 : 0;
        q[p + "rhythm.prematureEvery"] = prematureEvery; // 0: regular
        // EF of each ventricle's own blood in its ED outline (perfect background removal): what a counts method can reach.
        double BloodOnly(Organ chamber, bool[] mask) =>
            100 * (1 - Roi.Sum(basis[(chamber, esSample)][0], mask) / Roi.Sum(basis[(chamber, 0)][0], mask));
        q[p + "lvef.lvBloodOnly.expectedPercent"] = BloodOnly(Organ.LvBloodPool, lvMask);
        q[p + "rvef.rvBloodOnly.expectedPercent"] = BloodOnly(Organ.RvBloodPool, rvMask);
        q[p + "rvef.modelPercent"] = 100 * rvef;
        // The voxelised RV (the LV carves it) is the volume the images show.
        var rvEd = s.AtPhase(0).VolumeMl(Organ.RvBloodPool); var rvEs = s.AtPhase(HeartModel.EndSystolePhase).VolumeMl(Organ.RvBloodPool);
        q[p + "rv.edvVoxelMl"] = rvEd; q[p + "rv.esvVoxelMl"] = rvEs;
        q[p + "rvef.physicalPercent"] = 100 * (rvEd - rvEs) / rvEd;
    }

    private static bool IsChamber(Organ o) => o is Organ.LvBloodPool or Organ.RvBloodPool or Organ.LeftAtrium or Organ.RightAtrium;

    private static void Add(Dictionary<(Organ, int), double> weights, (Organ, int) key, double value) =>
        weights[key] = weights.GetValueOrDefault(key) + value;

    /// <summary>Where in its beat (0–1) the heart is at <paramref name="t"/> seconds: beats of 60 / hr s, or with
    /// <paramref name="prematureEvery"/> = n &gt; 1 a premature beat after every n − 2 regular ones, coming at 75 % of the R-R
    /// interval and followed by a full compensatory pause (125 %), so that the mean rate stays hr: beats of 1, ..., 1, 0.75,
    /// 1.25 R-R intervals, each cycle compressed or stretched to its beat (the timing of premature beats; their smaller
    /// filling is not modelled).</summary>
    internal static double CyclePosition(double t, double hr, int prematureEvery)
    {
        if (prematureEvery <= 1) return t * hr / 60 % 1;
        var rr = 60 / hr;
        var regular = (prematureEvery - 2) * rr;
        var inGroup = t % (prematureEvery * rr);
        if (inGroup < regular) return inGroup / rr % 1;
        inGroup -= regular;
        return inGroup < 0.75 * rr ? inGroup / (0.75 * rr) : (inGroup - 0.75 * rr) / (1.25 * rr);
    }
}
