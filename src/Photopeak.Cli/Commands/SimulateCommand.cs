using System.CommandLine;

namespace Photopeak.Cli.Commands;

/// <summary>photopeak simulate (placeholder until implemented).</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var command = new Command("simulate", "Simulate (not implemented yet)");
        command.SetAction(_ => { Console.Error.WriteLine("simulate: not implemented yet"); return ExitCodes.Failed; });
        return command;
    }
}
