namespace Photopeak.Reporting.Tests;

/// <summary>
/// Files the tests hand to external tools (pdftotext, pdfinfo, dciodvfy), in one temp folder per test process, deleted when the
/// process exits unless PHOTOPEAK_KEEP_TEST_FILES=1 (then the folder is kept for viewing, e.g. pdftoppm -png -r 60).
/// </summary>
public static class TempFiles
{
    private static readonly string Root = Create();

    public static string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "photopeak-report-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(root);
        if (Environment.GetEnvironmentVariable("PHOTOPEAK_KEEP_TEST_FILES") != "1")
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(root, recursive: true); }
                catch (IOException) { }
            };
        return root;
    }
}
