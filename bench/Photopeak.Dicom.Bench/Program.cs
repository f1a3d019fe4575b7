using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Photopeak.Dicom;
using Photopeak.Dicom.Json;
using Photopeak.Imaging.Studies;

namespace Photopeak.Dicom.Bench;

/// <summary>
/// DICOM reading speed: (a) in-process parsing of every file under data/nm (bytes already in memory, then opened from
/// disk); (b) whole-process `photopeak dump` against DCMTK's `dcmdump` with hyperfine.
/// Usage: Photopeak.Dicom.Bench DATA_ROOT [PHOTOPEAK_BINARY]
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: Photopeak.Dicom.Bench DATA_ROOT [PHOTOPEAK_BINARY]");
            return 2;
        }
        var nm = Path.Combine(args[0], "nm");
        var files = Directory.EnumerateFiles(nm, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        InProcess(files);
        if (args.Length > 1) WholeProcess(files, args[1]);
        return 0;
    }

    private static void InProcess(string[] files)
    {
        var buffers = files.Select(File.ReadAllBytes).ToArray();
        long corpusBytes = buffers.Sum(b => (long)b.Length);
        // Each timed pass goes over the corpus several times so that a pass lasts tens of milliseconds, well above
        // the resolution of the CPU-time clock.
        const int corpusRounds = 8;
        var totalBytes = corpusBytes * corpusRounds;
        Console.WriteLine($"(a) In-process parsing of {files.Length} NM files, {corpusBytes / 1e6:F2} MB, {corpusRounds} times per timed pass");

        var parse = Measure(() =>
        {
            var elements = 0;
            for (var round = 0; round < corpusRounds; round++)
                foreach (var b in buffers) elements += DicomFile.Read(b).Dataset.Count;
            return elements;
        });
        Report("parse from memory", parse, totalBytes);

        var open = Measure(() =>
        {
            var elements = 0;
            for (var round = 0; round < corpusRounds; round++)
                foreach (var f in files) elements += DicomFile.Open(f).Dataset.Count;
            return elements;
        });
        Report("open from disk (page cache warm)", open, totalBytes);

        // Into the NM study model: header, frame vectors, and every frame converted to float counts with rescale
        // (the files whose pixels need a JPEG decoder contribute their header only).
        var frameBuffer = new float[4096 * 4096];
        var model = Measure(() =>
        {
            var frames = 0;
            for (var round = 0; round < corpusRounds; round++)
                foreach (var b in buffers)
                {
                    var acquisition = NmAcquisition.FromFile(DicomFile.Read(b));
                    if (!acquisition.File.TransferSyntax.Encapsulated || acquisition.File.TransferSyntax == TransferSyntax.RleLossless)
                        for (var i = 0; i < acquisition.Frames.Count; i++, frames++)
                            acquisition.GetFrame(i, frameBuffer.AsSpan(0, acquisition.Rows!.Value * acquisition.Columns!.Value));
                }
            return frames;
        });
        Report("parse into NM model + float frames", model, totalBytes);

        var options = new DicomJsonOptions { IncludeBulkData = false, Indented = false };
        var json = Measure(() =>
        {
            long written = 0;
            for (var round = 0; round < corpusRounds; round++)
            foreach (var b in buffers)
            {
                using var sink = new CountingStream();
                DicomJsonWriter.Write(sink, DicomFile.Read(b).Dataset, options);
                written += sink.Length;
            }
            return (int)written;
        });
        Report("parse + DICOM JSON (no bulk)", json, totalBytes);
    }

    // Warm-up, then repeated timed passes; medians are reported (robust to a noisy shared machine), wall time and
    // process CPU time side by side: on a loaded machine preemption inflates wall time but not CPU time.
    private static (double[] Wall, double[] Cpu) Measure(Func<int> pass, int warmup = 5, int repetitions = 15)
    {
        var sink = 0;
        for (var i = 0; i < warmup; i++) sink += pass();
        var wall = new double[repetitions];
        var cpu = new double[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            var cpu0 = Environment.CpuUsage.TotalTime;
            var sw = Stopwatch.StartNew();
            sink += pass();
            wall[r] = sw.Elapsed.TotalSeconds;
            cpu[r] = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
        }
        if (sink == 42) Console.WriteLine();
        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall, cpu);
    }

    private static void Report(string what, (double[] Wall, double[] Cpu) t, long bytes)
    {
        var wall = t.Wall[t.Wall.Length / 2];
        var cpu = t.Cpu[t.Cpu.Length / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {what,-34} median wall {wall * 1e3,7:F3} ms = {bytes / wall / 1e9,5:F2} GB/s (best {bytes / t.Wall[0] / 1e9:F2}); median CPU {cpu * 1e3,7:F3} ms = {bytes / Math.Max(cpu, 1e-6) / 1e9,5:F2} GB/s"));
    }

    private static void WholeProcess(string[] files, string photopeak)
    {
        if (Find("hyperfine") is null || Find("dcmdump") is null)
        {
            Console.WriteLine("(b) skipped: hyperfine or dcmdump not on PATH");
            return;
        }
        Console.WriteLine("(b) Whole process, hyperfine (mean of runs after warm-up)");
        var largest = files.OrderByDescending(f => new FileInfo(f).Length).First();
        var smallest = files.OrderBy(f => new FileInfo(f).Length).First();
        Compare($"one file, {Path.GetFileName(largest)} ({new FileInfo(largest).Length / 1e6:F1} MB)", photopeak, [largest]);
        Compare($"one file, {Path.GetFileName(smallest)} ({new FileInfo(smallest).Length / 1e3:F0} kB)", photopeak, [smallest]);
        Compare($"all {files.Length} NM files in one process", photopeak, files);
    }

    private static void Compare(string label, string photopeak, string[] files)
    {
        var quoted = string.Join(' ', files.Select(f => $"'{f}'"));
        var json = Path.GetTempFileName();
        try
        {
            var psi = new ProcessStartInfo("hyperfine") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-N", "--warmup", "3", "--min-runs", "15", "--export-json", json,
                         "-n", "photopeak", $"'{photopeak}' dump {quoted}", "-n", "dcmdump", $"dcmdump {quoted}" })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                Console.WriteLine($"    {label}: hyperfine failed: {stderr.Result.Trim()}");
                return;
            }
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var results = doc.RootElement.GetProperty("results");
            double Mean(int i) => results[i].GetProperty("mean").GetDouble();
            double Sd(int i) => results[i].GetProperty("stddev").GetDouble();
            // CPU time (user + system) is reported too: on a shared, loaded machine it is steadier than wall time.
            double Cpu(int i) => results[i].GetProperty("user").GetDouble() + results[i].GetProperty("system").GetDouble();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {label,-44} wall: photopeak {Mean(0) * 1e3,7:F1} ± {Sd(0) * 1e3:F1} ms, dcmdump {Mean(1) * 1e3,7:F1} ± {Sd(1) * 1e3:F1} ms, ratio {Mean(0) / Mean(1):F2}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {"",-44} CPU:  photopeak {Cpu(0) * 1e3,7:F1} ms, dcmdump {Cpu(1) * 1e3,7:F1} ms, ratio {Cpu(0) / Cpu(1):F2}"));
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>A write-only stream that only counts bytes, so JSON timing excludes any real I/O.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => length;
        public override long Position { get => length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;
    }
}
