using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Photopeak.Server.Accounts;
using Photopeak.Server.Store;

namespace Photopeak.Cli.Commands;

/// <summary>
/// photopeak users add NAME --role technologist|physician|admin --data DIR [--db URL]: adds an account of the web review to a
/// node's index, the password read from standard input (one line; typed without echo at a terminal), so it never appears in
/// the process list or shell history. photopeak users list --data DIR [--db URL]: names, roles and lockouts.
/// Exit codes: 0 done, 1 failed (e.g. the index cannot be opened), 2 usage (a taken name, a short password, an unknown role).
/// </summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Accounts of the web review (technologists, physicians, admins)");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        return command;
    }

    private static Option<string> DataOption() => new("--data") { Description = "The node's data folder (as serve --data); created if absent", Required = true };
    private static Option<string> DbOption() => new("--db") { Description = "The node's index: sqlite (the folder's index.db) or postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE", DefaultValueFactory = _ => "sqlite" };

    private static Command Add()
    {
        var name = new Argument<string>("NAME") { Description = "User name (letters, digits, - . _ @)" };
        var role = new Option<string>("--role") { Description = $"The account's role: {NodeRoles.Names}", Required = true };
        var data = DataOption();
        var db = DbOption();
        var command = new Command("add", "Add an account; the password is read from standard input");
        command.Arguments.Add(name);
        foreach (var option in new Option[] { role, data, db }) command.Options.Add(option);
        command.SetAction((pr, cancel) => AddAsync(pr.GetValue(name)!, pr.GetValue(role)!, pr.GetValue(data)!, pr.GetValue(db)!, Console.In, Console.Out, Console.Error));
        return command;
    }

    private static Command List()
    {
        var data = DataOption();
        var db = DbOption();
        var command = new Command("list", "List the accounts: name, role, locked until");
        foreach (var option in new Option[] { data, db }) command.Options.Add(option);
        command.SetAction((pr, cancel) => ListAsync(pr.GetValue(data)!, pr.GetValue(db)!, Console.Out, Console.Error, cancel));
        return command;
    }

    /// <summary>Adds the account; the password is the first line of <paramref name="input"/>.</summary>
    public static async Task<int> AddAsync(string name, string roleName, string dataFolder, string db, TextReader input, TextWriter output, TextWriter error)
    {
        NodeRole role;
        try { role = NodeRoles.Parse(roleName); }
        catch (FormatException e) { error.WriteLine($"users add: --role: {e.Message}"); return ExitCodes.Usage; }
        var password = ReadPassword(input, error);
        if (password is null) { error.WriteLine("users add: no password on standard input"); return ExitCodes.Usage; }
        return await WithIndexAsync("users add", dataFolder, db, error, async index =>
        {
            try { await NodeAccounts.AddAsync(index, name, role, password); }
            catch (ArgumentException e) { error.WriteLine($"users add: {name}: {e.Message}"); return ExitCodes.Usage; }
            output.WriteLine($"users add: {name} ({NodeRoles.Name(role)}) added");
            return ExitCodes.Ok;
        });
    }

    /// <summary>Prints one line per account: name, role and, when locked, until when (UTC).</summary>
    public static Task<int> ListAsync(string dataFolder, string db, TextWriter output, TextWriter error, CancellationToken cancel) =>
        WithIndexAsync("users list", dataFolder, db, error, async index =>
        {
            foreach (var user in await NodeAccounts.ListAsync(index, cancel))
            {
                var locked = user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? $"  locked until {end.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" : "";
                output.WriteLine($"{user.UserName}  {NodeRoles.Name(user.Role)}{locked}");
            }
            return ExitCodes.Ok;
        });

    private static async Task<int> WithIndexAsync(string verb, string dataFolder, string db, TextWriter error, Func<StoreIndex, Task<int>> action)
    {
        IndexDatabase database;
        try { database = IndexDatabase.Parse(db); }
        catch (FormatException e) { error.WriteLine($"{verb}: --db: {e.Message}"); return ExitCodes.Usage; }
        StoreIndex index;
        try
        {
            Directory.CreateDirectory(dataFolder);
            index = StoreIndex.Open(database, dataFolder);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{verb}: cannot open the index of {dataFolder} ({database}): {e.Message}");
            return ExitCodes.Failed;
        }
        using (index) return await action(index);
    }

    // The first line of standard input; at a terminal, typed without echo after a prompt on standard error.
    private static string? ReadPassword(TextReader input, TextWriter error)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected) return input.ReadLine();
        error.Write("Password: ");
        var typed = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        error.WriteLine();
        return typed.ToString();
    }
}
