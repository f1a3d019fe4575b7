namespace Photopeak.Cli.Tests;

/// <summary>Runs <c>Program.Main</c> in process with Console.Out/Error captured. Tests using it join the console collection.</summary>
internal static class ConsoleCli
{
    public const string Collection = "InfoCommand console";

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            return (Program.Main(args), o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}

/// <summary>Program.Main writes to Console: tests that swap Console.Out/Error run alone.</summary>
[CollectionDefinition(ConsoleCli.Collection, DisableParallelization = true)]
public sealed class ConsoleCliCollection;
