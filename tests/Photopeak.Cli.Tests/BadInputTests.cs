using System.Diagnostics;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Imaging.Studies;

namespace Photopeak.Cli.Tests;

/// <summary>Issue 17 as a hostile user tries it: one regression test per class of bad input (17.2 crashes, 17.3 hangs and
/// unbounded memory, 17.6 exit codes), run through <c>Program.Main</c> and checked for the exit code, a message naming the
/// file, tag or option, and no .NET stack trace.</summary>
[Collection(ConsoleCli.Collection)]
public sealed class BadInputTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("photopeak-bad-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static readonly string SampleFile = SharedData.PathOf("nm/nmqc/Jaszack.dcm");

    // Runs the command on a worker so that a hang fails the test instead of stalling the suite.
    private static (int Code, string Out, string Err) RunBounded(params string[] args)
    {
        var run = Task.Run(() => ConsoleCli.Run(args));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), $"photopeak {string.Join(' ', args)} did not finish within 60 s");
        return run.Result;
    }

    private static void NoDotNetInternals(string text)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Nullable", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Index was out of range", text, StringComparison.Ordinal);
    }

    private string MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(path));
        return path;
    }

    [Fact]
    public void A_fifo_inside_a_study_folder_is_skipped_with_a_note_and_never_opened()
    {
        var study = Directory.CreateDirectory(Path.Combine(root, "study")).FullName;
        File.Copy(SampleFile, Path.Combine(study, "a.dcm"));
        var fifo = MakeFifo(Path.Combine(study, "pipe"));
        var (code, output, error) = RunBounded("info", study);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Patient ID: 123456", output);
        Assert.Contains(fifo, error);
        Assert.Contains("not a regular file but a FIFO (named pipe)", error);
        NoDotNetInternals(error);
    }

    [Fact]
    public void A_fifo_given_as_the_input_is_unreadable_input_in_info_dump_and_recon()
    {
        var fifo = MakeFifo(Path.Combine(root, "pipe.dcm"));
        foreach (var args in new[] { new[] { "info", fifo }, ["dump", fifo], ["recon", fifo, "--out", Path.Combine(root, "r")] })
        {
            var (code, _, error) = RunBounded(args);
            Assert.True(code == ExitCodes.UnreadableInput, $"{args[0]}: exit {code}: {error}");
            Assert.Contains(fifo, error);
            NoDotNetInternals(error);
        }
    }

    [Fact]
    public void A_missing_path_is_exit_3_in_every_command()
    {
        var missing = Path.Combine(root, "does-not-exist");
        foreach (var args in new[] { new[] { "info", missing }, ["process", missing, "--out", Path.Combine(root, "p")], ["dump", missing],
                     ["recon", missing, "--out", Path.Combine(root, "r")] })
        {
            var (code, _, error) = RunBounded(args);
            Assert.True(code == ExitCodes.UnreadableInput, $"{args[0]}: exit {code}: {error}");
            Assert.Contains(missing, error);
            NoDotNetInternals(error);
        }
    }

    [Theory]
    [InlineData("--matrix", "-1")]
    [InlineData("--detectors", "0")]
    [InlineData("--gated-frames", "0")]
    [InlineData("--heart-rate", "0")]
    [InlineData("--lvef", "95")]
    [InlineData("--rvef", "0")]
    [InlineData("--stress-dilation", "0.5")]
    [InlineData("--base-descent", "1.5")]
    [InlineData("--beds", "0")]
    [InlineData("--days", "0")]
    [InlineData("--areas", "chest-abdomen,feet")]
    [InlineData("--defect", "xyz")]
    [InlineData("--defect", "7:abc")]
    [InlineData("--wall-motion", "posterior:akinetic")]
    [InlineData("--wall-motion", "inferior:frozen")]
    [InlineData("--gated-views", "LAO45,RAO30")]
    [InlineData("--gated-views", "ANT,ant")]
    [InlineData("--gated-views", ",")]
    public void Simulate_options_out_of_range_are_usage_errors_naming_the_option(string option, string value)
    {
        var output = Path.Combine(root, "sim");
        var (code, _, error) = RunBounded("simulate", "mibg-planar", "--out", output, option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(option, error);
        Assert.Contains("invalid", error);
        NoDotNetInternals(error);
        // Refused before any work: nothing written.
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }

    [Theory]
    [InlineData("--iterations", "100000")]
    [InlineData("--postfilter-mm", "1e9")]
    [InlineData("--subsets", "0")]
    public void Recon_options_beyond_their_bounds_are_usage_errors_before_reading(string option, string value)
    {
        var (code, _, error) = RunBounded("recon", SampleFile, "--out", Path.Combine(root, "r"), option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"{option} ", error);
        Assert.Contains("is invalid", error);
        NoDotNetInternals(error);
        Assert.False(Directory.Exists(Path.Combine(root, "r")));
    }

    [Fact]
    public void An_unknown_character_set_falls_back_to_latin1_with_a_warning()
    {
        var file = DicomFile.Open(SampleFile);
        // Written with a supported set, then the term changed in the bytes: the writer itself refuses to encode an unknown set.
        file.Dataset.Set(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        var bytes = DicomWriter.ToBytes(file.Dataset, TransferSyntax.ExplicitVRLittleEndian);
        var at = bytes.AsSpan().IndexOf("ISO_IR 100"u8);
        Assert.True(at > 0);
        "ISO_IR 999"u8.CopyTo(bytes.AsSpan(at));
        var path = Path.Combine(root, "charset.dcm");
        File.WriteAllBytes(path, bytes);

        var acquisition = NmAcquisition.Open(path);
        Assert.NotNull(acquisition.CharacterSetFallback);
        Assert.Contains("ISO_IR 999", acquisition.CharacterSetFallback);
        Assert.Contains(acquisition.CharacterSetFallback, acquisition.Warnings);
        Assert.Equal("123456", acquisition.File.Dataset.GetString(DicomTags.PatientID));

        var (code, output, error) = RunBounded("info", path);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Patient ID: 123456", output);
        NoDotNetInternals(error);
    }

    [Fact]
    public void A_large_file_that_is_not_dicom_is_refused_from_its_first_bytes()
    {
        var path = Path.Combine(root, "big.bin");
        using (var stream = File.Create(path))
        {
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)'x');
            for (var i = 0; i < 32; i++) stream.Write(block);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<DicomFormatException>(() => DicomFile.Open(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(path, refused.Message);
        // The whole 32 MiB used to be read before the format was checked.
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to refuse a 32 MiB file");

        var (code, _, error) = RunBounded("dump", path);
        Assert.Equal(ExitCodes.UnreadableInput, code);
        Assert.Contains(path, error);
        NoDotNetInternals(error);
    }

    [Fact]
    public void Trailing_zero_padding_after_the_data_set_is_read_with_one_warning()
    {
        var path = Path.Combine(root, "padded.dcm");
        var bytes = File.ReadAllBytes(SampleFile);
        var padding = 8 << 20;
        using (var stream = File.Create(path))
        {
            stream.Write(bytes);
            stream.Write(new byte[padding]);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Open(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("123456", file.Dataset.GetString(DicomTags.PatientID));
        Assert.Single(file.Warnings, w => w.Contains($"{padding} trailing zero byte(s)", StringComparison.Ordinal));
        // The file itself plus a small overhead; an element or a warning per 8 zero bytes cost about 30 times the padding.
        Assert.True(allocated < 2L * (bytes.Length + padding), $"{allocated} bytes allocated for a {bytes.Length + padding}-byte file");
    }

    [Fact]
    public void An_rois_file_that_is_huge_or_a_fifo_is_refused_before_reading()
    {
        var huge = Path.Combine(root, "huge.json");
        using (var stream = File.Create(huge)) stream.SetLength(ProcessCommandMaxRois + 1);
        var fifo = MakeFifo(Path.Combine(root, "rois-pipe"));
        foreach (var rois in new[] { huge, fifo })
        {
            var (code, _, error) = RunBounded("process", SampleFile, "--out", Path.Combine(root, "p"), "--rois", rois);
            Assert.True(code == ExitCodes.UnreadableInput, $"exit {code}: {error}");
            Assert.Contains($"--rois {rois}", error);
            NoDotNetInternals(error);
        }
    }

    [Theory]
    [InlineData("PixelSpacing", "1e-300\\1e-300", "(0028,0030)")]
    [InlineData("PixelSpacing", "0\\0", "(0028,0030)")]
    public void Recon_refuses_extreme_header_numbers_naming_the_file_and_tag(string keyword, string value, string tag)
    {
        var input = Path.Combine(root, "in");
        Simulation.Acquisitions.Simulator.Write(Simulation.Acquisitions.Simulator.Simulate("tumour-spect",
            new Simulation.Acquisitions.SimulationOptions { Reduced = true, Noise = false, BedPositions = 1 }), input);
        var path = Path.Combine(input, "spect_bed1.dcm");
        var file = DicomFile.Open(path);
        Assert.Equal("PixelSpacing", keyword);
        file.Dataset.Set(DicomTags.PixelSpacing, value);
        File.WriteAllBytes(path, DicomWriter.ToBytes(file.Dataset, file.TransferSyntax));

        var (code, _, error) = RunBounded("recon", input, "--out", Path.Combine(root, "r"), "--iterations", "1", "--subsets", "4");
        Assert.True(code == ExitCodes.UnreadableInput, $"exit {code}: {error}");
        Assert.Contains("spect_bed1.dcm", error);
        Assert.Contains(tag, error);
        Assert.Contains("invalid", error);
        Assert.DoesNotContain("missing", error);
        NoDotNetInternals(error);
    }

    [Fact]
    public void Recon_refuses_an_interfile_mu_map_declaring_999999_cubed_as_unreadable_input_naming_it()
    {
        var header = Path.Combine(root, "mu.hv");
        File.WriteAllBytes(Path.Combine(root, "mu.v"), []);
        File.WriteAllText(header, "!INTERFILE :=\nmatrix size [1] := 999999\nmatrix size [2] := 999999\nmatrix size [3] := 999999\n" +
            "scaling factor (mm/pixel) [1] := 4\nscaling factor (mm/pixel) [2] := 4\nscaling factor (mm/pixel) [3] := 4\n" +
            "number format := float\nnumber of bytes per pixel := 4\nname of data file := mu.v\n!END OF INTERFILE :=\n");
        var input = Path.Combine(root, "in");
        Simulation.Acquisitions.Simulator.Write(Simulation.Acquisitions.Simulator.Simulate("tumour-spect",
            new Simulation.Acquisitions.SimulationOptions { Reduced = true, Noise = false, BedPositions = 1 }), input);
        var (code, _, error) = RunBounded("recon", input, "--out", Path.Combine(root, "r"), "--ac", "mumap", header, "--iterations", "1", "--subsets", "4");
        Assert.True(code == ExitCodes.UnreadableInput, $"exit {code}: {error}");
        Assert.Contains("mu.hv", error);
        Assert.Contains("999999", error);
        NoDotNetInternals(error);
    }

    private const long ProcessCommandMaxRois = Commands.ProcessCommand.MaxRoisFileBytes;
}
