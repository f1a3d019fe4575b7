using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Photopeak.Dicom;
using Photopeak.Network.Dimse;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Server.Tests;

/// <summary>The node's JSON API over real Kestrel on loopback: studies, processing status, result and reports (issue 15.5).</summary>
public class HttpApiTests
{
    [Fact]
    public async Task A_simulated_study_sent_by_C_STORE_is_processed_and_its_result_and_reports_are_served_over_HTTP()
    {
        var source = Directory.CreateTempSubdirectory("photopeak-sim-");
        try
        {
            var files = Simulator.Write(Simulator.Simulate("mibg-planar", new SimulationOptions { Seed = 11 }), source.FullName)
                .Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
            await using var node = await TestNode.StartAsync(quietSeconds: 0.5, http: true);
            using var http = node.Http();
            Assert.All(await node.Client("CAMERA").StoreFilesAsync(files, CancellationToken.None), s => Assert.Equal(DimseStatus.Success, s.Status));
            var sent = DicomFile.Open(files[0]).Dataset;
            var studyUid = sent.GetString(DicomTags.StudyInstanceUID)!;

            var study = await WaitForStatusAsync(http, studyUid, TimeSpan.FromSeconds(90));
            Assert.Equal("done", study["processing"]!["status"]!.GetValue<string>());
            Assert.Equal(sent.GetString(DicomTags.PatientID), study["patientId"]!.GetValue<string>());
            Assert.Equal(files.Count, study["instanceCount"]!.GetValue<int>());
            Assert.Equal(files.Select(f => DicomFile.Open(f).Dataset.GetString(DicomTags.SeriesInstanceUID)).Distinct().Count(), study["seriesCount"]!.GetValue<int>());
            Assert.Equal(["NM"], study["modalities"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.Equal(study["seriesCount"]!.GetValue<int>(), study["series"]!.AsArray().Count);

            // The result over HTTP is the job's result.json, and its H/M is the one the job wrote.
            var result = JsonNode.Parse(await http.GetStringAsync($"api/studies/{studyUid}/result"))!;
            var written = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(node.Node.Store.ResultsFolder(studyUid), "result.json")))!;
            Assert.Equal(written["measurements"]!["hm_late"]!["value"]!.GetValue<double>(), result["measurements"]!["hm_late"]!["value"]!.GetValue<double>());
            Assert.InRange(result["measurements"]!["hm_late"]!["value"]!.GetValue<double>(), 1.0, 5.0);

            var reports = study["reports"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            Assert.Contains("report.pdf", reports);
            Assert.Contains("report.dcm", reports);
            using var pdf = await http.GetAsync($"api/studies/{studyUid}/reports/report.pdf");
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(node.Node.Store.ResultsFolder(studyUid), "report.pdf")), await pdf.Content.ReadAsByteArrayAsync());

            var list = JsonNode.Parse(await http.GetStringAsync("api/studies"))!.AsArray();
            var listed = Assert.Single(list);
            Assert.Equal(studyUid, listed!["studyInstanceUid"]!.GetValue<string>());
            Assert.Equal("done", listed["processing"]!["status"]!.GetValue<string>());
            Assert.Equal("mibg", listed["processing"]!["procedure"]!.GetValue<string>());
        }
        finally
        {
            source.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_study_no_procedure_fits_shows_not_applicable_with_the_reason()
    {
        await using var node = await TestNode.StartAsync(quietSeconds: 0.2, http: true);
        using var http = node.Http();
        var file = SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm");
        await node.Client().StoreFilesAsync([file], CancellationToken.None);
        var study = await WaitForStatusAsync(http, DicomFile.Open(file).Dataset.GetString(DicomTags.StudyInstanceUID)!, TimeSpan.FromSeconds(30));
        Assert.Equal("not-applicable", study["processing"]!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(study["processing"]!["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_study_is_404_with_a_JSON_error_and_a_malformed_UID_is_400()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        using var http = node.Http();
        foreach (var path in new[] { "api/studies/1.2.3.4", "api/studies/1.2.3.4/result", "api/studies/1.2.3.4/reports/report.pdf",
                     "dicom-web/studies/1.2.3.4/metadata", "dicom-web/studies/1.2.3.4/series/1.2/instances/1.3", "no/such/resource" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.False(string.IsNullOrWhiteSpace(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>()));
        }
        using var malformed = await http.GetAsync("api/studies/not-a-uid");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Report_names_that_would_leave_the_results_folder_are_refused()
    {
        await using var node = await TestNode.StartAsync(processing: false, http: true);
        using var http = node.Http();
        var file = SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm");
        await node.Client().StoreFilesAsync([file], CancellationToken.None);
        var studyUid = DicomFile.Open(file).Dataset.GetString(DicomTags.StudyInstanceUID)!;
        var results = node.Node.Store.ResultsFolder(studyUid);
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "report.html"), "<p>report</p>");
        const string secret = "SECRET-OUTSIDE-RESULTS";
        await File.WriteAllTextAsync(Path.Combine(node.Folder.FullName, "secret.txt"), secret);
        await File.WriteAllTextAsync(Path.Combine(node.Folder.FullName, "results", "secret.txt"), secret);

        using (var ok = await http.GetAsync($"api/studies/{studyUid}/reports/report.html"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("<p>report</p>", await ok.Content.ReadAsStringAsync());
        }
        // HttpClient resolves dot segments itself, so these encoded forms are what reaches the node through it...
        foreach (var name in new[] { "..%2Fsecret.txt", "..%2F..%2Fsecret.txt", "%2E%2E%2F%2E%2E%2Fsecret.txt", "..%5C..%5Csecret.txt", "%2Fetc%2Fpasswd",
                     "report.html%00.pdf", "report.html.part" })
        {
            using var response = await http.GetAsync(new Uri($"api/studies/{studyUid}/reports/{name}", UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{name}: {response.StatusCode}");
            Assert.DoesNotContain(secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // ...and raw request lines carry the literal and dot-encoded forms as a hostile client would send them.
        foreach (var name in new[] { "../secret.txt", "../../secret.txt", "%2E%2E/%2E%2E/secret.txt", ".%2E/.%2E/secret.txt" })
        {
            var answer = await RawGetAsync(node.Node.Http!.Port, $"/api/studies/{studyUid}/reports/{name}");
            Assert.DoesNotContain(secret, answer, StringComparison.Ordinal);
            Assert.Matches(@"^HTTP/1\.1 (400|404) ", answer);
        }
    }

    // One GET with the path exactly as given, over a plain socket; the whole answer as text.
    private static async Task<string> RawGetAsync(int port, string path)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Patient_names_and_birth_dates_never_reach_the_log_whatever_comes_over_HTTP()
    {
        var log = new CapturedLog();
        using var logging = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
        await using var node = await TestNode.StartAsync(processing: false, http: true, logging: logging);
        using var http = node.Http();
        var thyroid = SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm");
        var jaszack = SharedData.PathOf("nm/nmqc/Jaszack.dcm");
        await node.Client().StoreFilesAsync([thyroid], CancellationToken.None);
        using (var stow = await http.PostAsync("dicom-web/studies", Multipart.Stow(await File.ReadAllBytesAsync(jaszack)))) Assert.Equal(HttpStatusCode.OK, stow.StatusCode);
        var names = new[] { thyroid, jaszack }.Select(f => DicomFile.Open(f).Dataset).SelectMany(d => new[] { d.GetString(DicomTags.PatientName), d.GetString(DicomTags.PatientBirthDate) })
            .OfType<string>().Select(n => n.Trim()).Where(n => n.Length > 3).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            using var query = await http.GetAsync($"dicom-web/studies?PatientName={Uri.EscapeDataString(name)}&PatientBirthDate={Uri.EscapeDataString(name)}");
            using var missing = await http.GetAsync($"api/studies/{Uri.EscapeDataString(name)}");
        }
        await http.GetStringAsync("api/studies");
        Assert.NotEmpty(log.Text);
        foreach (var name in names) Assert.DoesNotContain(name, log.Text, StringComparison.OrdinalIgnoreCase);
    }

    // Everything logged, as text.
    private sealed class CapturedLog : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

        public string Text => string.Join('\n', lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose() { }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }

    // Polls /api/studies/{uid} until its processing status is final (not pending or running).
    internal static async Task<JsonNode> WaitForStatusAsync(HttpClient http, string studyUid, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        JsonNode? study = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync($"api/studies/{studyUid}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                study = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (study["processing"]!["status"]!.GetValue<string>() is not ("pending" or "running")) return study;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"study {studyUid} not processed within {limit.TotalSeconds} s; last seen: {study?.ToJsonString()}");
    }
}
