using System.Diagnostics;

namespace Photopeak.Testing;

/// <summary>Runs an independent tool (dcmdump, dciodvfy, dcm2json...). Outside CI a missing tool skips the check; with CI=true it fails.</summary>
public static class ExternalTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Full path of a tool on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>True if the tool is there; false (the caller returns early) outside CI; throws in CI.</summary>
    public static bool Require(string name)
    {
        if (Find(name) is not null) return true;
        if (InCi) throw new InvalidOperationException($"{name} is required in CI (scripts/test installs it) but is not on PATH");
        return false;
    }

    /// <summary>Runs the tool and returns exit code, stdout and stderr; kills it after the timeout.</summary>
    public static (int ExitCode, string StdOut, string StdErr) Run(string name, IEnumerable<string> arguments, int timeoutMs = 60_000)
    {
        var psi = new ProcessStartInfo(Find(name) ?? name) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish in {timeoutMs} ms");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
