using System.Globalization;
using Xunit.Abstractions;

namespace Photopeak.Server.Tests;

/// <summary>The review page in Firefox (Debian's firefox-esr over WebDriver BiDi): the core of a physician's work, as in
/// chromium: sign in, the worklist, a simulated mIBG study drawn, the heart ROI dragged, recompute, H/M changed, signed (issue 16:
/// "the page works in Chromium and Firefox").</summary>
public class ReviewFirefoxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task In_Firefox_a_physician_opens_an_mIBG_study_drags_the_heart_ROI_the_recompute_changes_H_M_and_signs()
    {
        if (Firefox.Path() is not { } path) return;
        await using var node = await ReviewTests.StartWithStudyAsync();
        var (testNode, study) = node;
        await using var firefox = await Firefox.LaunchAsync(path, 1400, 900);
        await firefox.NavigateAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/");
        await SignInAsync(firefox);
        var row = $"#worklist-table tr[data-study='{study}']";
        await firefox.WaitForAsync($"document.querySelector(\"{row}\")");
        Assert.Contains("draft v1", (await firefox.EvaluateAsync($"document.querySelector(\"{row}\").textContent"))!.GetValue<string>(), StringComparison.Ordinal);
        await firefox.EvaluateAsync($"document.querySelector(\"{row}\").click()");

        var heart = "path[data-roi='heart'][data-image='early']";
        await firefox.WaitForAsync($"document.querySelector(\"{heart}\")");
        // The early image is painted from the served float frame: most of its canvas pixels are not black.
        var lit = await DrawnShareAsync(firefox, "canvas[data-image='early']");
        Assert.True(lit > 0.5, $"{lit:P0} of the early image's pixels are drawn");
        var before = Value((await firefox.EvaluateAsync("document.querySelector('#measurement-hm_early').textContent"))!.GetValue<string>());

        // The heart ROI dragged 48 screen pixels (12 image pixels) towards the patient's right, off the heart.
        var (x, y) = await firefox.CentreOfAsync(heart);
        await firefox.DragAsync(x, y, x - 48, y);
        await firefox.WaitForAsync("!document.querySelector('#recompute').disabled");
        await firefox.EvaluateAsync("document.querySelector('#recompute').click()");
        await firefox.WaitForAsync("document.querySelector('#roi-state').textContent === 'recomputed'", 60_000);
        var after = Value((await firefox.EvaluateAsync("document.querySelector('#measurement-hm_early').textContent"))!.GetValue<string>());
        output.WriteLine($"Firefox: H/M early {before} → {after}");
        Assert.True(after < before - 0.1, $"H/M early {before} before, {after} after moving the heart ROI off the heart");

        // Signed: the page's question about the missing indication is accepted, and the report freezes.
        await firefox.EvaluateAsync("(() => { const i = document.querySelector('#impression'); i.value = 'Reduced cardiac mIBG uptake (Firefox test).'; i.dispatchEvent(new Event('input')); })()");
        await firefox.EvaluateAsync("document.querySelector('#sign').click()");
        await firefox.WaitForAsync("document.querySelector('#report-status').textContent === 'signed'", 60_000);
        Assert.Contains("Reduced cardiac mIBG uptake (Firefox test).",
            await File.ReadAllTextAsync(Path.Combine(testNode.Node.Store.Root, "review", study, "versions", "1", "report.txt")), StringComparison.Ordinal);

        var screenshot = Path.Combine(Path.GetTempPath(), "photopeak-review-firefox.png");
        await File.WriteAllBytesAsync(screenshot, await firefox.ScreenshotAsync());
        output.WriteLine($"screenshot: {screenshot}");
        Assert.Empty(firefox.Errors);
    }

    [Fact]
    public async Task In_Firefox_the_slices_of_a_tumour_SPECT_are_drawn_and_a_lesion_takes_the_cursor_to_its_voxel()
    {
        if (Firefox.Path() is not { } path) return;
        await using var node = await ReviewTests.StartWithStudyAsync(kind: "tumour-spect");
        var (testNode, study) = node;
        var (doctor, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        System.Text.Json.Nodes.JsonNode volume, lesion;
        using (doctor)
        {
            volume = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/volumes"))!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "day-1")!;
            lesion = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!["findings"]!["lesions"]!.AsArray().First(l => l!["day"]!.GetValue<int>() == 1)!;
        }
        // The voxel of the lesion's centre (DICOM LPS; slice 0 the most superior), as volumes.json places the volume.
        int[] size = [volume["sizeX"]!.GetValue<int>(), volume["sizeY"]!.GetValue<int>(), volume["sizeZ"]!.GetValue<int>()];
        double[] sign = [1, 1, -1];
        var expected = Enumerable.Range(0, 3).Select(a => (int)Math.Round(sign[a] * (lesion["centre_mm"]![a]!.GetValue<double>() - volume["centreMm"]![a]!.GetValue<double>())
            / volume["voxelMm"]![a]!.GetValue<double>() + (size[a] - 1) / 2.0)).ToArray();

        await using var firefox = await Firefox.LaunchAsync(path, 1400, 1200);
        await firefox.NavigateAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(firefox);
        var button = $"#slices-lesions button[data-lesion='{lesion["id"]!.GetValue<string>()}']";
        await firefox.WaitForAsync($"document.querySelector(\"{button}\")");
        await firefox.EvaluateAsync($"document.querySelector(\"{button}\").click()");
        var label = (await firefox.EvaluateAsync("document.querySelector('#slices-label').textContent"))!.GetValue<string>();
        output.WriteLine(label);
        Assert.StartsWith($"voxel {string.Join(", ", expected)} ·", label, StringComparison.Ordinal);
        foreach (var view in new[] { "transaxial", "coronal", "sagittal" })
        {
            var lit = await DrawnShareAsync(firefox, $"#slice-{view}");
            Assert.True(lit > 0.2, $"{lit:P0} of the {view} slice's pixels are drawn");
        }
        var screenshot = Path.Combine(Path.GetTempPath(), "photopeak-review-firefox-slices.png");
        await File.WriteAllBytesAsync(screenshot, await firefox.ScreenshotAsync());
        output.WriteLine($"screenshot: {screenshot}");
        Assert.Empty(firefox.Errors);
    }

    // The share of a canvas's pixels that are not black: the served floats were painted.
    private static async Task<double> DrawnShareAsync(Firefox firefox, string canvas) => (await firefox.EvaluateAsync($$"""
        (() => { const c = document.querySelector({{System.Text.Json.JsonSerializer.Serialize(canvas)}});
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 0) n++;
          return n / (c.width * c.height); })()
        """))!.GetValue<double>();

    private static Task SignInAsync(Firefox firefox) => firefox.EvaluateAsync($$"""
        (async () => {
          while (!document.querySelector('#login-user')?.offsetParent) await new Promise((r) => setTimeout(r, 50));
          document.querySelector('#login-user').value = 'doctor';
          document.querySelector('#login-password').value = {{System.Text.Json.JsonSerializer.Serialize(ReviewTests.DoctorPassword)}};
          document.querySelector('#login-submit').click();
        })()
        """);

    private static double Value(string text) => double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
}
