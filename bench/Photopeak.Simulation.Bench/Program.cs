using System.Diagnostics;
using Photopeak.Simulation.Acquisitions;

// mibg-spect at 128 × 128, 120 views, resolution + attenuation + scatter + septal penetration modelled, 4 mm phantom.
// Target: under 10 s on a 2-core machine. Prints wall time of the whole simulation (phantom, planar, SPECT, noise).
// Then mpi-planar rest/stress with an 8-frame gated stress LAO 45 (each frame sampled at 4 phases, the heart rasterised at
// each): the study most of the cardiac accuracy tests simulate, so its time sets much of CI's.
var options = new SimulationOptions { Seed = 1, Matrix = 128, Views = 120 };
Simulator.Simulate("mibg-planar", options with { Reduced = true }); // warm-up (JIT)
Console.WriteLine($"mibg-spect 128x128, 120 views, 4 mm phantom: median {Median("mibg-spect", options):0.00} s on {Environment.ProcessorCount} cores (target < 10 s)");
var gated = new SimulationOptions { Seed = 1, GatedFrames = 8, LvefPercent = 45, EdvMl = 160 };
Console.WriteLine($"mpi-planar 128x128, 8 gated frames: median {Median("mpi-planar", gated):0.00} s on {Environment.ProcessorCount} cores");

static double Median(string kind, SimulationOptions options)
{
    var times = new List<double>();
    for (var i = 0; i < 3; i++)
    {
        var sw = Stopwatch.StartNew();
        var r = Simulator.Simulate(kind, options);
        times.Add(sw.Elapsed.TotalSeconds);
        Console.WriteLine($"{kind} run {i + 1}: {sw.Elapsed.TotalSeconds:0.00} s ({r.Series.Sum(s => s.Frames.Length)} frames)");
    }
    times.Sort();
    return times[1];
}
