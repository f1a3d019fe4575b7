using System.Diagnostics;
using Photopeak.Reconstruction;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Projection;

/// <summary>Single-thread CPU time of the projector's parts per view (run with argument "profile").</summary>
internal static class Profile
{
    public static void Run(int n)
    {
        var g = SpectGeometry.Circular(120, n, n, 4.42, 220);
        var mu = AttenuationMaps.Uniform(AttenuationMaps.EllipticalContour(g, 200, 150), 0.015);
        var vol = new float[n * n * n];
        new Random(1).NextBytes(new byte[1]);
        for (int i = 0; i < vol.Length; i++) vol[i] = 1;
        var proj = new float[n * n];
        foreach (var (name, p) in new[] {
            ("plain", new RotationProjector(g, maxThreads: 1)),
            ("att", new RotationProjector(g, mu, maxThreads: 1)),
            ("psf", new RotationProjector(g, null, CollimatorResponse.LowEnergyHighResolution, 1)),
            ("att+psf", new RotationProjector(g, mu, CollimatorResponse.LowEnergyHighResolution, 1)) })
        {
            var ws = new ProjectorWorkspace(n, n, p.ModelsAttenuation);
            for (int warm = 0; warm < 3; warm++) { if (p.ModelsAttenuation) p.ComputeAttenuation(warm, ws); p.ForwardView(vol, warm, proj, ws); p.BackView(proj, warm, ws); }
            double att = 0, fwd = 0, back = 0;
            const int reps = 10;
            for (int v = 0; v < reps; v++)
            {
                var t0 = Process.GetCurrentProcess().TotalProcessorTime;
                if (p.ModelsAttenuation) p.ComputeAttenuation(v * 7, ws);
                var t1 = Process.GetCurrentProcess().TotalProcessorTime;
                p.ForwardView(vol, v * 7, proj, ws);
                var t2 = Process.GetCurrentProcess().TotalProcessorTime;
                p.BackView(proj, v * 7, ws);
                var t3 = Process.GetCurrentProcess().TotalProcessorTime;
                att += (t1 - t0).TotalMilliseconds; fwd += (t2 - t1).TotalMilliseconds; back += (t3 - t2).TotalMilliseconds;
            }
            Console.WriteLine($"{name,-8} per view CPU ms: attenuation {att / reps:F2}, forward {fwd / reps:F2}, back {back / reps:F2}");
        }
    }
}
