using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Photopeak.Server.Tests;

/// <summary>Debian's firefox-esr, driven over WebDriver BiDi (the W3C protocol Firefox speaks natively; Playwright needs its
/// own patched Firefox, which is not downloaded here). Missing: the test returns early, or fails under CI=true.</summary>
internal sealed partial class Firefox : IAsyncDisposable
{
    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> pending = new();
    private Task receiving = Task.CompletedTask;
    private readonly CancellationTokenSource stop = new();
    private int lastId;
    private string context = "";

    /// <summary>Script errors and console errors of the page, as the browser logs them.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static string? Path()
    {
        foreach (var candidate in new[] { "/usr/bin/firefox-esr", "/usr/bin/firefox" })
            if (File.Exists(candidate)) return candidate;
        Xunit.Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "firefox-esr is not installed (scripts/install-packages installs it)");
        return null;
    }

    private Firefox(Process process, string profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>Starts headless Firefox on a fresh profile (no network services), opens a BiDi session and sizes its tab.</summary>
    public static async Task<Firefox> LaunchAsync(string path, int width, int height)
    {
        var profile = Directory.CreateTempSubdirectory("photopeak-firefox-").FullName;
        // Nothing outside the machine is contacted: no remote settings, updates, telemetry or captive-portal checks.
        await File.WriteAllTextAsync(System.IO.Path.Combine(profile, "user.js"), """
            user_pref("services.settings.server", "data:,");
            user_pref("app.update.disabledForTesting", true);
            user_pref("network.captive-portal-service.enabled", false);
            user_pref("network.connectivity-service.enabled", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("toolkit.telemetry.enabled", false);
            user_pref("browser.safebrowsing.update.enabled", false);
            user_pref("extensions.update.enabled", false);
            user_pref("browser.region.network.url", "");
            """);
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", "0", "about:blank" }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } m) listening.TrySetResult(m.Groups[1].Value);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        Firefox? firefox = null;
        try
        {
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            firefox = new Firefox(process, profile);
            await firefox.socket.ConnectAsync(new Uri(url + "/session"), CancellationToken.None);
            firefox.receiving = Task.Run(firefox.ReceiveAsync);
            // The page's confirmations (signing with the documentation incomplete) are accepted, as a physician would.
            await firefox.SendAsync("session.new", new JsonObject
            {
                ["capabilities"] = new JsonObject { ["alwaysMatch"] = new JsonObject { ["unhandledPromptBehavior"] = new JsonObject { ["default"] = "accept" } } },
            });
            await firefox.SendAsync("session.subscribe", new JsonObject { ["events"] = new JsonArray("log.entryAdded") });
            var tree = await firefox.SendAsync("browsingContext.getTree", new JsonObject());
            firefox.context = tree["contexts"]![0]!["context"]!.GetValue<string>();
            await firefox.SendAsync("browsingContext.setViewport", new JsonObject
            {
                ["context"] = firefox.context, ["viewport"] = new JsonObject { ["width"] = width, ["height"] = height },
            });
            return firefox;
        }
        catch
        {
            if (firefox is not null) await firefox.DisposeAsync();
            else { Kill(process); DeleteProfile(profile); }
            throw;
        }
    }

    /// <summary>Loads <paramref name="url"/> and waits for the page to be complete.</summary>
    public Task NavigateAsync(string url) =>
        SendAsync("browsingContext.navigate", new JsonObject { ["context"] = context, ["url"] = url, ["wait"] = "complete" });

    /// <summary>The value of a JavaScript expression (awaited when it is a promise), passed through JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("script.evaluate", new JsonObject
        {
            ["expression"] = $"(async () => JSON.stringify(await ({expression})))()",
            ["target"] = new JsonObject { ["context"] = context }, ["awaitPromise"] = true,
        });
        if (result["type"]?.GetValue<string>() == "exception")
            throw new InvalidOperationException($"script error in Firefox: {result["exceptionDetails"]?["text"]} ({expression})");
        var value = result["result"]!;
        return value["type"]!.GetValue<string>() == "string" ? JsonNode.Parse(value["value"]!.GetValue<string>()) : null;
    }

    /// <summary>Polls <paramref name="condition"/> (a JavaScript expression) until it is true; fails naming it after the timeout.</summary>
    public async Task WaitForAsync(string condition, int timeoutMs = 30_000)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if ((await EvaluateAsync($"!!({condition})"))?.GetValue<bool>() == true) return;
            if (deadline.ElapsedMilliseconds > timeoutMs) throw new TimeoutException($"Firefox: '{condition}' still false after {timeoutMs} ms");
            await Task.Delay(100);
        }
    }

    /// <summary>The centre of the element <paramref name="selector"/> finds, viewport CSS pixels.</summary>
    public async Task<(double X, double Y)> CentreOfAsync(string selector)
    {
        var box = await EvaluateAsync($"(() => {{ const r = document.querySelector({JsonSerializer.Serialize(selector)}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()");
        return (box![0]!.GetValue<double>(), box[1]!.GetValue<double>());
    }

    /// <summary>A mouse press at (x0, y0), moved in <paramref name="steps"/> to (x1, y1) and released: real pointer events.</summary>
    public Task DragAsync(double x0, double y0, double x1, double y1, int steps = 8)
    {
        var actions = new JsonArray { Move(x0, y0), new JsonObject { ["type"] = "pointerDown", ["button"] = 0 } };
        for (var i = 1; i <= steps; i++) actions.Add(Move(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps));
        actions.Add(new JsonObject { ["type"] = "pointerUp", ["button"] = 0 });
        return SendAsync("input.performActions", new JsonObject
        {
            ["context"] = context,
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "pointer", ["id"] = "mouse", ["parameters"] = new JsonObject { ["pointerType"] = "mouse" }, ["actions"] = actions,
            }),
        });

        static JsonObject Move(double x, double y) => new() { ["type"] = "pointerMove", ["x"] = (int)Math.Round(x), ["y"] = (int)Math.Round(y) };
    }

    /// <summary>A PNG of the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((await SendAsync("browsingContext.captureScreenshot", new JsonObject { ["context"] = context }))["data"]!.GetValue<string>());

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref lastId);
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        var bytes = Encoding.UTF8.GetBytes(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(90));
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var r = await socket.ReceiveAsync(buffer, stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (node["id"] is { } idNode && pending.TryRemove(idNode.GetValue<int>(), out var answer))
                {
                    if (node["type"]?.GetValue<string>() == "error") answer.TrySetException(new InvalidOperationException($"Firefox: {node["error"]}: {node["message"]}"));
                    else answer.TrySetResult(node["result"]!);
                }
                else if (node["method"]?.GetValue<string>() == "log.entryAdded" && node["params"]?["level"]?.GetValue<string>() == "error")
                    Errors.Enqueue(node["params"]!["text"]?.ToString() ?? "(error without text)");
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or JsonException) { }
        foreach (var p in pending.Values) p.TrySetException(new InvalidOperationException("Firefox closed the connection"));
    }

    public async ValueTask DisposeAsync()
    {
        try { if (socket.State == WebSocketState.Open) await SendAsync("session.end", new JsonObject()).WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException) { }
        stop.Cancel();
        // Whatever ended the receive loop, the browser and its profile go.
        try { await receiving; } catch (Exception e) when (e is OperationCanceledException or WebSocketException or JsonException or ObjectDisposedException) { }
        socket.Dispose();
        stop.Dispose();
        Kill(process);
        DeleteProfile(profile);
    }

    private static void DeleteProfile(string profile)
    {
        try { Directory.Delete(profile, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void Kill(Process process)
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); process.WaitForExit(10_000); }
        catch (InvalidOperationException) { }
        process.Dispose();
    }

    [GeneratedRegex(@"WebDriver BiDi listening on (ws://\S+)")]
    private static partial Regex Listening();
}
