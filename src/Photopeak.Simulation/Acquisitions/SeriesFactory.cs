using Photopeak.Imaging.Acquisitions;
using Photopeak.Simulation.Output;
using Photopeak.Simulation.Projection;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Turns projections into NM series with the frame order and vectors each image type needs (PS3.3 C.8.4.8).</summary>
public static class SeriesFactory
{
    /// <summary>STATIC: frames ordered by energy window, then detector. Returns the series and the expected photopeak
    /// image of each detector.</summary>
    public static (NmSeries Series, float[][] ExpectedPeak) Static(ImagingSession s, string file, int number, string description,
        DateTime start, double seconds, IReadOnlyList<(ViewGeometry View, ProjectionComponents Components)> detectors) =>
        Static(s, file, number, description, start, seconds, detectors.Select(d => (d.View, (IReadOnlyList<ProjectionComponents>)[d.Components])).ToArray());

    /// <summary>A STATIC series from the projections of every imaged line per detector (main line first).</summary>
    public static (NmSeries Series, float[][] ExpectedPeak) Static(ImagingSession s, string file, int number, string description,
        DateTime start, double seconds, IReadOnlyList<(ViewGeometry View, IReadOnlyList<ProjectionComponents> PerLine)> detectors)
    {
        var perDetector = detectors.Select(d => s.WindowImages(d.PerLine, seconds)).ToArray();
        var frames = new List<ushort[]>(); var ew = new List<int>(); var det = new List<int>();
        for (var w = 0; w < s.Camera.Windows.Count; w++)
        for (var d = 0; d < detectors.Count; d++)
        {
            frames.Add(s.Sample(perDetector[d][w], number * 100_000L + frames.Count));
            ew.Add(w + 1); det.Add(d + 1);
        }
        var v0 = detectors[0].View;
        var series = new NmSeries(file, number, description, NmImageType.Static, start, seconds * 1000, s.Tracer, s.AdministeredMBq, s.InjectionTime,
            s.Camera, detectors.Select(d => new DetectorView(DetectorView.LabelFor(d.View.AngleDeg), d.View)).ToArray(),
            v0.Rows, v0.Columns, v0.PixelMm, [.. frames], new FrameVectors([.. ew], [.. det]));
        return (series, perDetector.Select(p => p[0]).ToArray());
    }

    /// <summary>GATED, one detector: frames by energy window, then time slot (one R-R bin, forward gating) from the expected
    /// counts of each [time slot][window] over <paramref name="totalSeconds"/>; the beats of that time at
    /// <paramref name="heartRateBpm"/>, 3 % rejected. Noise streams start at <paramref name="streamBase"/>.</summary>
    public static NmSeries Gated(ImagingSession s, string file, int number, string description, DateTime start, double totalSeconds, ViewGeometry view,
        float[][][] expected, double heartRateBpm, long streamBase, double administeredMBq, DateTime injectionTime)
    {
        var frames = expected.Length;
        var all = new List<ushort[]>(); var ew = new List<int>(); var det = new List<int>(); var rr = new List<int>(); var slot = new List<int>();
        for (var w = 0; w < s.Camera.Windows.Count; w++)
        for (var f = 0; f < frames; f++)
        {
            all.Add(s.Sample(expected[f][w], streamBase + 10_000L * w + f)); ew.Add(w + 1); det.Add(1); rr.Add(1); slot.Add(f + 1);
        }
        var beats = (int)(totalSeconds * heartRateBpm / 60);
        return new NmSeries(file, number, description, NmImageType.Gated, start, totalSeconds / frames * 1000, s.Tracer, administeredMBq, injectionTime,
            s.Camera, [new DetectorView(DetectorView.LabelFor(view.AngleDeg), view)], view.Rows, view.Columns, view.PixelMm, [.. all],
            new FrameVectors([.. ew], [.. det], RrInterval: [.. rr], TimeSlot: [.. slot]),
            Gating: new GatingInfo(frames, 60000 / heartRateBpm, beats, (int)(beats * 0.03), heartRateBpm));
    }

    /// <summary>TOMO step-and-shoot: frames by energy window, detector, then angular view.</summary>
    public static (NmSeries Series, float[][] ExpectedPeak) Tomo(ImagingSession s, string file, int number, string description, DateTime start,
        double secondsPerView, IReadOnlyList<ViewGeometry> views, int detectors, ProjectionComponents[] projections, double scanArcDeg,
        RotationDirection direction, bool bodyContour, double bedOffsetMm) =>
        Tomo(s, file, number, description, start, secondsPerView, views, detectors, [projections], scanArcDeg, direction, bodyContour, bedOffsetMm);

