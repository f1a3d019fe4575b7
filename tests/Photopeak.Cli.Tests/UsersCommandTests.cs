using Photopeak.Cli.Commands;

namespace Photopeak.Cli.Tests;

/// <summary>photopeak users add / list: the first admin of a node, the password from standard input (issue 16.1).</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("photopeak-users-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Users_add_reads_the_password_from_standard_input_and_list_shows_names_and_roles_never_the_password()
    {
        var data = Path.Combine(folder, "data");
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(ExitCodes.Ok, await UsersCommand.AddAsync("root", "admin", data, "sqlite", new StringReader("a long admin password\n"), output, error));
        Assert.Contains("root (admin) added", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, await UsersCommand.AddAsync("dr.lee", "Physician", data, "sqlite", new StringReader("another long password\n"), output, error));

        var listing = new StringWriter();
        Assert.Equal(ExitCodes.Ok, await UsersCommand.ListAsync(data, "sqlite", listing, error, CancellationToken.None));
        Assert.Equal(["dr.lee  physician", "root  admin"], listing.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        Assert.DoesNotContain("password", output.ToString() + listing.ToString() + error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin", "short\n", "at least 12")]
    [InlineData("doctor", "a long enough password\n", "unknown role 'doctor'")]
    [InlineData("admin", "", "no password on standard input")]
    public async Task Users_add_refuses_a_short_password_an_unknown_role_or_no_password_with_the_reason(string role, string input, string reason)
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await UsersCommand.AddAsync("root", role, Path.Combine(folder, "data"), "sqlite", new StringReader(input), new StringWriter(), error));
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_add_refuses_a_name_that_is_taken_whatever_its_case()
    {
        var data = Path.Combine(folder, "data");
        Assert.Equal(ExitCodes.Ok, await UsersCommand.AddAsync("root", "admin", data, "sqlite", new StringReader("a long admin password"), new StringWriter(), new StringWriter()));
        var error = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await UsersCommand.AddAsync("ROOT", "technologist", data, "sqlite", new StringReader("a long other password"), new StringWriter(), error));
        Assert.Contains("ROOT", error.ToString(), StringComparison.Ordinal);
    }
}
