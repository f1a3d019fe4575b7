using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Photopeak.Dicom;
using Photopeak.Network.Services;
using Photopeak.Server.Accounts;
using Photopeak.Server.Node;
using Photopeak.Simulation.Acquisitions;

// The review page's speed (issue 16), measured in Debian's chromium through Playwright against a node on loopback: the time
// from opening a processed study to its first image drawn with ROIs, and from pressing Recompute after an ROI was dragged to
// the new numbers on screen, for a planar mIBG study, a rest/stress planar MPI study and a lung perfusion study (a brush
// stroke on its lung outline); five rounds each, medians printed
// (goals: first image under 1 s, planar recompute under 1 s); and for an mIBG study with a 120-view 128² SPECT (2 detectors
// × 60 views, 3 energy windows), the time from opening the study to the SPECT's first projection on screen (its 23.6 MB of
// float frames fetched and drawn). Needs chromium
// (scripts/install-packages).
const int Rounds = 5;
const string Password = "bench physician password";
var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
    ?? throw new FileNotFoundException("chromium is not installed (scripts/install-packages)");
var root = Directory.CreateTempSubdirectory("photopeak-bench-review-");
try
{
    var data = Path.Combine(root.FullName, "data");
    Directory.CreateDirectory(data);
    using (var index = Photopeak.Server.Store.StoreIndex.Open(Photopeak.Server.Store.IndexDatabase.Sqlite, data))
        await NodeAccounts.AddAsync(index, "doctor", NodeRole.Physician, Password);
    await using var node = await PhotopeakNode.StartAsync(new NodeOptions
    {
        DataFolder = data,
        Dicom = new DicomServerOptions { Port = 0 },
        Processing = new Photopeak.Server.Jobs.ProcessingOptions { QuietTime = TimeSpan.FromSeconds(0.3) },
        Http = new Photopeak.Server.Http.HttpServerOptions { Address = IPAddress.Loopback, Port = FreePort() },
    }, NullLoggerFactory.Instance, CancellationToken.None);
    var studies = new List<(string Kind, string Uid)>();
    foreach (var (kind, options) in new[] { ("mibg-planar", new SimulationOptions { Seed = 7 }), ("mpi-planar", new SimulationOptions { Seed = 7 }), ("lung-perfusion", new SimulationOptions { Seed = 7 }), ("mibg-spect", new SimulationOptions { Seed = 7 }) })
    {
        var files = Simulator.Write(Simulator.Simulate(kind, options), Path.Combine(root.FullName, kind)).Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
        await new DicomClient("127.0.0.1", node.Server.Port, "BENCH", "PHOTOPEAK").StoreFilesAsync(files, CancellationToken.None);
        studies.Add((kind, DicomFile.Open(files[0]).Dataset.GetString(DicomTags.StudyInstanceUID)!));
    }
    foreach (var (_, uid) in studies)
        while (!File.Exists(Path.Combine(data, "review", uid, "images", "images.json"))) await Task.Delay(100);

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
    var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
    var url = $"http://127.0.0.1:{node.Http!.Port}/";
    await page.GotoAsync(url);
    await page.FillAsync("#login-user", "doctor");
    await page.FillAsync("#login-password", Password);
    await page.ClickAsync("#login-submit");
    await page.Locator("#worklist-table tbody tr").First.WaitForAsync();
    Console.WriteLine($"review bench: chromium headless, node on loopback, {Environment.ProcessorCount} cores, {Rounds} rounds, medians");
    foreach (var (kind, uid) in studies)
    {
        var open = new List<double>();
        var recompute = new List<double>();
        if (kind == "mibg-spect")
        {
            for (var round = 0; round < Rounds; round++)
            {
                await page.ClickAsync("#nav-worklist");
                var spectRow = page.Locator($"#worklist-table tr[data-study='{uid}']");
                await spectRow.WaitForAsync();
                var clock = Stopwatch.StartNew();
                await spectRow.ClickAsync();
                var option = page.Locator("#frames-instance option", new() { HasText = "360 frames" });
                await option.WaitForAsync(new() { State = WaitForSelectorState.Attached });
                await page.SelectOptionAsync("#frames-instance", await option.GetAttributeAsync("value") ?? "");
                await Assertions.Expect(page.Locator("#frames-label")).ToContainTextAsync("frame 1/60");
                open.Add(clock.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"  {kind,-14} open study to the SPECT's first projection (2 detectors × 60 views × 3 windows of 128², 23.6 MB): {Median(open),6:0} ms");
            continue;
        }
        for (var round = 0; round < Rounds; round++)
        {
            await page.ClickAsync("#nav-worklist");
            var row = page.Locator($"#worklist-table tr[data-study='{uid}']");
            await row.WaitForAsync();
            var clock = Stopwatch.StartNew();
            await row.ClickAsync();
            var lung = kind == "lung-perfusion";
            await page.Locator(lung ? "#study svg path.lung" : "#study svg path.roi").First.WaitForAsync();
            open.Add(clock.Elapsed.TotalMilliseconds);
            if (lung)
            {
                // A brush stroke of the right lung inside the right lung: an edit that leaves the outline as it was.
                await page.SelectOptionAsync("#lung-brush", "right");
                var outline = await page.Locator("#study svg path.lung.right").First.BoundingBoxAsync() ?? throw new InvalidOperationException("the right lung is not on screen");
                var (cx, cy) = (outline.X + outline.Width / 2, outline.Y + outline.Height / 2);
                await page.Mouse.MoveAsync(cx, cy);
                await page.Mouse.DownAsync();
                await page.Mouse.MoveAsync(cx, cy + 6, new() { Steps = 3 });
                await page.Mouse.UpAsync();
                clock.Restart();
                await page.ClickAsync("#recompute");
                await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("recomputed", new() { Timeout = 60_000 });
                recompute.Add(clock.Elapsed.TotalMilliseconds);
                continue;
            }

            var roi = page.Locator("#study svg path.roi").First;
            var box = await roi.BoundingBoxAsync() ?? throw new InvalidOperationException($"{kind}: the first ROI is not on screen");
            var (x, y) = (box.X + box.Width / 2, box.Y + box.Height / 2);
            await page.Mouse.MoveAsync(x, y);
            await page.Mouse.DownAsync();
            // Alternately 2 image pixels one way and back, so the ROI stays near the heart.
            await page.Mouse.MoveAsync(x + (round % 2 == 0 ? 6 : -6), y, new() { Steps = 3 });
            await page.Mouse.UpAsync();
            clock.Restart();
            await page.ClickAsync("#recompute");
            await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("recomputed", new() { Timeout = 60_000 });
            recompute.Add(clock.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"  {kind,-14} open study to first image with ROIs: {Median(open),6:0} ms   recompute after an ROI edit: {Median(recompute),6:0} ms");
    }
}
finally
{
    root.Delete(recursive: true);
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
