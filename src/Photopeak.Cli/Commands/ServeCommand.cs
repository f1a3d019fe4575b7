using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Photopeak.Network;
using Photopeak.Network.Services;
using Photopeak.Server.Forwarding;
using Photopeak.Server.Http;
using Photopeak.Server.Jobs;
using Photopeak.Server.Node;
using Photopeak.Server.Store;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak serve --data DIR [--ae PHOTOPEAK] [--dicom-port 11112] [--http-port 8080] [--no-http] [--bind ADDRESS] [--db sqlite|postgres://USER@HOST/DB]
/// [--quiet-seconds 60] [--allow AE ...] [--max-associations 16] [--no-processing] [--forward AE@host:port ...] [--config FILE]: runs Photopeak as a
/// DICOM node that stores what it receives (by C-STORE or STOW-RS), processes each complete study and serves studies and
/// results over HTTP (JSON API and DICOMweb). Stops gracefully on SIGTERM or Ctrl-C. Exit codes: 0 stopped, 1 failed, 2 usage.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data folder: received studies, results and the index (required here or in --config)" };
        var ae = new Option<string>("--ae") { Description = "This node's AE title", DefaultValueFactory = _ => "PHOTOPEAK" };
        var port = new Option<int>("--dicom-port") { Description = "DICOM port", DefaultValueFactory = _ => 11112 };
        var httpPort = new Option<int>("--http-port") { Description = "HTTP port: the JSON API (/api/studies) and DICOMweb (/dicom-web)", DefaultValueFactory = _ => 8080 };
        var noHttp = new Option<bool>("--no-http") { Description = "Run without the HTTP server" };
        var bind = new Option<string>("--bind") { Description = "Address to listen on, DICOM and HTTP (0.0.0.0: every interface; 127.0.0.1: this machine only)", DefaultValueFactory = _ => "0.0.0.0" };
        var db = new Option<string>("--db") { Description = "Index database: sqlite (index.db in the data folder) or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, shared with `photopeak worker`", DefaultValueFactory = _ => "sqlite" };
        var quiet = new Option<double>("--quiet-seconds") { Description = "A study is processed once nothing of it arrived for this long", DefaultValueFactory = _ => 60 };
        var allow = new Option<string[]>("--allow") { Description = "Calling AE titles allowed to send (default: any)", AllowMultipleArgumentsPerToken = true };
        var maxAssociations = new Option<int>("--max-associations") { Description = "Associations served at once", DefaultValueFactory = _ => 16 };
        var noProcessing = new Option<bool>("--no-processing") { Description = "Store only; do not process studies on arrival" };
        var forward = new Option<string[]>("--forward") { Description = "Send report.dcm and the measurement SR of each processed study to AE@host:port (repeatable)", AllowMultipleArgumentsPerToken = true };
        var config = new Option<string>("--config") { Description = "JSON file of settings, keys as the options in camel case (data, ae, dicomPort, httpPort, http, bind, db, quietSeconds, allow, maxAssociations, processing, forward); options on the command line win" };
        var command = new Command("serve", "Run as a DICOM node: receive, store and process studies");
        foreach (var option in new Option[] { data, ae, port, httpPort, noHttp, bind, db, quiet, allow, maxAssociations, noProcessing, forward, config }) command.Options.Add(option);
        command.SetAction((pr, cancel) =>
        {
            var file = new ServeConfigFile();
            if (pr.GetValue(config) is { } path)
            {
                try { file = ServeConfigFile.Read(path); }
                catch (FormatException e)
                {
                    Console.Error.WriteLine($"serve: --config {e.Message}");
                    return Task.FromResult(ExitCodes.Usage);
                }
            }
            // An option typed on the command line wins over the file, the file over the option's default.
            bool typed(Option option) => pr.GetResult(option) is { Implicit: false };
            T? Pick<T>(Option<T> option, T? fromFile) where T : class => typed(option) || fromFile is null ? pr.GetValue(option) : fromFile;
            T PickValue<T>(Option<T> option, T? fromFile) where T : struct => typed(option) || fromFile is null ? pr.GetValue(option) : fromFile.Value;
            bool given(Option<bool> flag) => typed(flag) && pr.GetValue(flag);
            var http = !given(noHttp) && (file.Http ?? true);
            return RunAsync(new ServeSettings(Pick(data, file.Data) ?? "", Pick(ae, file.AETitle)!, PickValue(port, file.DicomPort), Pick(bind, file.Bind)!, Pick(db, file.Db)!,
                PickValue(quiet, file.QuietSeconds), Pick(allow, file.Allow) ?? [], PickValue(maxAssociations, file.MaxAssociations), given(noProcessing) || file.Processing == false)
            { Forward = Pick(forward, file.Forward) ?? [], HttpPort = http ? PickValue(httpPort, file.HttpPort) : null }, Console.Error, cancel);
        });
        return command;
    }

    /// <summary>The options of one serve run.</summary>
    public sealed record ServeSettings(string Data, string AETitle, int Port, string Bind, string Db, double QuietSeconds, string[] Allow, int MaxAssociations, bool NoProcessing)
    {
        /// <summary>Destinations, AE@host:port.</summary>
        public string[] Forward { get; init; } = [];

        /// <summary>The HTTP port (0: one the system chooses); null runs no HTTP server.</summary>
        public int? HttpPort { get; init; } = 8080;
    }

    /// <summary>Runs the node until SIGTERM, Ctrl-C or <paramref name="cancel"/>.</summary>
    public static async Task<int> RunAsync(ServeSettings s, TextWriter error, CancellationToken cancel)
    {
        if (Validate(s) is { } problem)
        {
            error.WriteLine($"serve: {problem}");
            return ExitCodes.Usage;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var signals = ServiceConsole.StopOnSignals(stop);
        using var logging = ServiceConsole.Logging(toStandardError: false);
        var options = new NodeOptions
        {
            DataFolder = s.Data,
            Database = IndexDatabase.Parse(s.Db),
            Dicom = new DicomServerOptions
            {
                Address = IPAddress.Parse(s.Bind),
                Port = s.Port,
                MaxAssociations = s.MaxAssociations,
                Policy = new AssociationPolicy { AETitle = s.AETitle, AllowedCallingAETitles = s.Allow.Length == 0 ? null : s.Allow.ToHashSet(StringComparer.Ordinal) },
            },
            Forward = s.Forward.Select(ForwardDestination.Parse).ToList(),
            Http = s.HttpPort is { } httpPort ? new HttpServerOptions { Address = IPAddress.Parse(s.Bind), Port = httpPort } : null,
            Processing = new ProcessingOptions { QuietTime = TimeSpan.FromSeconds(s.QuietSeconds), Enabled = !s.NoProcessing },
        };
        PhotopeakNode node;
        try
        {
            node = await PhotopeakNode.StartAsync(options, logging, stop.Token);
        }
        catch (SocketException e)
        {
            error.WriteLine($"serve: cannot listen on {s.Bind}:{s.Port}: {e.SocketErrorCode}");
            return ExitCodes.Failed;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or SocketException)
        {
            // Kestrel reports a taken or forbidden HTTP port as an IOException around the socket error.
            error.WriteLine($"serve: cannot listen for HTTP on {s.Bind}:{s.HttpPort}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (System.Data.Common.DbException e)
        {
            error.WriteLine($"serve: --db {options.Database}: cannot open the index: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"serve: --data {s.Data}: {e.Message}");
            return ExitCodes.Failed;
        }
        error.WriteLine($"serve: {s.AETitle} listening on {s.Bind}:{node.Server.Port}, data in {node.Store.Root}");
        if (node.Http is not null) error.WriteLine($"serve: HTTP (API /api/studies, DICOMweb /dicom-web) on {s.Bind}:{node.Http.Port}");
        try { await Task.Delay(Timeout.Infinite, stop.Token); }
        catch (OperationCanceledException) { }
        error.WriteLine("serve: stopping (open associations get 10 s to finish)...");
        await node.DisposeAsync();
        error.WriteLine("serve: stopped");
        return ExitCodes.Ok;
    }

    private static string? Validate(ServeSettings s)
    {
        if (string.IsNullOrWhiteSpace(s.Data)) return "--data is required (on the command line or as data in --config)";
        try { IndexDatabase.Parse(s.Db); }
        catch (FormatException e) { return $"--db: {e.Message}"; }
        if (s.AETitle.Trim().Length is 0 or > 16 || s.AETitle.Any(c => c is '\\' || char.IsControl(c)))
            return $"--ae {s.AETitle}: an AE title has 1 to 16 characters, no backslash or control characters";
        if (s.Port is < 0 or > 65535) return $"--dicom-port {s.Port}: a port lies between 0 and 65535";
        if (s.HttpPort is < 0 or > 65535) return $"--http-port {s.HttpPort}: a port lies between 0 and 65535";
        if (!IPAddress.TryParse(s.Bind, out _)) return $"--bind {s.Bind}: not an IP address";
        if (!(s.QuietSeconds >= 0 && s.QuietSeconds <= 86400)) return $"--quiet-seconds {s.QuietSeconds}: between 0 and 86400";
        if (s.MaxAssociations is < 1 or > 1000) return $"--max-associations {s.MaxAssociations}: between 1 and 1000";
        if (s.Allow.FirstOrDefault(a => a.Length is 0 or > 16) is { } bad) return $"--allow {bad}: an AE title has 1 to 16 characters";
        if (File.Exists(s.Data)) return $"--data {s.Data}: is a file, not a folder";
        foreach (var f in s.Forward)
        {
            try { ForwardDestination.Parse(f); }
            catch (FormatException e) { return $"--forward {f}: {e.Message}"; }
        }
        return null;
    }
}
