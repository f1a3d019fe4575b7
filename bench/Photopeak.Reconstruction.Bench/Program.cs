using System.Diagnostics;
using System.Globalization;
using Photopeak.Reconstruction;
using Photopeak.Reconstruction.Fbp;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Iterative;
using Photopeak.Reconstruction.Projection;

// Benchmark: 120 views of 128 x 128 to a 128^3 volume. OSEM 8 subsets x 4 iterations with attenuation and PSF, and FBP,
// with FBP compared against skimage.transform.iradon on the same sinograms.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "profile") { Profile.Run(128); return; }
int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 128;
int views = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 120;
const double pixelMm = 4.42;
var geometry = SpectGeometry.Circular(views, n, n, pixelMm, 220, detectors: 2);
var collimator = CollimatorResponse.LowEnergyHighResolution;
Console.WriteLine($"Photopeak.Reconstruction bench: {views} views of {n}x{n} -> {n}^3, {Environment.ProcessorCount} cores, Vector<float>={System.Numerics.Vector<float>.Count}");

// Phantom: water cylinder (radius 0.35 FOV) with background activity and three hot spheres.
var activity = new ProjectionSet(geometry).CreateVolume();
var body = AttenuationMaps.EllipticalContour(geometry, n * pixelMm * 0.38, n * pixelMm * 0.30);
double c = (n - 1) / 2.0;
for (int z = 0; z < n; z++)
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
        {
            if (body[x, y, z] == 0 || Math.Abs(z - c) > n * 0.4) continue;
            activity[x, y, z] = 1;
            foreach (var (sx, sy, sz, r) in new[] { (25.0, 10.0, 0.0, 15.0), (-30.0, -5.0, 20.0, 10.0), (0.0, -35.0, -20.0, 20.0) })
            {
                double dx = (x - c) * pixelMm - sx, dy = (y - c) * pixelMm - sy, dz = (z - c) * pixelMm - sz;
                if (dx * dx + dy * dy + dz * dz < r * r) activity[x, y, z] = 6;
            }
        }
var mu = AttenuationMaps.Uniform(body, AttenuationMaps.WaterAt140KeVPerMm);

var sw = Stopwatch.StartNew();
var model = new RotationProjector(geometry, mu, collimator);
var expected = model.Forward(activity);
double forwardSeconds = sw.Elapsed.TotalSeconds;
var rng = new Random(1);
double scale = 2e7 / expected.Counts.Sum(v => (double)v); // 20 Mcounts in total
var measured = expected with { Counts = expected.Counts.Select(v => Poisson(rng, v * scale)).ToArray() };
Console.WriteLine($"forward projection (AC+PSF, all views, single call): {forwardSeconds:F2} s");

// Warm-up on a small problem so JIT time is not counted.
var small = SpectGeometry.Circular(8, 16, 8, pixelMm, 220);
OsemReconstructor.Reconstruct(new ProjectionSet(small), new OsemOptions { Iterations = 1, Subsets = 2, Collimator = collimator, MuMapPerMm = new ProjectionSet(small).CreateVolume() });
FbpReconstructor.Reconstruct(new ProjectionSet(small), new FbpOptions { Window = FbpWindow.Butterworth });

var osemOptions = new OsemOptions { Iterations = 4, Subsets = 8, MuMapPerMm = mu, Collimator = collimator };
var cpu = CpuSeconds();
sw.Restart();
var osem = OsemReconstructor.Reconstruct(measured, osemOptions);
double osemSeconds = sw.Elapsed.TotalSeconds, osemCpu = CpuSeconds() - cpu;
cpu = CpuSeconds();
sw.Restart();
OsemReconstructor.Reconstruct(measured, osemOptions with { MuMapPerMm = null, Collimator = null });
double osemPlainSeconds = sw.Elapsed.TotalSeconds, osemPlainCpu = CpuSeconds() - cpu;

// FBP timed as the median of 5 runs (ramp filter, as iradon).
var fbpTimes = new List<double>();
Volume3D fbp = activity;
cpu = CpuSeconds();
for (int i = 0; i < 5; i++)
{
    sw.Restart();
    fbp = FbpReconstructor.Reconstruct(measured, new FbpOptions { Window = FbpWindow.Ramp });
    fbpTimes.Add(sw.Elapsed.TotalSeconds);
}
double fbpCpu = (CpuSeconds() - cpu) / 5;
fbpTimes.Sort();
double fbpSeconds = fbpTimes[2];
cpu = CpuSeconds();
sw.Restart();
FbpReconstructor.Reconstruct(measured, new FbpOptions { Window = FbpWindow.Butterworth, CutoffCyclesPerCm = 0.5, ButterworthOrder = 5, Chang = new ChangOptions() });
double fbpChangSeconds = sw.Elapsed.TotalSeconds, fbpChangCpu = CpuSeconds() - cpu;

