namespace Photopeak.Testing;

/// <summary>Locates ../shared/data beside the repository.</summary>
public static class SharedData
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "nm"))) return candidate;
            candidate = Path.Combine(dir.FullName, "..", "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "nm")) && File.Exists(Path.Combine(dir.FullName, "Photopeak.slnx"))) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException("../shared/data (the shared DICOM samples) was not found beside the repository");
    }

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static IEnumerable<string> AllFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "nm"), "*.dcm", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "robustness"), "*.dcm", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
}

/// <summary>The repository root (the folder holding Photopeak.slnx).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>The built photopeak.dll of the configuration these tests were built in (Release or Debug), for tests that run
    /// the command line as its own process.</summary>
    public static string PhotopeakDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            var dll = Path.Combine(Root, "src", "Photopeak.Cli", "bin", configuration, "net10.0", "photopeak.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the solution first", dll);
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Photopeak.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Photopeak.slnx not found above " + AppContext.BaseDirectory);
    }
}
