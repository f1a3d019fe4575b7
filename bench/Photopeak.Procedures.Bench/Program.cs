using System.Diagnostics;
using Photopeak.Cli.Commands;
using Photopeak.Simulation.Acquisitions;

// `photopeak process`, the whole command in-process (read, analyse, write result.json and the PDF/HTML/DICOM reports), on
// simulated studies at their clinical size. Prints the median of three runs after a warm-up, and the peak working set.
//   tumour (default): a two-bed tumour SPECT study (I-123 mIBG, 2 × 120 views of 128², ME; attenuation, collimator response
//     and TEW scatter in the OSEM). Target (issue 14): under 15 s on a 2-core machine.
//   cardiac: a rest/stress planar MPI study, the same with its stress LAO 45 gated (8 frames: the gated perfusion EF), a
//     24-frame gated blood-pool study and a first pass (625 frames × 3 energy windows = 1,875 frames of 64²). Target
//     (issue 13): each under 2 s on a 2-core machine.
var which = args.Length > 0 ? args[0] : "tumour";
var studies = which switch
{
    "tumour" => new[] { ("tumour-spect", "tumour-spect 2 beds x 120 views 128x128 (AC + PSF + TEW)", 15.0, (int?)null) },
    "cardiac" => new[]
    {
        ("mpi-planar", "mpi-planar rest/stress, 3 views each, 128x128", 2.0, (int?)null),
        ("mpi-planar", "mpi-planar rest/stress, 3 views each, 128x128, stress LAO 45 gated (8 frames)", 2.0, 8),
        ("gated-blood-pool", "gated-blood-pool, 24 frames 64x64", 2.0, null),
        ("first-pass", "first-pass, 1,875 frames 64x64 (625 x 3 windows)", 2.0, null),
    },
    _ => throw new ArgumentException($"unknown study set '{which}': give tumour or cardiac"),
};
var root = Directory.CreateTempSubdirectory("photopeak-bench-process-").FullName;
try
{
    foreach (var (kind, label, targetSeconds, gatedFrames) in studies)
    {
        var name = gatedFrames is null ? kind : $"{kind}-gated";
        var full = Path.Combine(root, name);
        var reduced = Path.Combine(root, name + "-reduced");
        Simulator.Write(Simulator.Simulate(kind, new SimulationOptions { Seed = 1, GatedFrames = gatedFrames }), full);
        Simulator.Write(Simulator.Simulate(kind, new SimulationOptions { Seed = 1, Reduced = true, GatedFrames = gatedFrames }), reduced);
        Run(reduced, Path.Combine(root, name + "-warm-up"));
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var seconds = Run(full, Path.Combine(root, $"{name}-out{i}"));
            times.Add(seconds);
            Console.WriteLine($"{name} run {i + 1}: {seconds:0.00} s");
        }
        times.Sort();
        var peakMiB = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
        Console.WriteLine($"photopeak process, {label}: median {times[1]:0.00} s on {Environment.ProcessorCount} cores, peak working set so far {peakMiB:0} MiB (target < {targetSeconds:0} s)");
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

static double Run(string input, string output)
{
    var clock = Stopwatch.StartNew();
    var code = ProcessCommand.Run(input, output, json: false, roisFile: null, siteCc: null, TextWriter.Null, TextWriter.Null);
    if (code != 0) throw new InvalidOperationException($"process exited {code}");
    return clock.Elapsed.TotalSeconds;
}