double truthTotal = activity.Sum() * scale, osemTotal = osem.Sum();
// Wall time depends on what else runs on the machine; CPU time / cores is what the same work takes on idle cores.
Console.WriteLine($"load average (1 min) {LoadAverage()}; 'cpu' = process CPU seconds, 'idle est.' = cpu / {Environment.ProcessorCount} cores");
Console.WriteLine($"OSEM 8 subsets x 4 iterations, AC + PSF:      wall {osemSeconds:F2} s, cpu {osemCpu:F2} s, idle est. {osemCpu / Environment.ProcessorCount:F2} s (target < 10 s); total {osemTotal / truthTotal:P1} of truth");
Console.WriteLine($"OSEM 8 subsets x 4 iterations, no AC/PSF:     wall {osemPlainSeconds:F2} s, cpu {osemPlainCpu:F2} s");
Console.WriteLine($"FBP ramp (median of 5):                       wall {fbpSeconds:F3} s, cpu {fbpCpu:F3} s, idle est. {fbpCpu / Environment.ProcessorCount:F3} s (target < 0.5 s)");
Console.WriteLine($"FBP Butterworth + Chang (contour from data):  wall {fbpChangSeconds:F3} s, cpu {fbpChangCpu:F3} s");

// Peer: skimage iradon on the same sinograms.
string raw = Path.Combine(Path.GetTempPath(), $"photopeak-bench-{Environment.ProcessId}.f32");
File.WriteAllBytes(raw, System.Runtime.InteropServices.MemoryMarshal.AsBytes(measured.Counts.AsSpan()).ToArray());
string script = Path.Combine(AppContext.BaseDirectory, "iradon_bench.py");
// skimage's iradon uses t = x·cosθ − y·sinθ (x column, y row) where we use t = x·cosθ + y·sinθ: its θ is minus ours.
// It also centres the axis on pixel n/2 where we use (n−1)/2, so its image is shifted by half a pixel in x and y.
var psi = new ProcessStartInfo("/usr/bin/python3", [script, raw, views.ToString(), n.ToString(), n.ToString(), "-360", "0"]) { RedirectStandardOutput = true, RedirectStandardError = true };
try
{
    using var python = Process.Start(psi)!;
    string output = python.StandardOutput.ReadToEnd();
    string errors = python.StandardError.ReadToEnd();
    python.WaitForExit();
    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("seconds=", StringComparison.Ordinal));
    if (line is null) Console.WriteLine($"skimage iradon: not run ({errors.Trim().Split('\n').LastOrDefault()})");
    else
    {
        double iradonSeconds = double.Parse(line["seconds=".Length..], CultureInfo.InvariantCulture);
        Console.WriteLine($"skimage.transform.iradon (ramp, linear), {n} slices: wall {iradonSeconds:F3} s -> Photopeak FBP is {iradonSeconds / fbpSeconds:F1}x faster (wall/wall)");
        var peer = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(raw + ".iradon")).ToArray();
        Console.WriteLine($"  agreement with iradon inside the FOV (half-pixel grid shift included): {Agreement(fbp, peer)}");
        // Ramp-filtered noise decorrelates under a half-pixel shift; compare again after the same 3-pixel Gaussian on both.
        var smoothOurs = Photopeak.Reconstruction.Filtering.GaussianFilter3D.Apply(fbp, 3 * pixelMm);
        var smoothPeer = Photopeak.Reconstruction.Filtering.GaussianFilter3D.Apply(fbp with { Voxels = peer }, 3 * pixelMm);
        Console.WriteLine($"  after a 3-pixel FWHM Gaussian on both: {Agreement(smoothOurs, smoothPeer.Voxels)}");
    }
}
catch (System.ComponentModel.Win32Exception e) { Console.WriteLine($"skimage iradon: not run ({e.Message})"); }
finally
{
    File.Delete(raw);
    File.Delete(raw + ".iradon");
}
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
GC.KeepAlive(fbp);

static string Agreement(Volume3D ours, float[] peer)
{
    // Pearson correlation and ratio of sums over voxels inside 90% of the field-of-view radius.
    int n = ours.SizeX;
    double c = (n - 1) / 2.0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    long count = 0;
    for (int z = 0; z < ours.SizeZ; z++)
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                if ((x - c) * (x - c) + (y - c) * (y - c) > 0.81 * n * n / 4) continue;
                double a = ours[x, y, z], b = peer[(z * n + y) * n + x];
                sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b; count++;
            }
    double r = (sab - sa * sb / count) / Math.Sqrt((saa - sa * sa / count) * (sbb - sb * sb / count));
    return $"correlation {r:F4}, sum ratio {sa / sb:F4}";
}

static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static float Poisson(Random rng, double mean)
{
    if (mean <= 0) return 0;
    if (mean > 30)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return (float)Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
    }
    double l = Math.Exp(-mean), p = rng.NextDouble();
    int k = 0;
    while (p > l) { k++; p *= rng.NextDouble(); }
    return k;
}
