using System.CommandLine;
using Photopeak.Cli.Commands;

namespace Photopeak.Cli;

/// <summary>The photopeak command. Exit codes: 0 ok, 1 processing failed, 2 usage error, 3 unreadable input.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Photopeak: nuclear-medicine processing and reporting");
        foreach (var command in Commands()) root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine("Run 'photopeak --help' for usage.");
            return ExitCodes.Usage;
        }
        return parsed.Invoke();
    }

    /// <summary>Every subcommand; each lives in Commands/ with a static Create().</summary>
    private static IEnumerable<Command> Commands() =>
    [
        DumpCommand.Create(),
        InfoCommand.Create(),
        SimulateCommand.Create(),
        ProcessCommand.Create(),
        DemoCommand.Create(),
        ReconCommand.Create(),
        CalibrateCcCommand.Create(),
        ServeCommand.Create(),
        WorkerCommand.Create(),
        UsersCommand.Create(),
    ];
}
