using System.Collections.Concurrent;
using Photopeak.Dicom.IO;

namespace Photopeak.Dicom.Tests.Conformance;

/// <summary>
/// Files Photopeak writes are judged by independent tools: every readable shared file, written again (explicit VR
/// little endian, or its own syntax when its pixel data is encapsulated), must be read by DCMTK's dcmdump without error
/// and give dicom3tools' dciodvfy no more "Error" lines than its source did.
/// </summary>
public class WrittenFileConformanceTests
{
    /// <summary>Sources dciodvfy cannot check, so there is no error count to compare the copy with.</summary>
    private static readonly Dictionary<string, string> DciodvfyCannotReadSource = new()
    {
        // No preamble and "DICM" at byte 128 inside Station Name: dciodvfy, like dcmdump, takes it for a preamble,
        // then spins for ~15 s and aborts. The copy (with a real preamble) is still checked by dcmdump.
        ["robustness/dcm4che/no_preamble_dicm_in_data.dcm"] = "dciodvfy aborts on the source",
    };

    [Fact]
    public void Written_copies_of_shared_files_are_read_by_dcmdump_and_get_no_new_dciodvfy_errors()
    {
        if (!ExternalTool.Require("dcmdump") || !ExternalTool.Require("dciodvfy")) return;
        var problems = new ConcurrentBag<string>();
        var checkedFiles = 0;
        var work = Directory.CreateTempSubdirectory("photopeak-written-");
        try
        {
            Parallel.ForEach(SharedData.AllFiles(), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, file =>
            {
                DicomFile source;
                try
                {
                    source = DicomFile.Open(SharedData.PathOf(file));
                }
                catch (DicomFormatException)
                {
                    return; // the documented unreadable files (SharedFileOutcomeTests)
                }
                var syntax = source.TransferSyntax.Encapsulated ? source.TransferSyntax : TransferSyntax.ExplicitVRLittleEndian;
                var copy = Path.Combine(work.FullName, file.Replace('/', '_'));
                using (var stream = File.Create(copy)) DicomWriter.Write(stream, source.Dataset, syntax, source.FileMetaInformation);

                var dump = ExternalTool.Run("dcmdump", [copy]);
                var dumpErrors = dump.StdErr.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("F:", StringComparison.Ordinal)).ToList();
                if (dump.ExitCode != 0 || dumpErrors.Count > 0)
                    problems.Add($"{file}: dcmdump exit {dump.ExitCode} on the copy: {string.Join(" | ", dumpErrors)}");

                if (DciodvfyCannotReadSource.ContainsKey(file))
                {
                    Interlocked.Increment(ref checkedFiles);
                    return;
                }
                var before = DciodvfyErrors(SharedData.PathOf(file));
                var after = DciodvfyErrors(copy);
                if (after.Count > before.Count)
                    problems.Add($"{file}: dciodvfy errors {before.Count} -> {after.Count}; new: {string.Join(" | ", after.Except(before).Take(5))}");
                Interlocked.Increment(ref checkedFiles);
            });
        }
        finally
        {
            work.Delete(recursive: true);
        }
        Assert.True(checkedFiles >= 40, $"only {checkedFiles} files were checked");
        Assert.True(problems.IsEmpty, string.Join('\n', problems.Order()));
    }

    private static List<string> DciodvfyErrors(string path)
    {
        var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
        return (stdout + "\n" + stderr).Split('\n').Where(l => l.Contains("Error", StringComparison.Ordinal)).ToList();
    }
}
