using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>First-pass radionuclide angiography (CLINICAL §3): Tc-99m bolus, RAO 20°, 25 frames/s (40 ms). Each blood
/// compartment's concentration follows a gamma-variate transit curve scaled by the Stewart–Hamilton principle
/// (∫C dt = A / cardiac output), plus a slow rise to equilibrium; chambers change volume with the cardiac cycle.</summary>
public static class FirstPassStudy
{
    private const int PhaseBins = 8;
    private static readonly (Organ Organ, double ArrivalS, double Fraction)[] Transit =
    [
        (Organ.SuperiorVenaCava, 1.0, 1), (Organ.RightAtrium, 1.8, 1), (Organ.RvBloodPool, 2.6, 1), (Organ.PulmonaryTrunk, 3.2, 1),
        (Organ.RightLung, 4.5, 0.1), (Organ.LeftLung, 4.5, 0.1), (Organ.LeftAtrium, 7.0, 1), (Organ.LvBloodPool, 7.8, 1),
        (Organ.AscendingAorta, 8.4, 1), (Organ.DescendingAorta, 8.8, 1),
    ];

    public static SimulationResult Simulate(SimulationOptions o)
    {
        var ef = o.LvefPercent ?? 60; var edv = o.EdvMl ?? 120;
        var heart = new HeartModel(EdvMl: edv, EsvMl: edv * (1 - ef / 100));
        var s = new ImagingSession("first-pass", o, Radiopharmaceutical.Tc99mPertechnetate, Collimator.Lehr, new TorsoParameters(Heart: heart));
        s.AdministeredMBq = o.AdministeredMBq ?? 740;
        var hr = o.HeartRateBpm ?? 75;
        var frameMs = (o.FrameSeconds ?? 0.04) * 1000;
        var duration = o.Reduced ? 12.0 : 25.0;
        var frames = (int)Math.Round(duration * 1000 / frameMs);
        var matrix = o.Matrix ?? (o.Reduced ? 32 : 64);
        var pixel = 400.0 / matrix;
        var iso = CardiacRois.LvCentre(heart) with { Y = 0 };
        var view = s.PlanarView(200, iso, matrix, pixel); // RAO 20: ANT (180°) turned 20° towards the right (270°), PS3.3 C.8.4.12
        const double cardiacOutputMlPerS = 5000.0 / 60, bloodVolumeMl = 5000;

        // Basis projections: each compartment at unit activity, at each phase bin for the chambers.
        var basis = new Dictionary<(Organ, int), float[][]>();
        var keys = Transit.Select(t => t.Organ).Append(Organ.Body).ToArray();
        var jobs = new List<(Organ Organ, int Bin)>();
        foreach (var organ in keys)
            for (var b = 0; b < (IsChamber(organ) ? PhaseBins : 1); b++) jobs.Add((organ, b));
        var results = new float[jobs.Count][][];
        Parallel.For(0, jobs.Count, j =>
        {
            var (organ, bin) = jobs[j];
            var ph = s.AtPhase((bin + 0.5) / PhaseBins);
            // Unit concentration (1 MBq/ml) in the organ.
            var act = new Dictionary<Organ, double> { [organ] = ph[organ].WeightedVolumeMl(ph.Grid) };
            results[j] = s.WindowImages(s.ProjectorFor(ph).Project(ph.ActivityMapMBq(act), view), frameMs / 1000);
        });
        for (var j = 0; j < jobs.Count; j++) basis[jobs[j]] = results[j];

        var all = new ushort[frames * s.Camera.Windows.Count][];
        var expectedPeak = new float[frames][];
        Parallel.For(0, frames, f =>
        {
            var t = (f + 0.5) * frameMs / 1000;
            var bin = (int)(t * hr / 60 % 1 * PhaseBins);
            var windows = new float[s.Camera.Windows.Count][];
            for (var w = 0; w < windows.Length; w++) windows[w] = new float[matrix * matrix];
            foreach (var organ in keys)
            {
                var c = Concentration(organ, t, s.AdministeredMBq, cardiacOutputMlPerS, bloodVolumeMl);
                if (c <= 0) continue;
                var img = basis[(organ, IsChamber(organ) ? bin : 0)];
                for (var w = 0; w < windows.Length; w++) for (var i = 0; i < windows[w].Length; i++) windows[w][i] += (float)(img[w][i] * c);
            }
            expectedPeak[f] = windows[0];
            for (var w = 0; w < windows.Length; w++) all[w * frames + f] = s.Sample(windows[w], 1_000_000L * w + f);
        });
        var ew = new List<int>(); var det = new List<int>(); var phase = new List<int>(); var slice = new List<int>();
        for (var w = 0; w < s.Camera.Windows.Count; w++) for (var f = 0; f < frames; f++) { ew.Add(w + 1); det.Add(1); phase.Add(1); slice.Add(f + 1); }
        var start = s.InjectionTime;
        var series = new NmSeries("first_pass_rao20.dcm", 1, "First pass RAO 20", NmImageType.Dynamic, start, frameMs, s.Tracer, s.AdministeredMBq,
            s.InjectionTime, s.Camera, [new DetectorView("RAO20", view)], matrix, matrix, pixel, all,
            new FrameVectors([.. ew], [.. det], Phase: [.. phase], TimeSlice: [.. slice]), Phase: new PhaseInfo(frames, frameMs, 0));
        s.Series.Add(series);
        s.AddSeriesTruth(series, new Dictionary<Organ, double>(), expectedPeak, 0);

        var edMask = GatedBloodPoolStudy.LvMask(s, heart, view, 0.5 / PhaseBins);
        s.Rois.Add(new RoiTruth("lv.ed", series.FileName, null, "mask", Spans: Roi.Spans(edMask, matrix, matrix)));
        // Representative cycle over the LV phase (LV arrival −1 s to +4 s), summed by phase bin; background = mean LV-ROI
        // counts per frame in the lung phase just before LV arrival (Gal 1986).
        var lvArrival = Transit.First(t => t.Organ == Organ.LvBloodPool).ArrivalS;
        var cycle = new double[PhaseBins]; var perBin = new int[PhaseBins];
        double bg = 0; var nb = 0;
        for (var f = 0; f < frames; f++)
        {
            var t = (f + 0.5) * frameMs / 1000;
            var counts = Roi.Sum(expectedPeak[f], edMask);
            if (t >= lvArrival - 1 && t <= lvArrival + 4) { var bin = (int)(t * hr / 60 % 1 * PhaseBins); cycle[bin] += counts; perBin[bin]++; }
            if (t >= lvArrival - 2.5 && t < lvArrival - 1.5) { bg += counts; nb++; }
        }
        for (var b = 0; b < PhaseBins; b++) cycle[b] = perBin[b] > 0 ? cycle[b] / perBin[b] : 0;
        bg /= Math.Max(1, nb);
        var edC = cycle.Max(); var esC = cycle.Where(c => c > 0).Min();
        var q = s.Quantities;
        q["lv.arrivalSeconds"] = lvArrival;
        q["representativeCycle.edCountsPerFrame.expected"] = edC; q["representativeCycle.esCountsPerFrame.expected"] = esC;
        q["background.countsPerFrame.expected"] = bg;
        // EF of the LV blood pool alone in the ED ROI (perfect background removal): the target for a measured EF.
        var edLv = Roi.Sum(basis[(Organ.LvBloodPool, 0)][0], edMask); var esLv = Roi.Sum(basis[(Organ.LvBloodPool, 2)][0], edMask);
        q["lvef.lvBloodOnly.expectedPercent"] = 100 * (edLv - esLv) / edLv;
        var ht = s.HeartTruth(hr);
        q["lvef.physicalPercent"] = ht.LvefPercent;
        q["lvef.binnedPercent"] = 100 * (heart.LvVolumeMl(0.5 / PhaseBins) - heart.LvVolumeMl(2.5 / PhaseBins)) / heart.LvVolumeMl(0.5 / PhaseBins);
        return s.Finish(o.Reduced ? "reduced" : "full", heart: ht);
    }

    private static bool IsChamber(Organ o) => o is Organ.LvBloodPool or Organ.RvBloodPool or Organ.LeftAtrium or Organ.RightAtrium;

    /// <summary>MBq/ml at time t (s): gamma-variate transit (α = 3, β growing with arrival time) scaled so that
    /// ∫C dt = A/CO, plus equilibrium mixing after the LV passage (time constant 8 s).</summary>
    private static double Concentration(Organ organ, double t, double a, double co, double blood)
    {
        var eq = t > 9 ? a / blood * (1 - Math.Exp(-(t - 9) / 8)) : 0;
        if (organ == Organ.Body) return 0.05 * eq;
        var (_, arrival, fraction) = Transit.First(x => x.Organ == organ);
        var beta = 0.25 + 0.06 * arrival;
        const double alpha = 3;
        var x = t - arrival;
        var g = x <= 0 ? 0 : Math.Pow(x, alpha) * Math.Exp(-x / beta) / (Math.Pow(beta, alpha + 1) * 6); // Γ(4) = 6
        return fraction * (a / co * g + eq);
    }
}
