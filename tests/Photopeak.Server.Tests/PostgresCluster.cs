using System.Diagnostics;
using Photopeak.Server.Store;

namespace Photopeak.Server.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster of Debian's postgresql started by a test: initdb into a temporary folder, listening on a free
/// loopback port only (and a socket in that folder), stopped with "immediate" and removed on dispose. Run as the postgres user
/// when the tests run as root, as PostgreSQL refuses root.
/// </summary>
internal sealed class PostgresCluster : IDisposable
{
    private readonly string bin, root, data;
    private readonly bool asPostgresUser;

    private PostgresCluster(string bin, string root, bool asPostgresUser, int port)
    {
        this.bin = bin;
        this.root = root;
        this.asPostgresUser = asPostgresUser;
        data = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The index URL of the cluster's postgres database, as --db takes it.</summary>
    public string Url => $"postgres://photopeak@127.0.0.1:{Port}/postgres";

    public IndexDatabase Database => IndexDatabase.Parse(Url);

    /// <summary>Starts a cluster; null outside CI when PostgreSQL is not installed (CI fails instead).</summary>
    public static PostgresCluster? Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (bin is null)
        {
            if (Photopeak.Testing.ExternalTool.InCi) throw new InvalidOperationException("PostgreSQL (Debian postgresql) is required in CI; scripts/install-packages installs it");
            return null;
        }
        var asPostgres = Environment.UserName == "root";
        var root = Directory.CreateTempSubdirectory("photopeak-pg-").FullName;
        var cluster = new PostgresCluster(bin, root, asPostgres, LoopbackPort.Free());
        try
        {
            if (asPostgres) cluster.Run("/bin/chown", ["postgres", root], asUser: false);
            cluster.Run(Path.Combine(bin, "initdb"), ["-D", cluster.data, "-U", "photopeak", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
            cluster.Run(Path.Combine(bin, "pg_ctl"), ["-D", cluster.data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
                $"-c listen_addresses=127.0.0.1 -p {cluster.Port} -k {root} -c fsync=off -c max_connections=50", "start"]);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The server's log (for a failing test's message).</summary>
    public string Log => File.Exists(Path.Combine(root, "server.log")) ? File.ReadAllText(Path.Combine(root, "server.log")) : "";

    private void Run(string program, IReadOnlyList<string> arguments, bool? asUser = null)
    {
        var psi = asUser ?? asPostgresUser
            ? new ProcessStartInfo("/usr/sbin/runuser", ["-u", "postgres", "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = root;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish in 90 s");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited {p.ExitCode}: {stderr.Result}{stdout.Result}");
    }
}
