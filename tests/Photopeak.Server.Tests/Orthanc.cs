using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Photopeak.Server.Tests;

/// <summary>
/// An Orthanc of a test's own (Debian orthanc): temporary storage, free loopback HTTP and DICOM ports, remote access refused;
/// with a node's DICOMweb root, the DICOMweb plugin with the node as server "photopeak".
/// </summary>
internal sealed class Orthanc : IAsyncDisposable
{
    public const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    /// <summary>Orthanc's default AE title.</summary>
    public const string AETitle = "ORTHANC";

    private readonly Process process;
    private readonly DirectoryInfo folder;

    private Orthanc(Process process, DirectoryInfo folder, int port, int dicomPort)
    {
        this.process = process;
        this.folder = folder;
        DicomPort = dicomPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    /// <summary>The loopback port of Orthanc's DICOM (C-STORE) listener.</summary>
    public int DicomPort { get; }

    public static async Task<Orthanc> StartAsync(string? nodeDicomWebRoot = null)
    {
        var folder = Directory.CreateTempSubdirectory("photopeak-orthanc-");
        var port = LoopbackPort.Free();
        var dicomPort = LoopbackPort.Free();
        // A name of its own, to know that what answers on the port is this Orthanc (a port found free can be taken by
        // another test's server before this one binds it).
        var name = $"PHOTOPEAK-TEST-{port}";
        var config = new JsonObject
        {
            ["Name"] = name,
            ["StorageDirectory"] = Path.Combine(folder.FullName, "storage"),
            ["IndexDirectory"] = Path.Combine(folder.FullName, "index"),
            ["HttpPort"] = port,
            ["DicomPort"] = dicomPort,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
        };
        if (nodeDicomWebRoot is not null)
        {
            config["Plugins"] = new JsonArray(DicomWebPlugin);
            config["DicomWeb"] = new JsonObject
            {
                ["Enable"] = true,
                ["Root"] = "/dicom-web/",
                ["Servers"] = new JsonObject { ["photopeak"] = new JsonArray(nodeDicomWebRoot) },
            };
        }
        var configPath = Path.Combine(folder.FullName, "orthanc.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString());
        var start = new ProcessStartInfo(ExternalTool.Find("Orthanc")!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(configPath);
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var orthanc = new Orthanc(process, folder, port, dicomPort);
        await LoopbackPort.WaitUntilListening(port, 30, () => process.HasExited);
        Assert.False(process.HasExited, "Orthanc exited at start");
        // Ready when it answers as itself and, with DICOMweb, knows the node: under load the listener can answer first.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? seen = null;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                var system = JsonNode.Parse(await orthanc.Http.GetStringAsync("system"))!;
                seen = system["Name"]?.GetValue<string>();
                if (seen == name && (nodeDicomWebRoot is null || (await orthanc.Http.GetStringAsync("dicom-web/servers")).Contains("\"photopeak\"", StringComparison.Ordinal)))
                    return orthanc;
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException) { }
            await Task.Delay(100);
        }
        await orthanc.DisposeAsync();
        throw new InvalidOperationException($"the Orthanc started on port {port} did not become ready as {name} (answered as {seen ?? "nothing"})");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        folder.Delete(recursive: true);
    }
}
