using System.Diagnostics;
using Photopeak.Cli.Commands;
using Photopeak.Simulation.Acquisitions;

// `photopeak process` on a two-bed tumour SPECT study (I-123 mIBG, 2 × 120 views of 128², ME; attenuation, collimator
// response and TEW scatter in the OSEM), the whole command in-process: read, reconstruct both beds, join, detect, measure,
// write result.json and the PDF/HTML/DICOM reports. Target (issue 14): under 15 s on a 2-core machine. Prints the median of
// three runs after a warm-up on a reduced study, and the process's peak working set.
var root = Directory.CreateTempSubdirectory("photopeak-bench-tumour-").FullName;
try
{
    var full = Path.Combine(root, "full");
    var reduced = Path.Combine(root, "reduced");
    Simulator.Write(Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 1 }), full);
    Simulator.Write(Simulator.Simulate("tumour-spect", new SimulationOptions { Seed = 1, Reduced = true }), reduced);
    Run(reduced, Path.Combine(root, "warm-up"));
    var times = new List<double>();
    for (var i = 0; i < 3; i++)
    {
        var seconds = Run(full, Path.Combine(root, $"out{i}"));
        times.Add(seconds);
        Console.WriteLine($"run {i + 1}: {seconds:0.00} s");
    }
    times.Sort();
    var peakMiB = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
    Console.WriteLine($"photopeak process, tumour-spect 2 beds x 120 views 128x128 (AC + PSF + TEW): median {times[1]:0.00} s on {Environment.ProcessorCount} cores, peak working set {peakMiB:0} MiB (target < 15 s)");
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
