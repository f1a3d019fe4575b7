using System.CommandLine;

namespace Photopeak.Cli.Commands;

/// <summary>photopeak info (placeholder until implemented).</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Info (not implemented yet)");
        command.SetAction(_ => { Console.Error.WriteLine("info: not implemented yet"); return ExitCodes.Failed; });
        return command;
    }
}
