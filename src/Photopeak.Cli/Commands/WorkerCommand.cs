using System.CommandLine;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Photopeak.Server.Jobs;
using Photopeak.Server.Store;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak worker --data DIR --db postgres://USER@HOST/DB [--quiet-seconds 60] [--poll-seconds 5] [--once] [--name NAME]:
/// a processing-only node. It processes every complete study of a node's data folder (mounted here) whose present input has
/// no finished job, claiming each in the shared index first, so several workers reprocess an archive with each study run
/// once. Prints one JSON line per study it ran; stops on SIGTERM or Ctrl-C, or after one pass with --once.
/// Exit codes: 0 stopped, 1 failed, 2 usage.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The node's data folder (studies/ and results/), as mounted on this machine", Required = true };
        var db = new Option<string>("--db") { Description = "The node's index: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (sqlite: the folder's index.db)", Required = true };
        var quiet = new Option<double>("--quiet-seconds") { Description = "A study is taken once nothing of it arrived for this long", DefaultValueFactory = _ => 60 };
        var poll = new Option<double>("--poll-seconds") { Description = "Rest after a pass that found nothing to run", DefaultValueFactory = _ => 5 };
        var once = new Option<bool>("--once") { Description = "One pass over the complete studies, then stop" };
        var name = new Option<string>("--name") { Description = "This worker's name in the job table", DefaultValueFactory = _ => $"{Environment.MachineName}:{Environment.ProcessId}" };
        var command = new Command("worker", "Process the studies of a node's shared index (no DICOM listener)");
        foreach (var option in new Option[] { data, db, quiet, poll, once, name }) command.Options.Add(option);
        command.SetAction((pr, cancel) => RunAsync(pr.GetValue(data)!, pr.GetValue(db)!, pr.GetValue(quiet), pr.GetValue(poll), pr.GetValue(once), pr.GetValue(name)!,
            Console.Out, Console.Error, cancel));
        return command;
    }

    /// <summary>Runs the worker until SIGTERM, Ctrl-C, <paramref name="cancel"/> or, with <paramref name="once"/>, the end of one pass.</summary>
    public static async Task<int> RunAsync(string dataFolder, string db, double quietSeconds, double pollSeconds, bool once, string name,
        TextWriter output, TextWriter error, CancellationToken cancel)
    {
        IndexDatabase database;
        try { database = IndexDatabase.Parse(db); }
        catch (FormatException e)
        {
            error.WriteLine($"worker: --db: {e.Message}");
            return ExitCodes.Usage;
        }
        if (!(quietSeconds >= 0 && quietSeconds <= 86400)) { error.WriteLine($"worker: --quiet-seconds {quietSeconds}: between 0 and 86400"); return ExitCodes.Usage; }
        if (!(pollSeconds > 0 && pollSeconds <= 3600)) { error.WriteLine($"worker: --poll-seconds {pollSeconds}: above 0 and at most 3600"); return ExitCodes.Usage; }
        if (name.Trim().Length is 0 or > 200 || name.Any(char.IsControl)) { error.WriteLine("worker: --name: 1 to 200 characters, no control characters"); return ExitCodes.Usage; }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var signals = ServiceConsole.StopOnSignals(stop);
        // Logs on standard error: standard output carries only the JSON lines scripts read.
        using var logging = ServiceConsole.Logging(toStandardError: true);
        InstanceStore store;
        try { store = InstanceStore.OpenForWorker(dataFolder, database, logging.CreateLogger("store")); }
        catch (DbException e)
        {
            error.WriteLine($"worker: --db {database}: cannot open the index: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"worker: --data {dataFolder}: {e.Message}");
            return ExitCodes.Failed;
        }
        using (store)
        {
            var options = new ProcessingOptions { QuietTime = TimeSpan.FromSeconds(quietSeconds), Worker = name };
            var worker = new ProcessingWorker(store, options, logging.CreateLogger("jobs"));
            var ran = 0;
            void Processed(string study, JobStatus status)
            {
                ran++;
                // Identifiers only: no patient data on the console.
                output.WriteLine($"{{\"study\":\"{study}\",\"status\":\"{StoreIndex.StatusName(status)}\",\"worker\":\"{Escape(name)}\"}}");
                output.Flush();
            }
            error.WriteLine($"worker: {name} processing {store.Root} with the index {database}");
            try
            {
                if (once) await worker.PassAsync(Processed, stop.Token);
                else await worker.RunAsync(TimeSpan.FromSeconds(pollSeconds), Processed, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (DbException e)
            {
                error.WriteLine($"worker: the index {database} failed: {e.Message}");
                return ExitCodes.Failed;
            }
            error.WriteLine($"worker: stopped after running {ran} stud{(ran == 1 ? "y" : "ies")}");
            return ExitCodes.Ok;
        }
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
