using System.CommandLine;

namespace Photopeak.Cli.Commands;

/// <summary>photopeak dump (placeholder until implemented).</summary>
public static class DumpCommand
{
    public static Command Create()
    {
        var command = new Command("dump", "Dump (not implemented yet)");
        command.SetAction(_ => { Console.Error.WriteLine("dump: not implemented yet"); return ExitCodes.Failed; });
        return command;
    }
}