    /// <summary>TOMO step-and-shoot from the projections of every imaged line ([line][view], main line first).</summary>
    public static (NmSeries Series, float[][] ExpectedPeak) Tomo(ImagingSession s, string file, int number, string description, DateTime start,
        double secondsPerView, IReadOnlyList<ViewGeometry> views, int detectors, IReadOnlyList<ProjectionComponents[]> lines, double scanArcDeg,
        RotationDirection direction, bool bodyContour, double bedOffsetMm)
    {
        var perDetectorViews = views.Count / detectors;
        var frames = new List<ushort[]>(); var ew = new List<int>(); var det = new List<int>(); var rot = new List<int>(); var ang = new List<int>();
        var expected = new float[views.Count][];
        var images = new float[views.Count][][];
        Parallel.For(0, views.Count, v =>
        {
            // Each view starts later: decay between views is part of the acquisition (views of one detector are sequential).
            var viewIndexInTime = v % perDetectorViews;
            var activityHours = viewIndexInTime * secondsPerView / 3600;
            images[v] = s.WindowImages(lines.Select(l => l[v]).ToArray(), secondsPerView, activityHours);
        });
        var all = new List<(int W, int D, int V, float[] Img)>();
        for (var w = 0; w < s.Camera.Windows.Count; w++)
        for (var d = 0; d < detectors; d++)
        for (var k = 0; k < perDetectorViews; k++)
            all.Add((w, d, k, images[d * perDetectorViews + k][w]));
        var sampled = new ushort[all.Count][];
        Parallel.For(0, all.Count, i => sampled[i] = s.Sample(all[i].Img, number * 1_000_000L + i));
        for (var i = 0; i < all.Count; i++)
        {
            frames.Add(sampled[i]); ew.Add(all[i].W + 1); det.Add(all[i].D + 1); rot.Add(1); ang.Add(all[i].V + 1);
        }
        for (var v = 0; v < views.Count; v++) expected[v] = images[v][0];
        // Angular Step is positive; the sense is Rotation Direction's (PS3.3 C.8.4.12.1.1, Table C.8-12).
        var step = scanArcDeg / views.Count;
        var detectorViews = Enumerable.Range(0, detectors).Select(d => new DetectorView($"DETECTOR {d + 1}", views[d * perDetectorViews])).ToArray();
        var radial = views.Take(perDetectorViews).Select(v => v.RadiusMm).ToArray();
        var rotation = new RotationInfo(views[0].AngleDeg, step, direction, scanArcDeg, perDetectorViews, secondsPerView * 1000, radial, bodyContour);
        var v0 = views[0];
        var series = new NmSeries(file, number, description, NmImageType.Tomo, start, secondsPerView * 1000, s.Tracer, s.AdministeredMBq, s.InjectionTime,
            s.Camera, detectorViews, v0.Rows, v0.Columns, v0.PixelMm, [.. frames],
            new FrameVectors([.. ew], [.. det], Rotation: [.. rot], AngularView: [.. ang]), Rotation: rotation, BedOffsetMm: bedOffsetMm);
        return (series, expected);
    }

    /// <summary>SPECT views: detectors spread evenly, each covering scanArc/detectors in equal steps from
    /// <paramref name="startDeg"/> (a DICOM Start Angle, PS3.3 C.8.4.12) in the sense <paramref name="direction"/> (seen from the
    /// feet: CC increases the angle, CW decreases it); body-contour orbits follow the body outline 25 mm off, circular ones keep
    /// the largest radius.</summary>
    public static ViewGeometry[] SpectViews(ImagingSession s, int totalViews, int detectors, double scanArcDeg, double startDeg,
        RotationDirection direction, System.Numerics.Vector3 iso, int matrix, double pixelMm, bool bodyContour)
    {
        var per = totalViews / detectors;
        var step = scanArcDeg / totalViews;
        var views = new ViewGeometry[per * detectors];
        var maxRadius = 0.0;
        for (var d = 0; d < detectors; d++)
        for (var k = 0; k < per; k++)
        {
            // Detector d starts offset by scanArc/detectors (H-mode for 360° with two heads, L-mode for 180°).
            var angle = startDeg + direction.AngleSign() * (d * scanArcDeg / detectors + k * step);
            var v = s.PlanarView(((angle % 360) + 360) % 360, iso, matrix, pixelMm);
            views[d * per + k] = v;
            maxRadius = Math.Max(maxRadius, v.RadiusMm);
        }
        if (!bodyContour) for (var i = 0; i < views.Length; i++) views[i] = views[i] with { RadiusMm = maxRadius };
        return views;
    }
}
