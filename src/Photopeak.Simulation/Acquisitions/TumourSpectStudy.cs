using System.Numerics;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Tumour localisation SPECT (CLINICAL §4): I-123 mIBG (default), In-111 pentetreotide, Ga-67 citrate (every line in
/// windows of its own) or Tc-99m sestamibi (<c>--nuclide</c>), two or more bed positions (chest, abdomen, ...) of 360°
/// dual-head SPECT with spherical lesions.</summary>
public static class TumourSpectStudy
{
    public static readonly IReadOnlyList<SphericalLesion> DefaultLesions =
    [
        new(new Vector3(-60, 40, -125), 15, 12),   // right adrenal (phaeochromocytoma)
        new(new Vector3(-95, -20, -80), 12, 8),    // liver metastasis
        new(new Vector3(12, 5, 110), 10, 10),      // upper mediastinal node
    ];

    /// <summary>The default lesions as In-111 pentetreotide shows neuroendocrine tumours: somatostatin-receptor-rich foci
    /// take up more than mIBG foci relative to soft tissue (same sites and sizes, contrasts 30, 24 and 25 against the
    /// kidneys' 10 and the liver's 4) [?: our choice, after the guideline's "intense" uptake].</summary>
    public static readonly IReadOnlyList<SphericalLesion> DefaultIn111Lesions =
        [.. DefaultLesions.Zip(new[] { 30.0, 24, 25 }, (l, c) => l with { ContrastToBackground = c })];

    /// <summary>What tumour-spect simulates for one tracer: the tracer and collimator, relative concentrations at the imaging
    /// time, the administered activity, hours from injection to imaging, the word the series descriptions use, and the
    /// default lesions.</summary>
    private sealed record TracerProtocol(Radiopharmaceutical Tracer, Collimator Collimator, Dictionary<Organ, double> Relative,
        double AdministeredMBq, double ImagingHours, string Agent, IReadOnlyList<SphericalLesion> Lesions);

    // mIBG (24 h): liver, myocardium, spleen, faint kidneys. In-111 pentetreotide (24 h): kidneys and spleen highest, then urine
    // and liver, no myocardium (EANM somatostatin-receptor guideline, Bombardieri 2010). Ga-67 citrate (48 h): liver, then marrow
    // (spine), spleen, faint kidneys. Tc-99m sestamibi (15 min): myocardium, liver, kidneys, thyroid (EANM guidelines) [?: ratios
    // are ours, shaped on the guidelines' descriptions]. Ga-67 is imaged through a medium-energy collimator as In-111; Tc-99m
    // through LEHR.
    private static TracerProtocol ProtocolFor(Emitter nuclide)
    {
        var soft = new Dictionary<Organ, double>
        {
            [Organ.Body] = 1, [Organ.RightLung] = 0.3, [Organ.LeftLung] = 0.3, [Organ.HeartRegion] = 0.8, [Organ.UpperMediastinum] = 0.8,
        };
        Dictionary<Organ, double> With(params (Organ Organ, double Relative)[] organs)
        {
            var d = new Dictionary<Organ, double>(soft);
            foreach (var (organ, r) in organs) d[organ] = r;
            return d;
        }
        if (nuclide == Emitter.In111)
            return new(Radiopharmaceutical.In111Pentetreotide, Collimator.Me, With((Organ.Liver, 4), (Organ.Spleen, 8), (Organ.LvMyocardium, 0.8),
                (Organ.RightKidney, 10), (Organ.LeftKidney, 10), (Organ.Thyroid, 1.5), (Organ.Bladder, 6)), 200, 24, "Octreoscan", DefaultIn111Lesions);
        if (nuclide == Emitter.Ga67)
            return new(Radiopharmaceutical.Ga67Citrate, Collimator.Me, With((Organ.Liver, 4), (Organ.Spleen, 2.5), (Organ.Spine, 2), (Organ.LvMyocardium, 0.8),
                (Organ.RightKidney, 1.5), (Organ.LeftKidney, 1.5), (Organ.Thyroid, 1)), 185, 48, "Gallium", DefaultLesions);
        if (nuclide == Emitter.Tc99m)
            return new(Radiopharmaceutical.Tc99mSestamibi, Collimator.Lehr, With((Organ.Liver, 4), (Organ.Spleen, 1.5), (Organ.LvMyocardium, 6),
                (Organ.RightKidney, 4), (Organ.LeftKidney, 4), (Organ.Thyroid, 3)), 740, 0.25, "Sestamibi", DefaultLesions);
        if (nuclide == Emitter.I123)
            return new(Radiopharmaceutical.I123Mibg, Collimator.Me, new Dictionary<Organ, double>
            {
                [Organ.Body] = 1, [Organ.Liver] = 3, [Organ.Spleen] = 2, [Organ.LvMyocardium] = 4, [Organ.RightKidney] = 1.5, [Organ.LeftKidney] = 1.5,
                [Organ.RightLung] = 0.4, [Organ.LeftLung] = 0.4, [Organ.HeartRegion] = 0.8, [Organ.UpperMediastinum] = 0.8, [Organ.Thyroid] = 1.5,
            }, 185, 24, "mIBG", DefaultLesions);
        throw new ArgumentException($"tumour-spect simulates I-123 mIBG, In-111 pentetreotide, Ga-67 citrate or Tc-99m sestamibi, not {nuclide.Name}");
    }

    // The torso phantom's lowest point (TorsoPhantom: body cylinder from z −275 mm).
    private const double TorsoBottomMm = -275;

    /// <summary>With the knees imaged and no lesions given: a focus in the right knee (septic arthritis, a prosthesis
    /// infection: what a leukocyte or gallium study of the knees looks for), 24 mm across, as intense as the defaults' first.</summary>
    private static SphericalLesion KneeLesion(IReadOnlyList<SphericalLesion> defaults) =>
        new(new System.Numerics.Vector3(-85, 5, -715), 12, defaults[0].ContrastToBackground);

    public static SimulationResult Simulate(SimulationOptions o)
    {
        var protocol = ProtocolFor(Emitter.Parse(o.Nuclide ?? "I-123"));
        if (o.Areas is not null && o.BedPositions is not null)
            throw new ArgumentException("tumour-spect takes its beds from Areas or from BedPositions, not both");
        var centres = o.Areas is { Count: > 0 } areas ? areas.Select(a => a.CentreZMm()).ToArray()
            : [.. Enumerable.Range(0, o.BedPositions ?? 2).Select(b => 60 - b * 300.0)]; // 300 mm apart (≈ 87 mm overlap)
        // A bed centred below the torso (pelvis to neck) images the legs: the whole-body phantom has them.
        var wholeBody = centres.Any(z => z < TorsoBottomMm);
        var lesions = o.Lesions ?? (o.Areas?.Contains(TumourArea.Knees) == true ? [.. protocol.Lesions, KneeLesion(protocol.Lesions)] : protocol.Lesions);
        var relative = protocol.Relative;
        // The whole-body phantom's brain and stomach take what the body takes unless the tracer says otherwise: an organ
        // without a concentration would be a cold hole.
        if (wholeBody)
            foreach (var organ in new[] { Organ.Brain, Organ.Stomach }) relative.TryAdd(organ, relative[Organ.Body]);
        var s = new ImagingSession("tumour-spect", o, protocol.Tracer, protocol.Collimator, new TorsoParameters(Lesions: lesions, WholeBody: wholeBody));
        s.AdministeredMBq = o.AdministeredMBq ?? protocol.AdministeredMBq;
        var phantom = s.Ungated;
        for (var i = 0; i < lesions.Count; i++) relative[OrganTissue.Lesion(i + 1)] = lesions[i].ContrastToBackground;
        var beds = centres.Length;
        var matrix = o.Matrix ?? (o.Reduced ? 64 : 128);
        var pixel = 512.0 / matrix;
        var axialMm = 387.0; // detector axial FOV
        var rows = Math.Min(matrix, (int)Math.Floor(axialMm / pixel));
        var start = s.InjectionTime.AddHours(o.LateHours ?? protocol.ImagingHours);
        var views = o.Views ?? (o.Reduced ? 32 : 120);
        var dets = o.Detectors ?? 2;
        var secondsPerView = o.FrameSeconds ?? (o.Reduced ? 10 : 25);
        Dictionary<Organ, double>? first = null;
        var days = o.ImagingDays ?? 1;
        var firstDayStart = start;
        for (var d = 0; d < days; d++)
        {
            start = firstDayStart.AddHours(24 * d);
            for (var b = 0; b < beds; b++)
            {
                var z = centres[b];
                var iso = new Vector3(0, 0, (float)z);
                var hours = (start - s.InjectionTime).TotalHours;
                var activities = phantom.ActivitiesFromRelativeConcentration(relative, s.AdministeredMBq * 0.6 * s.Nuclide.DecayFactor(hours));
                first ??= activities;
                // From ANT (Start Angle 180°, PS3.3 C.8.4.12) clockwise seen from the feet: towards the patient's left first.
                var geometry = SeriesFactory.SpectViews(s, views, dets, 360, 180, RotationDirection.ClockwiseSeenFromFeet, iso, matrix, pixel, o.BodyContour)
                    .Select(v => v with { Rows = rows }).ToArray();
                var lines = s.ProjectLines(phantom, phantom.ActivityMapMBq(activities), geometry);
                // Day 1 keeps its file names and series numbers; later days are numbered on.
                var file = d == 0 ? $"spect_bed{b + 1}.dcm" : $"spect_day{d + 1}_bed{b + 1}.dcm";
                var description = d == 0 ? $"{protocol.Agent} SPECT bed {b + 1}" : $"{protocol.Agent} SPECT day {d + 1} bed {b + 1}";
                var (series, expected) = SeriesFactory.Tomo(s, file, d * beds + b + 1, description, start, secondsPerView, geometry, dets,
                    lines, 360, RotationDirection.ClockwiseSeenFromFeet, o.BodyContour, z);
                s.Series.Add(series);
                s.AddSeriesTruth(series, activities, expected, ImagingSession.ScatterFraction(lines[0][0]));
                start = start.AddSeconds(views / dets * secondsPerView + 120);
            }
        }
        var lesionTruth = new List<LesionTruth>();
        var bgConc = first![Organ.Body] / phantom[Organ.Body].WeightedVolumeMl(phantom.Grid);
        for (var i = 0; i < lesions.Count; i++)
        {
            var organ = OrganTissue.Lesion(i + 1);
            var l = lesions[i];
            lesionTruth.Add(new LesionTruth($"lesion{i + 1}", l.CentreMm.X, l.CentreMm.Y, l.CentreMm.Z, l.RadiusMm, Math.Round(l.VolumeMl, 4),
                Math.Round(phantom.VolumeMl(organ), 4), l.ContrastToBackground));
            s.Quantities[$"lesion{i + 1}.concentrationKBqPerMl.bed1Start"] = first[organ] / phantom[organ].WeightedVolumeMl(phantom.Grid) * 1000;
            s.Quantities[$"lesion{i + 1}.lesionToBackground.physical"] = first[organ] / phantom[organ].WeightedVolumeMl(phantom.Grid) / bgConc;
        }
        s.Quantities["background.concentrationKBqPerMl.bed1Start"] = bgConc * 1000;
        // Areas imaged: the beds are at least 300 mm apart with 387 mm fields, so each images an area of its own (CLINICAL §4 coding).
        s.Quantities["areas.count"] = beds;
        s.Quantities["lesions.count"] = lesions.Count;
        s.Quantities["days.count"] = days;
        s.Quantities["ct.present"] = o.WithCt ? 1 : 0;
        var result = s.Finish(o.Reduced ? "reduced" : "full", lesions: lesionTruth);
        if (!o.WithCt) return result;
        // The CT of the hybrid camera, acquired before the first bed over the phantom's whole length, same frame of reference.
        var grid = phantom.Grid;
        var firstVoxel = grid.Centre(0, 0, 0);
        return result with
        {
            Ct = new Output.CtSeries(phantom.HounsfieldUnits(), grid.Nx, grid.Ny, grid.Nz, grid.VoxelMm, grid.VoxelMm, firstVoxel, 100,
                "Low-dose CT for localisation and attenuation", firstDayStart.AddMinutes(-5)),
        };
    }
}
