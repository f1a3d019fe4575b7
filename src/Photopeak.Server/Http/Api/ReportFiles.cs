namespace Photopeak.Server.Http.Api;

/// <summary>
/// The files of a study's results folder that the API serves (result.json, report.pdf, report.html, report.dcm,
/// measurements.dcm…), found by exact name among those the folder holds, so no name can reach outside it.
/// </summary>
internal static class ReportFiles
{
    /// <summary>The names of the finished files in a results folder (a ".part" file is one being written).</summary>
    public static IReadOnlyList<string> Names(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.EndsWith(".part", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>The path of the file named <paramref name="name"/> in the folder, or null if the folder holds no such file.</summary>
    public static string? Find(string folder, string name) =>
        Names(folder).Contains(name, StringComparer.Ordinal) ? Path.Combine(folder, name) : null;

    /// <summary>The media type of a result file, by its extension.</summary>
    public static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".html" or ".htm" => "text/html; charset=utf-8",
        ".dcm" => "application/dicom",
        ".json" => "application/json; charset=utf-8",
        ".txt" => "text/plain; charset=utf-8",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    };
}
