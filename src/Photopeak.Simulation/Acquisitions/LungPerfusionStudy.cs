using System.Numerics;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Projection;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Tc-99m MAA lung perfusion (CLINICAL §5): 8 views as four dual-head pairs (ANT/POST, RAO/LPO, LAO/RPO,
/// RLAT/LLAT), optional segmental defects and an optional Tc-99m DTPA aerosol ventilation study acquired first (with its own
/// optional defects). With a right-to-left shunt or a free-pertechnetate fraction the whole-body phantom is used and a WHOLE BODY
/// ANT/POST scan follows the lung views.</summary>
public static class LungPerfusionStudy
{
    // Opposed detector pairs by Start Angle (PS3.3 C.8.4.12): ANT/POST, RAO/LPO, LAO/RPO, RLAT/LLAT.
    private static readonly (double A, double B)[] Pairs = [(180, 0), (225, 45), (135, 315), (270, 90)];

    public static SimulationResult Simulate(SimulationOptions o)
    {
        var wholeBody = o.ShuntPercent is not null || o.FreePertechnetatePercent is not null;
        if (o.ShuntPercent is < 0 or > 100) throw new ArgumentException($"shunt {o.ShuntPercent}% is not 0–100");
        if (o.FreePertechnetatePercent is < 0 or > 100) throw new ArgumentException($"free pertechnetate {o.FreePertechnetatePercent}% is not 0–100");
        var s = new ImagingSession("lung-perfusion", o, Radiopharmaceutical.Tc99mMaa, Collimator.Lehr,
            new TorsoParameters(LungDefects: o.LungDefects, WholeBody: wholeBody));
        var phantom = s.Ungated;
        var matrix = o.PlanarMatrix;
        var pixel = 512.0 / matrix;
        var iso = new Vector3(0, 0, 60);
        var counts = o.CountsPerView ?? (o.Reduced ? 100_000 : 500_000);
        var number = 1;
        var start = s.InjectionTime.AddMinutes(5);

        if (o.Ventilation)
        {
            // Ventilation with Tc-99m DTPA aerosol, ~30 MBq deposited in the lungs (Bajc 2019): uniform per ml of lung except in
            // VentilationDefects (a perfusion defect with normal ventilation is a mismatch; one in the same segment, a match).
            // The same patient (a woman's breasts too), with the ventilation defects instead of the perfusion ones.
            var vent = new TorsoPhantom(s.Torso.Parameters with { LungDefects = o.VentilationDefects, WholeBody = false }).AtPhase(0.55);
            var ventRel = new Dictionary<Organ, double> { [Organ.RightLung] = 1, [Organ.LeftLung] = 1, [Organ.Body] = 0.002 };
            var ventActivity = vent.ActivitiesFromRelativeConcentration(ventRel, 30);
            // The aerosol is inhaled at the study start (its series carry that time); MAA is injected after the ventilation views, with
            // the patient still on the table, and the perfusion views follow 5 min later.
            AddViews(s, vent, vent.ActivityMapMBq(ventActivity), ventActivity, iso, matrix, pixel, counts / 4, ref number, ref start, "VENT", Radiopharmaceutical.Tc99mDtpaAerosol);
            s.InjectionTime = start.AddMinutes(2);
            start = s.InjectionTime.AddMinutes(5);
        }

        // MAA: ~97% trapped in lung capillaries; right share by default 52.5% (Cheng 2006 normal split); a little free
        // pertechnetate in the body.
        var rightShare = (o.RightLungPercent ?? 52.5) / 100;
        var perfusionStart = s.InjectionTime;
        s.AdministeredMBq = o.AdministeredMBq ?? 150;
        var hours = (start - perfusionStart).TotalHours;
        var inBody = s.AdministeredMBq * s.Nuclide.DecayFactor(hours);
        double shunt = (o.ShuntPercent ?? 0) / 100, free = (o.FreePertechnetatePercent ?? 3) / 100;
        var activities = wholeBody ? WholeBodyActivities(inBody, rightShare, shunt, free)
            : new Dictionary<Organ, double>
            {
                [Organ.RightLung] = 0.97 * inBody * rightShare,
                [Organ.LeftLung] = 0.97 * inBody * (1 - rightShare),
                [Organ.Body] = 0.03 * inBody,
            };
        var map = phantom.ActivityMapMBq(activities);
        AddViews(s, phantom, map, activities, iso, matrix, pixel, counts, ref number, ref start, "PERF", s.Tracer);
        if (wholeBody) AddWholeBodyScan(s, phantom, map, activities, number++, start, shunt, free);

        // Physical split and zones from the activity map; zones = thirds of each lung's craniocaudal extent.
        var q = s.Quantities;
        var right = Zones(phantom, activities, Organ.RightLung); var left = Zones(phantom, activities, Organ.LeftLung);
        var total = right.Sum() + left.Sum();
        q["lung.right.physicalPercent"] = 100 * right.Sum() / total;
        q["lung.left.physicalPercent"] = 100 * left.Sum() / total;
        string[] zn = ["upper", "middle", "lower"];
        for (var z = 0; z < 3; z++)
        {
            q[$"lung.right.{zn[z]}.physicalPercent"] = 100 * right[z] / total;
            q[$"lung.left.{zn[z]}.physicalPercent"] = 100 * left[z] / total;
        }
        return s.Finish(o.Reduced ? "reduced" : "full", defects: o.LungDefects?.Select(d => $"{d.SegmentCode} residual {d.ResidualUptake:0.##}").ToArray());
    }

    /// <summary>
    /// Share of the systemic arterial flow, hence of shunted particles, per capillary bed: brain 13% [Abrams1998][?], myocardium 4%, kidneys
    /// 19%, hepatic artery 6.5%, spleen 3%, the rest (muscle, skin, bone, gut) in the body; resting cardiac output distribution of the
    /// reference adult (ICRP 89 table 2.40, rounded) [?]. Particles through the splanchnic arteries lodge in the gut, not the liver.
    /// </summary>
    public static readonly IReadOnlyDictionary<Organ, double> SystemicFlowShare = new Dictionary<Organ, double>
    {
        [Organ.Brain] = 0.13, [Organ.LvMyocardium] = 0.04, [Organ.RightKidney] = 0.095, [Organ.LeftKidney] = 0.095, [Organ.Liver] = 0.065,
        [Organ.Spleen] = 0.03, [Organ.Body] = 0.545,
    };

    /// <summary>Free pertechnetate ~20 min after injection: thyroid 2%, stomach 10%, kidneys 4%, bladder 10%, the rest in blood and
    /// extracellular fluid; none crosses the blood-brain barrier (approximate [?]).</summary>
    public static readonly IReadOnlyDictionary<Organ, double> FreePertechnetateShare = new Dictionary<Organ, double>
    {
        [Organ.Thyroid] = 0.02, [Organ.Stomach] = 0.10, [Organ.RightKidney] = 0.02, [Organ.LeftKidney] = 0.02, [Organ.Bladder] = 0.10, [Organ.Body] = 0.74,
    };

    private static Dictionary<Organ, double> WholeBodyActivities(double inBodyMBq, double rightShare, double shunt, double free)
    {
        var particles = (1 - free) * inBodyMBq;
        var a = new Dictionary<Organ, double>
        {
            [Organ.RightLung] = particles * (1 - shunt) * rightShare,
            [Organ.LeftLung] = particles * (1 - shunt) * (1 - rightShare),
        };
        foreach (var (organ, share) in SystemicFlowShare) a[organ] = a.GetValueOrDefault(organ) + particles * shunt * share;
        foreach (var (organ, share) in FreePertechnetateShare) a[organ] = a.GetValueOrDefault(organ) + free * inBodyMBq * share;
        return a;
    }

    /// <summary>
    /// WHOLE BODY ANT/POST (dual head, one pass, head first): 1024 × 256 (256 × 64 reduced) over 2304 × 576 mm, the top row above the
    /// vertex; the table speed gives ~2 M ANT counts (1 M reduced). Each point is seen for the detector's axial field (387 mm) divided by
    /// the speed; decay during the pass is not modelled row by row. Truth: the whole-body GM shunt [Ito2011] with the projected lung
    /// outlines, and the brain method with the head ROI (every row above the head–neck junction) [Abrams1998].
    /// </summary>
    private static void AddWholeBodyScan(ImagingSession s, Phantom phantom, float[] map, Dictionary<Organ, double> activities, int number, DateTime start,
        double shunt, double free)
    {
        var o = s.Options;
        int rows = o.Reduced ? 256 : 1024, cols = rows / 4;
        var pixel = 2304.0 / rows;
        var iso = new Vector3(0, 0, (float)(520 - rows * pixel / 2));
        var va = s.PlanarView(180, iso, cols, pixel) with { Rows = rows };
        var vb = s.PlanarView(0, iso, cols, pixel) with { Rows = rows };
        var projector = new Projector(phantom, s.Camera, s.Nuclide);
        var ca = projector.Project(map, va); var cb = projector.Project(map, vb);
        double rate = 0; foreach (var v in ca.PhotopeakTotal) rate += v;
        var dwellSeconds = (o.Reduced ? 1e6 : 2e6) / rate;
        const double detectorAxialMm = 387;
        var speed = detectorAxialMm / dwellSeconds;
        var length = rows * pixel;
        var (series, expected) = SeriesFactory.Static(s, "wb_ant_post.dcm", number, "Whole body ANT/POST", start, dwellSeconds, [(va, ca), (vb, cb)]);
        series = series with { Type = NmImageType.WholeBody, FrameDurationMs = Math.Round(length / speed * 1000), WholeBody = new WholeBodyScanInfo(speed, length) };
        s.Series.Add(series);
        s.AddSeriesTruth(series, activities, expected, ImagingSession.ScatterFraction(ca));

        var q = s.Quantities;
        double lungsA = 0, lungsP = 0;
        foreach (var (organ, side) in new[] { (Organ.RightLung, "right"), (Organ.LeftLung, "left") })
        {
            var mask = LungMask(phantom, organ, va);
            var post = Roi.MirrorColumns(mask, rows, cols);
            s.Rois.Add(new RoiTruth($"wb.{side}Lung.ant", series.FileName, 1, "mask", Spans: Roi.Spans(mask, rows, cols)));
            s.Rois.Add(new RoiTruth($"wb.{side}Lung.post", series.FileName, 2, "mask", Spans: Roi.Spans(post, rows, cols)));
            lungsA += Roi.Sum(expected[0], mask); lungsP += Roi.Sum(expected[1], post);
        }
        double totalA = 0, totalP = 0;
        foreach (var v in expected[0]) totalA += v;
        foreach (var v in expected[1]) totalP += v;
        var gmLungs = Math.Sqrt(lungsA * lungsP); var gmBody = Math.Sqrt(totalA * totalP);
        // Head ROI: every row whose centre lies above the head–neck junction, the neck's narrowest level (same rows on ANT and POST).
        var headLast = (int)Math.Floor((iso.Z - TorsoPhantom.Anatomy.HeadNeckJunctionZMm) / pixel + (rows - 1) / 2.0);
        s.Rois.Add(new RoiTruth("wb.head", series.FileName, null, "rectangle", Row0: 0, Row1: headLast, Col0: 0, Col1: cols - 1));
        double headA = 0, headP = 0;
        for (var i = 0; i <= headLast * cols + cols - 1; i++) { headA += expected[0][i]; headP += expected[1][i]; }
        var brain = Math.Sqrt(headA * headP) / SystemicFlowShare[Organ.Brain];
        double lungActivity = activities[Organ.RightLung] + activities[Organ.LeftLung], all = activities.Values.Sum();
        q["shunt.physicalPercent"] = 100 * shunt;
        q["shunt.freePertechnetatePercent"] = 100 * free;
        q["shunt.extrapulmonaryActivityPercent"] = 100 * (all - lungActivity) / all;
        q["shunt.wholeBody.expectedPercent"] = 100 * (gmBody - gmLungs) / gmBody;
        q["shunt.brain.expectedPercent"] = 100 * brain / (brain + gmLungs);
        q["shunt.wholeBody.headLastRow"] = headLast;
    }

    private static void AddViews(ImagingSession s, Phantom phantom, float[] map, Dictionary<Organ, double> activities, Vector3 iso, int matrix,
        double pixel, double counts, ref int number, ref DateTime start, string prefix, Radiopharmaceutical tracer)
    {
        var projector = new Projector(phantom, s.Camera, tracer.Nuclide);
        foreach (var (a, b) in Pairs)
        {
            var va = s.PlanarView(a, iso, matrix, pixel); var vb = s.PlanarView(b, iso, matrix, pixel);
            var ca = projector.Project(map, va); var cb = projector.Project(map, vb);
            // Same duration for both heads; time set so the first head reaches the requested counts.
            double rate = 0; foreach (var v in ca.PhotopeakTotal) rate += v;
            var seconds = Math.Round(counts / rate);
            var label = $"{prefix}_{DetectorView.LabelFor(a)}_{DetectorView.LabelFor(b)}";
            var file = $"{label.ToLowerInvariant()}.dcm";
            var (series, expected) = SeriesFactory.Static(s, file, number, $"{(prefix == "VENT" ? "Ventilation" : "Perfusion")} {DetectorView.LabelFor(a)}/{DetectorView.LabelFor(b)}",
                start, seconds, [(va, ca), (vb, cb)]);
            if (!ReferenceEquals(tracer, s.Tracer)) series = series with { Tracer = tracer, AdministeredMBq = 30 };
            s.Series.Add(series);
            s.AddSeriesTruth(series, activities, expected, ImagingSession.ScatterFraction(ca));
            if (a == 180) AddGeometricMean(s, phantom, expected, va, file, prefix.ToLowerInvariant());
            number++;
            start = start.AddSeconds(seconds + 60);
        }
    }

    /// <summary>Lung ROIs on ANT (projected lung outline) mirrored for POST, and the noiseless geometric-mean split.</summary>
    private static void AddGeometricMean(ImagingSession s, Phantom phantom, float[][] expected, ViewGeometry ant, string file, string prefix)
    {
        int rows = ant.Rows, cols = ant.Columns;
        var q = s.Quantities;
        var gm = new Dictionary<string, double>();
        foreach (var (organ, side) in new[] { (Organ.RightLung, "right"), (Organ.LeftLung, "left") })
        {
            var mask = LungMask(phantom, organ, ant);
            var post = Roi.MirrorColumns(mask, rows, cols);
            s.Rois.Add(new RoiTruth($"{prefix}.{side}Lung.ant", file, 1, "mask", Spans: Roi.Spans(mask, rows, cols)));
            s.Rois.Add(new RoiTruth($"{prefix}.{side}Lung.post", file, 2, "mask", Spans: Roi.Spans(post, rows, cols)));
            gm[side] = Math.Sqrt(Roi.Sum(expected[0], mask) * Roi.Sum(expected[1], post));
            // Zones: thirds of the ROI's row extent.
            int r0 = rows, r1 = -1;
            for (var i = 0; i < mask.Length; i++) if (mask[i]) { r0 = Math.Min(r0, i / cols); r1 = Math.Max(r1, i / cols); }
            string[] zn = ["upper", "middle", "lower"];
            for (var z = 0; z < 3; z++)
            {
                var za = (int)Math.Round(r0 + z * (r1 - r0 + 1) / 3.0); var zb = (int)Math.Round(r0 + (z + 1) * (r1 - r0 + 1) / 3.0) - 1;
                var zm = (bool[])mask.Clone();
                for (var i = 0; i < zm.Length; i++) if (i / cols < za || i / cols > zb) zm[i] = false;
                var zp = Roi.MirrorColumns(zm, rows, cols);
                gm[$"{side}.{zn[z]}"] = Math.Sqrt(Roi.Sum(expected[0], zm) * Roi.Sum(expected[1], zp));
                q[$"{prefix}.lung.{side}.{zn[z]}.rowFirst"] = za; q[$"{prefix}.lung.{side}.{zn[z]}.rowLast"] = zb;
            }
        }
        var total = gm["right"] + gm["left"];
        q[$"{prefix}.lung.right.expectedPercent"] = 100 * gm["right"] / total;
        q[$"{prefix}.lung.left.expectedPercent"] = 100 * gm["left"] / total;
        foreach (var side in new[] { "right", "left" })
        foreach (var z in new[] { "upper", "middle", "lower" })
            q[$"{prefix}.lung.{side}.{z}.expectedPercent"] = 100 * gm[$"{side}.{z}"] / total;
    }

    /// <summary>Pixels onto which the lung projects (path length through lung ≥ 1 voxel-fraction-weighted voxel).</summary>
    private static bool[] LungMask(Phantom phantom, Organ organ, ViewGeometry v)
    {
        var map = phantom.ActivityMapMBq(new Dictionary<Organ, double> { [organ] = phantom[organ].WeightedVolumeMl(phantom.Grid) });
        var comp = new Projector(phantom, new CameraModel(Collimator.Lehr, AcquisitionWindows.TripleWindow(Emitter.Tc99m.PhotonEnergyKeV)), Emitter.Tc99m,
            new ProjectorOptions(Attenuation: false, Resolution: false, Scatter: false, HighEnergy: false)).Project(map, v);
        float max = 0; foreach (var x in comp.Primary) max = Math.Max(max, x);
        var mask = new bool[comp.Primary.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = comp.Primary[i] > 0.1f * max;
        return mask;
    }

    /// <summary>The organ's own activity in thirds of its craniocaudal voxel extent (upper, middle, lower).</summary>
    private static double[] Zones(Phantom phantom, IReadOnlyDictionary<Organ, double> activities, Organ organ)
    {
        var mask = phantom[organ]; var g = phantom.Grid;
        int kMin = int.MaxValue, kMax = int.MinValue;
        foreach (var i in mask.Indices) { var k = i / (g.Nx * g.Ny); kMin = Math.Min(kMin, k); kMax = Math.Max(kMax, k); }
        var zones = new double[3];
        var height = kMax - kMin + 1;
        double wsum = 0; foreach (var w in mask.UptakeWeighted) wsum += w;
        for (var n = 0; n < mask.Indices.Length; n++)
        {
            var k = mask.Indices[n] / (g.Nx * g.Ny);
            var zone = Math.Clamp(2 - (k - kMin) * 3 / height, 0, 2); // upper = highest z
            zones[zone] += activities[organ] * mask.UptakeWeighted[n] / wsum;
        }
        return zones;
    }
}
