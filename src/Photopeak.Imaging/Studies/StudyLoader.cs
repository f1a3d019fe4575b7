using System.Collections.Concurrent;
using Photopeak.Dicom;

namespace Photopeak.Imaging.Studies;

/// <summary>What <see cref="StudyLoader.Load"/> found: the studies, and the files it could not use.</summary>
public sealed record StudyLoadResult(IReadOnlyList<Study> Studies, IReadOnlyList<UnreadableFile> Unreadable);

/// <summary>Loads a file or a folder (recursively) and groups its instances by Study and Series Instance UID.</summary>
public static class StudyLoader
{
    /// <summary>
    /// Reads every file under <paramref name="path"/> (or the file itself). A file that is not readable DICOM, or that has no
    /// Study/Series Instance UID, is listed in <see cref="StudyLoadResult.Unreadable"/> and does not stop the others.
    /// </summary>
    public static StudyLoadResult Load(string path)
    {
        string[] files;
        if (File.Exists(path)) files = [path];
        else if (Directory.Exists(path))
            files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
                .Order(StringComparer.Ordinal).ToArray();
        else throw new FileNotFoundException($"{path}: no such file or folder", path);

        var acquisitions = new NmAcquisition?[files.Length];
        var unreadable = new ConcurrentBag<UnreadableFile>();
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
