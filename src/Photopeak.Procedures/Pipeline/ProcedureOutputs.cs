using Photopeak.Reporting.Dicom;
using Photopeak.Reporting.Rendering;
using Photopeak.Reporting.Rendering.Pdf;

namespace Photopeak.Procedures.Pipeline;

/// <summary>
/// Writes an outcome's files: result.json, report.pdf, report.html, report.txt and report.dcm (DICOM Encapsulated PDF).
/// Everything is rendered first and written into a temporary folder beside the target, then moved into place under a lock on
/// the target, so a failure leaves the target as it was and two runs into one folder never mix their files.
/// </summary>
public static class ProcedureOutputs
{
    /// <summary>The file names written, in order.</summary>
    public static readonly IReadOnlyList<string> FileNames = ["result.json", "report.pdf", "report.html", "report.txt", "report.dcm"];

    /// <summary>Renders and writes the outcome into <paramref name="outDir"/>. Throws <see cref="ProcedureOutputException"/>
    /// when rendering or writing fails.</summary>
    public static void Write(ProcedureOutcome outcome, string outDir)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var files = Render(outcome);
        var target = Path.GetFullPath(outDir);
        var staging = Path.Combine(Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar)) ?? ".",
            $".{Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar))}.photopeak-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var (name, bytes) in files) WriteDurably(Path.Combine(staging, name), bytes);
            using var exclusive = OutputFolderLock.Acquire(target, LockTimeout);
            if (!Directory.Exists(target))
            {
                Directory.Move(staging, target);
                return;
            }
            // Target exists (a rerun): each file is replaced by a rename within the same file system.
            foreach (var (name, _) in files) File.Move(Path.Combine(staging, name), Path.Combine(target, name), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcedureOutputException($"{outDir}: the results could not be written: {ex.Message}", ex);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Checks, before any analysis, that <paramref name="outDir"/> can take the outputs of a study read from
    /// <paramref name="inputPath"/>: not a file, not the input folder or inside it (a rerun would read the report as part of the
    /// study), and its parent writable. Throws <see cref="ProcedureOptionException"/> naming the problem.
    /// </summary>
    public static void CheckTarget(string outDir, string inputPath)
    {
        var target = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(target)) throw new ProcedureOptionException($"--out {outDir}: is a file, not a folder");
        var input = Path.GetFullPath(inputPath).TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(input) && (target == input || target.StartsWith(input + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            throw new ProcedureOptionException($"--out {outDir}: lies in the input folder {inputPath}; a later run would read the reports as part of the study");
        var parent = Path.GetDirectoryName(target) ?? ".";
        try
        {
            Directory.CreateDirectory(parent);
            var probe = Path.Combine(parent, $".photopeak-probe-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProcedureOptionException($"--out {outDir}: cannot write beside it in {parent}: {ex.Message}");
        }
    }

    /// <summary>How long a run waits for another run writing into the same folder.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    // Flushed to the disk before the rename, so that a crash after the move never leaves a renamed but empty file.
    private static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The five files' contents, rendered in memory.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Render(ProcedureOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        try
        {
            var pdf = PdfReportRenderer.Render(outcome.Report);
            return
            [
                ("result.json", System.Text.Encoding.UTF8.GetBytes(outcome.ResultJson)),
                ("report.pdf", pdf),
                ("report.html", System.Text.Encoding.UTF8.GetBytes(HtmlReportRenderer.Render(outcome.Report))),
                ("report.txt", System.Text.Encoding.UTF8.GetBytes(TextReportRenderer.Render(outcome.Report))),
                ("report.dcm", EncapsulatedPdfWriter.ToBytes(outcome.Report, pdf, outcome.Sources)),
            ];
        }
        catch (Exception ex) when (ex is ReportFontMissingException or ReportDicomException)
        {
            throw new ProcedureOutputException($"the report could not be rendered: {ex.Message}", ex);
        }
    }
}
