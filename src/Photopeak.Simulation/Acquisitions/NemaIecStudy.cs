using System.Numerics;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>NEMA IEC body phantom SPECT (CLINICAL §4 quantification; issue 14): Tc-99m (LEHR) by default or I-123 (ME),
/// spheres at <see cref="SimulationOptions.SphereToBackground"/> (4:1 by default) over a uniform background, acquired as
/// cylinder-spect and tumour-spect acquire (same camera, triple energy window, views, arc and detectors) so that a cylinder
/// calibration applies to it.</summary>
public static class NemaIecStudy
{
    public static SimulationResult Simulate(SimulationOptions o)
    {
        if (o.Female) throw new ArgumentException("--female describes a patient; the NEMA IEC body phantom has none");
        var nuclide = Emitter.Parse(o.Nuclide ?? "Tc-99m");
        var (tracer, collimator) = PhantomFilling.For(nuclide);
        var s = new ImagingSession("nema-iec", o, tracer, collimator, new TorsoParameters());
        s.AdministeredMBq = o.AdministeredMBq ?? 150; // ≈ 15 kBq/ml of background at 4:1
        var nema = new NemaIecBodyPhantom(o.SphereToBackground ?? 4);
        var phantom = nema.Rasterise(o.VoxelMm);
        var matrix = o.Matrix ?? (o.Reduced ? 64 : 128);
        var pixel = 512.0 / matrix;
        var rows = Math.Min(matrix, (int)Math.Floor(387.0 / pixel));
        var views = o.Views ?? (o.Reduced ? 32 : 120);
        var dets = o.Detectors ?? 2;
        var secondsPerView = o.FrameSeconds ?? (o.Reduced ? 10 : 20);
        var start = s.InjectionTime.AddHours(o.LateHours ?? 0.5);
        var relative = new Dictionary<Organ, double> { [Organ.Body] = 1 };
        for (var i = 0; i < NemaIecBodyPhantom.SphereDiametersMm.Length; i++) relative[OrganTissue.Lesion(i + 1)] = nema.SphereToBackground;
        var activities = phantom.ActivitiesFromRelativeConcentration(relative, s.AdministeredMBq * nuclide.DecayFactor((start - s.InjectionTime).TotalHours));
        activities[Organ.RightLung] = 0;
        var geometry = SeriesFactory.SpectViews(s, views, dets, 360, 180, RotationDirection.CounterClockwiseSeenFromFeet, Vector3.Zero, matrix, pixel, o.BodyContour)
            .Select(v => v with { Rows = rows }).ToArray();
        var projections = s.ProjectLines(phantom, phantom.ActivityMapMBq(activities), geometry);
        var (series, expected) = SeriesFactory.Tomo(s, "spect_nema.dcm", 1, "NEMA IEC body phantom SPECT", start, secondsPerView, geometry, dets,
            projections, 360, RotationDirection.CounterClockwiseSeenFromFeet, o.BodyContour, 0);
        s.Series.Add(series);
        s.AddSeriesTruth(series, activities, expected, ImagingSession.ScatterFraction(projections[0][0]));

        var background = activities[Organ.Body] / phantom[Organ.Body].WeightedVolumeMl(phantom.Grid);
        s.Quantities["background.concentrationKBqPerMl.scanStart"] = background * 1000;
        s.Quantities["phantom.activityMBq.scanStart"] = activities.Values.Sum();
        var lesions = new List<LesionTruth>();
        for (var i = 0; i < NemaIecBodyPhantom.SphereDiametersMm.Length; i++)
        {
            var organ = OrganTissue.Lesion(i + 1);
            var c = NemaIecBodyPhantom.SphereCentre(i);
            var r = NemaIecBodyPhantom.SphereDiametersMm[i] / 2;
            var concentration = activities[organ] / phantom[organ].WeightedVolumeMl(phantom.Grid);
            s.Quantities[$"lesion{i + 1}.concentrationKBqPerMl.scanStart"] = concentration * 1000;
            s.Quantities[$"lesion{i + 1}.activityMBq.scanStart"] = activities[organ];
            lesions.Add(new LesionTruth($"lesion{i + 1}", c.X, c.Y, c.Z, r, Math.Round(4.0 / 3 * Math.PI * r * r * r / 1000, 4),
                Math.Round(phantom.VolumeMl(organ), 4), nema.SphereToBackground));
        }
        return s.Finish(o.Reduced ? "reduced" : "full", lesions: lesions, phantom: phantom);
    }
}
