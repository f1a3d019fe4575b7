using Photopeak.Cli.Commands;
using Photopeak.Network.Dimse;
using Photopeak.Network.Services;

namespace Photopeak.Cli.Tests;

/// <summary>photopeak serve: options checked before anything starts; a running node answers C-ECHO and stops cleanly when asked.</summary>
[Collection(ConsoleCli.Collection)]
public sealed class ServeCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("photopeak-serve-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("--db", "mysql://node@localhost/photopeak", "--db")]
    [InlineData("--db", "postgres://localhost/photopeak", "--db")]
    [InlineData("--ae", "A_TITLE_LONGER_THAN_16", "--ae")]
    [InlineData("--dicom-port", "70000", "--dicom-port")]
    [InlineData("--http-port", "70000", "--http-port")]
    [InlineData("--bind", "not-an-address", "--bind")]
    [InlineData("--quiet-seconds", "-1", "--quiet-seconds")]
    [InlineData("--max-associations", "0", "--max-associations")]
    [InlineData("--forward", "PACS@host", "--forward")]
    public void An_invalid_option_is_a_usage_error_naming_it(string option, string value, string named)
    {
        var (code, _, error) = ConsoleCli.Run("serve", "--data", folder, "--bind", "127.0.0.1", option, value);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void An_unreachable_postgres_index_fails_naming_the_database_without_its_password()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var (code, _, error) = ConsoleCli.Run("serve", "--data", Path.Combine(folder, "data"), "--bind", "127.0.0.1", "--dicom-port", "0", "--no-http",
            "--db", "postgres://node:secret@127.0.0.1:1/photopeak");
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("--db postgres://node@127.0.0.1:1/photopeak: cannot open the index", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_started_by_serve_answers_C_ECHO_and_HTTP_and_stops_with_exit_0_when_cancelled()
    {
        var port = LoopbackPort.Free();
        var httpPort = LoopbackPort.Free();
        using var stop = new CancellationTokenSource();
        var error = new StringWriter();
        var run = ServeCommand.RunAsync(new ServeCommand.ServeSettings(Path.Combine(folder, "data"), "PHOTOPEAK", port, "127.0.0.1", "sqlite", 60, [], 4, true)
            { HttpPort = httpPort }, TextWriter.Synchronized(error), stop.Token);
        var client = new DicomClient("127.0.0.1", port, "TEST", "PHOTOPEAK", new Network.AssociationTimeouts { Connect = TimeSpan.FromSeconds(2) });
        ushort status = 0xFFFF;
        for (var attempt = 0; attempt < 100 && status != DimseStatus.Success; attempt++)
        {
            try { status = await client.EchoAsync(CancellationToken.None); }
            catch (Network.AssociationAbortedException) { await Task.Delay(100); }
        }
        Assert.Equal(DimseStatus.Success, status);
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/") })
            Assert.Equal("[]", await http.GetStringAsync("api/studies"));
        Assert.Contains($"HTTP (API /api/studies, DICOMweb /dicom-web) on 127.0.0.1:{httpPort}", error.ToString(), StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("stopped", error.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "data", "index.db")));
    }

    [Fact]
    public async Task An_HTTP_port_already_taken_fails_with_exit_1_naming_it_and_leaves_the_DICOM_port_free()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var httpPort = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var port = LoopbackPort.Free();
        var error = new StringWriter();
        var code = await ServeCommand.RunAsync(new ServeCommand.ServeSettings(Path.Combine(folder, "data"), "PHOTOPEAK", port, "127.0.0.1", "sqlite", 60, [], 4, true)
            { HttpPort = httpPort }, error, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains($"cannot listen for HTTP on 127.0.0.1:{httpPort}", error.ToString(), StringComparison.Ordinal);
        using var again = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        again.Start();
    }

    [Theory]
    [InlineData("{\"data\": \"D\", \"bind\": \"not-an-address\"}", new string[0], "--bind")]
    [InlineData("{\"data\": \"D\", \"bind\": \"not-an-address\", \"ae\": \"A_TITLE_LONGER_THAN_16\"}", new[] { "--bind", "127.0.0.1" }, "--ae")]
    [InlineData("{\"data\": \"D\", \"dicomPrt\": 104}", new string[0], "unknown setting 'dicomPrt'")]
    [InlineData("{\"data\": \"D\", \"dicomPort\": \"104\"}", new string[0], "setting 'dicomPort' must be an integer, not string")]
    [InlineData("[1, 2]", new string[0], "expected a JSON object")]
    [InlineData("{\"ae\": \"NODE\"}", new string[0], "--data is required")]
    public void A_config_file_is_read_checked_and_overridden_by_the_command_line(string json, string[] options, string named)
    {
        var config = Path.Combine(folder, "serve.json");
        File.WriteAllText(config, json.Replace("\"D\"", System.Text.Json.JsonSerializer.Serialize(Path.Combine(folder, "data")), StringComparison.Ordinal));
        var (code, _, error) = ConsoleCli.Run(["serve", "--config", config, .. options]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "data")));
    }

    [Fact]
    public async Task A_node_runs_from_its_config_file_alone()
    {
        var port = LoopbackPort.Free();
        var data = Path.Combine(folder, "data");
        var config = Path.Combine(folder, "serve.json");
        File.WriteAllText(config, $$"""
            // Comments and trailing commas are allowed, as in most JSON configuration files.
            { "data": {{System.Text.Json.JsonSerializer.Serialize(data)}}, "ae": "CFGNODE", "dicomPort": {{port}}, "bind": "127.0.0.1",
              "http": false, "processing": false, "quietSeconds": 5, "maxAssociations": 2, "allow": ["TEST"], }
            """);
        using var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", [Repository.PhotopeakDll, "serve", "--config", config])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            await LoopbackPort.WaitUntilListening(port, 30, () => node.HasExited);
            // The AE title and the allowed caller come from the file.
            Assert.Equal(DimseStatus.Success, await new DicomClient("127.0.0.1", port, "TEST", "CFGNODE").EchoAsync(CancellationToken.None));
            await Assert.ThrowsAnyAsync<Exception>(() => new DicomClient("127.0.0.1", port, "INTRUDER", "CFGNODE").EchoAsync(CancellationToken.None));
            Assert.True(File.Exists(Path.Combine(data, "index.db")));
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
    }
}
