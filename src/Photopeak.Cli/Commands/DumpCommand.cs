using System.CommandLine;
using System.Text;
using System.Text.Json;
using Photopeak.Dicom;
using Photopeak.Dicom.Dump;
using Photopeak.Dicom.Json;
using Photopeak.Dicom.Text;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak dump FILE... [--json] [--no-bulk]: a readable tree of each file, or its data set in the DICOM JSON Model
/// (PS3.18 Annex F; file meta left out, as dcm2json does). One file gives one JSON object; several files give a JSON
/// array of objects in argument order (the form DICOMweb uses for several instances). A file that cannot be read
/// fully is printed as far as it was read, the error goes to stderr, the other files are still dumped, and the exit
/// code is 3.
/// </summary>
public static class DumpCommand
{
    private const int BufferBytes = 1 << 16;

    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "DICOM files to dump", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the DICOM JSON Model (PS3.18 F) instead of the tree" };
        var noBulk = new Option<bool>("--no-bulk") { Description = "With --json: leave out bulk data (OB/OW/UN..., pixel data)" };
        var phi = new Option<bool>("--show-patient") { Description = "Show patient names and birth dates in the tree (masked by default)" };
        var command = new Command("dump",
            "Print DICOM files as readable trees (one after another) or, with --json, as DICOM JSON: one file gives its data set " +
            "object (file meta left out, as dcm2json does), several files a JSON array of objects. Unreadable input: what was read " +
            "is printed, the error goes to stderr, exit code 3.");
        command.Arguments.Add(files);
        command.Options.Add(json);
        command.Options.Add(noBulk);
        command.Options.Add(phi);
        command.SetAction(pr =>
        {
            using var stdout = Console.OpenStandardOutput();
            return Run(pr.GetValue(files) ?? [], pr.GetValue(json), pr.GetValue(noBulk), pr.GetValue(phi), stdout, Console.Error);
        });
        return command;
    }

    /// <summary>Dumps <paramref name="paths"/> to <paramref name="stdout"/>; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> paths, bool json, bool noBulk, bool showPatient, Stream stdout, TextWriter stderr)
    {
        using var buffered = new BufferedStream(stdout, BufferBytes);
        var exit = json ? RunJson(paths, noBulk, buffered, stderr) : RunTree(paths, showPatient, buffered, stderr);
        buffered.Flush();
        return exit;
    }

    private static int RunTree(IReadOnlyList<string> paths, bool showPatient, Stream output, TextWriter stderr)
    {
        var exit = ExitCodes.Ok;
        using var text = new StreamWriter(output, new UTF8Encoding(false), BufferBytes, leaveOpen: true) { AutoFlush = false };
        var tree = new DicomTreeWriter(text, new DicomDumpOptions { ShowPatientIdentity = showPatient });
        for (var i = 0; i < paths.Count; i++)
        {
            if (i > 0) text.WriteLine();
            var (file, partial, error) = Open(paths[i]);
            if (file is not null) tree.WriteFile(file);
            else
            {
                if (partial is not null) tree.WritePartial(paths[i], partial);
                text.Flush();
                ReportError(stderr, error!, output);
                exit = ExitCodes.UnreadableInput;
            }
        }
        text.Flush();
        return exit;
    }

    private static int RunJson(IReadOnlyList<string> paths, bool noBulk, Stream output, TextWriter stderr)
    {
        var exit = ExitCodes.Ok;
        var options = new DicomJsonOptions { IncludeBulkData = !noBulk };
        using var writer = new Utf8JsonWriter(output, DicomJsonWriter.WriterOptions(options));
        var several = paths.Count > 1;
        if (several) writer.WriteStartArray();
        foreach (var path in paths)
        {
            var (file, partial, error) = Open(path);
            var dataset = file?.Dataset ?? partial;
            if (dataset is not null)
            {
                try
                {
                    DicomJsonWriter.Write(writer, dataset, options);
                }
                catch (UnsupportedCharacterSetException ex)
                {
                    error ??= ex;
                }
            }
            if (error is not null)
            {
                writer.Flush();
                ReportError(stderr, error, output);
                exit = ExitCodes.UnreadableInput;
            }
        }
        if (several) writer.WriteEndArray();
        writer.Flush();
        output.WriteByte((byte)'\n');
        return exit;
    }

    private static (DicomFile? File, DicomDataset? Partial, Exception? Error) Open(string path)
    {
        try
        {
            return (DicomFile.Open(path), null, null);
        }
        catch (DicomFormatException ex)
        {
            return (null, ex.PartialDataset, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or UnsupportedCharacterSetException)
        {
            return (null, null, ex);
        }
    }

    // stdout is flushed first so that, on a terminal, the error appears after what was read.
    private static void ReportError(TextWriter stderr, Exception error, Stream output)
    {
        output.Flush();
        stderr.WriteLine($"dump: {error.Message}");
    }
}
