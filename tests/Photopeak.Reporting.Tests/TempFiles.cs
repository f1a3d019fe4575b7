namespace Photopeak.Reporting.Tests;

/// <summary>Files the tests hand to external tools (pdftotext, pdfinfo, dciodvfy), under one temp folder per test run.</summary>
public static class TempFiles
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "photopeak-report-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string Write(string name, byte[] bytes)
    {
        Directory.CreateDirectory(Root);
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
