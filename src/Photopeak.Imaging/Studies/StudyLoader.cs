using System.Collections.Concurrent;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;

namespace Photopeak.Imaging.Studies;

/// <summary>What <see cref="StudyLoader.Load"/> found: the studies, and the files it could not use.</summary>
public sealed record StudyLoadResult(IReadOnlyList<Study> Studies, IReadOnlyList<UnreadableFile> Unreadable);

/// <summary>Loads a file or a folder (recursively) and groups its instances by Study and Series Instance UID.</summary>
public static class StudyLoader
{
    /// <summary>
    /// Reads every file under <paramref name="path"/> (or the file itself). A file that is not readable DICOM, or that has no
    /// Study/Series Instance UID, is listed in <see cref="StudyLoadResult.Unreadable"/> and does not stop the others; so is what
    /// is not a regular file (a FIFO, socket or device), which is skipped without being opened.
    /// </summary>
    public static StudyLoadResult Load(string path)
    {
        var unreadable = new ConcurrentBag<UnreadableFile>();
        string[] files;
        if (File.Exists(path)) files = [path];
        else if (Directory.Exists(path)) files = FilesUnder(path, unreadable).Order(StringComparer.Ordinal).ToArray();
        else throw new FileNotFoundException($"{path}: no such file or folder", path);

        var acquisitions = new NmAcquisition?[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                var a = NmAcquisition.Open(files[i]);
                if (a.StudyInstanceUid is null || a.SeriesInstanceUid is null)
                    unreadable.Add(new UnreadableFile(files[i], $"no {(a.StudyInstanceUid is null ? "Study" : "Series")} Instance UID ({(a.StudyInstanceUid is null ? "0020,000D" : "0020,000E")}): not an instance of a study"));
                else acquisitions[i] = a;
            }
            catch (Exception ex) when (ex is DicomFormatException or IOException or UnauthorizedAccessException or DicomValueException)
            {
                // The exception names the file already; the record keeps path and reason apart.
                var reason = ex.Message.StartsWith(files[i] + ": ", StringComparison.Ordinal) ? ex.Message[(files[i].Length + 2)..] : ex.Message;
                unreadable.Add(new UnreadableFile(files[i], reason));
            }
        });

        var studies = acquisitions.OfType<NmAcquisition>()
            .GroupBy(a => a.StudyInstanceUid!, StringComparer.Ordinal)
            .Select(study => new Study(study.Key, study
                .GroupBy(a => a.SeriesInstanceUid!, StringComparer.Ordinal)
                .Select(MakeSeries)
                .OrderBy(s => s.SeriesNumber ?? int.MaxValue).ThenBy(s => s.SeriesInstanceUid, StringComparer.Ordinal)
                .ToList()))
            .OrderBy(s => s.StudyDate ?? DateOnly.MaxValue).ThenBy(s => s.StudyInstanceUid, StringComparer.Ordinal)
            .ToList();
        return new StudyLoadResult(studies, unreadable.OrderBy(u => u.Path, StringComparer.Ordinal).ToList());
    }

    // Walks the tree itself so that a folder it may not list is reported like a file, not thrown or skipped silently.
    // Hidden entries (".DS_Store", ".git") are left out; symbolic links to folders are not followed (no cycles); what is not a
    // regular file (FIFO, socket, device) is listed as skipped without being opened.
    private static List<string> FilesUnder(string root, ConcurrentBag<UnreadableFile> unreadable)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            try
            {
                foreach (var file in Directory.EnumerateFiles(dir, "*", options))
                {
                    // A FIFO, socket or device is never opened: reading it could block or never end.
                    var kind = FileKinds.Of(file);
                    if (FileKinds.IsReadable(kind)) files.Add(file);
                    else unreadable.Add(new UnreadableFile(file, $"skipped: not a regular file but {FileKinds.Describe(kind)}"));
                }
                foreach (var sub in Directory.EnumerateDirectories(dir, "*", options))
                {
                    if (new DirectoryInfo(sub).LinkTarget is null) pending.Push(sub);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                unreadable.Add(new UnreadableFile(dir, "folder cannot be listed: " + ex.Message));
            }
        }
        return files;
    }

    private static Series MakeSeries(IGrouping<string, NmAcquisition> group)
    {
        var list = group.OrderBy(a => a.InstanceNumber ?? int.MaxValue).ThenBy(a => a.SourcePath, StringComparer.Ordinal).ToList();
        var warnings = new List<string>();
        foreach (var dup in list.Where(a => a.SopInstanceUid is not null).GroupBy(a => a.SopInstanceUid, StringComparer.Ordinal).Where(g => g.Count() > 1))
            warnings.Add($"(0008,0018) SOPInstanceUID {dup.Key} occurs in {dup.Count()} files: {string.Join(", ", dup.Select(a => Path.GetFileName(a.SourcePath)))}");
        if (list.Select(a => a.PatientId).Distinct().Count() > 1)
            warnings.Add("(0010,0020) PatientID differs between instances of the series");
        return new Series(group.Key, list, warnings);
    }
}
