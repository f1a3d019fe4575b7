using System.Numerics;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Simulation.Camera;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Physics;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>SPECT calibration phantom (CLINICAL §4 Quantification): a uniform water cylinder of known activity, acquired as
/// tumour-spect acquires a bed (same camera, triple energy window, views, arc and detectors), so that a calibration factor
/// measured on it goes through the same reconstruction protocol as the patient [Dickson2023][Ljungberg2016].</summary>
public static class CylinderSpectStudy
{
    /// <summary>Gap between the cylinder wall and the collimator face, mm (the torso orbits keep 25 mm too).</summary>
    private const double OrbitGapMm = 25;

    public static SimulationResult Simulate(SimulationOptions o)
    {
        if (o.Female) throw new ArgumentException("--female describes a patient; the uniform cylinder has none");
        var nuclide = Emitter.Parse(o.Nuclide ?? "I-123");
        var (tracer, collimator) = PhantomFilling.For(nuclide);
        var s = new ImagingSession("cylinder-spect", o, tracer, collimator, new TorsoParameters());
        s.AdministeredMBq = o.AdministeredMBq ?? 200;           // assayed at the study start (the "injection" time)
        var cylinder = new UniformCylinder();
        var phantom = cylinder.Rasterise(o.VoxelMm);

        // Detector, matrix and timing as tumour-spect (a 387 mm axial field of view holds the whole cylinder).
        var matrix = o.Matrix ?? (o.Reduced ? 64 : 128);
        var pixel = 512.0 / matrix;
        var rows = Math.Min(matrix, (int)Math.Floor(387.0 / pixel));
        var views = o.Views ?? (o.Reduced ? 32 : 120);
        var dets = o.Detectors ?? 2;
        var arc = o.ScanArcDeg ?? 360;
        var secondsPerView = o.FrameSeconds ?? (o.Reduced ? 10 : 25);
        var start = s.InjectionTime.AddHours(o.LateHours ?? 0.5);
        var hours = (start - s.InjectionTime).TotalHours;
        var activityMBq = s.AdministeredMBq * nuclide.DecayFactor(hours);
        var activities = new Dictionary<Organ, double> { [Organ.Body] = activityMBq };
        var iso = Vector3.Zero;
        // A round phantom: the body-contour orbit is a circle 25 mm off the wall, as is the circular one.
        // From ANT (Start Angle 180°) counter-clockwise seen from the feet (towards the patient's right first, PS3.3 C.8.4.12):
        // the phantom is symmetric, and the simulator writes both senses (tumour and mIBG SPECT rotate clockwise).
        var geometry = SeriesFactory.SpectViews(s, views, dets, arc, 180, RotationDirection.CounterClockwiseSeenFromFeet, iso, matrix, pixel, o.BodyContour)
            .Select(v => v with { Rows = rows, RadiusMm = cylinder.RadiusMm + OrbitGapMm }).ToArray();
        var map = phantom.ActivityMapMBq(activities);
        var lines = s.ProjectLines(phantom, map, geometry);
        var (series, expected) = SeriesFactory.Tomo(s, "spect_cylinder.dcm", 1, "Uniform cylinder SPECT", start, secondsPerView, geometry, dets,
            lines, arc, RotationDirection.CounterClockwiseSeenFromFeet, o.BodyContour, 0);
        s.Series.Add(series);
        s.AddSeriesTruth(series, activities, expected, ImagingSession.ScatterFraction(lines[0][0]));

        var grid = phantom.Grid;
        s.Quantities["cylinder.diameterMm"] = cylinder.DiameterMm;
        s.Quantities["cylinder.lengthMm"] = cylinder.LengthMm;
        s.Quantities["cylinder.volumeMl.physical"] = cylinder.VolumeMl;
        s.Quantities["cylinder.activityMBq.scanStart"] = activityMBq;
        s.Quantities["cylinder.concentrationKBqPerMl.scanStart"] = activityMBq / phantom[Organ.Body].WeightedVolumeMl(grid) * 1000;
        s.Quantities["cylinder.activityInAxialFovMBq.scanStart"] = grid.SumInAxialField(map, iso.Z, rows * pixel);
        s.Quantities["acquisition.durationS"] = views / dets * secondsPerView;
        return s.Finish(o.Reduced ? "reduced" : "full", phantom: phantom);
    }
}
