using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Photopeak.Server.Tests;

/// <summary>The review page in a real browser (Debian's chromium driven by Playwright, no browser download): sign in, the
/// worklist, a simulated mIBG study, the heart ROI dragged, recompute, sign; a technologist cannot sign (issue 16).</summary>
public class ReviewPageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_physician_drags_the_heart_ROI_recomputes_sees_H_M_change_and_signs_and_a_technologist_cannot_sign()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync();
        var (testNode, study) = node;
        var url = $"http://127.0.0.1:{testNode.Node.Http!.Port}/";
        await using var launched = await Chromium.LaunchAsync(chromium);
        var browser = launched.Browser;
        var errors = new List<string>();
        var page = await Chromium.PageAsync(browser, 1400, 900, errors);
        await page.GotoAsync(url);
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        var row = page.Locator($"#worklist-table tr[data-study='{study}']");
        await row.WaitForAsync();
        Assert.Contains("mibg", await row.InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(row).ToContainTextAsync("draft v1");
        ScreenshotReference.AssertMatches(await page.Locator("#worklist-table").ScreenshotAsync(), "review-worklist", output);
        // The filters: status in the department's words, and the study date's range.
        await page.SelectOptionAsync("#worklist-status", "signed");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#worklist-empty")).ToHaveTextAsync("No study matches the filters.");
        await page.SelectOptionAsync("#worklist-status", "draft");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var studyDate = DateOnly.ParseExact(await row.Locator("td").Nth(2).InnerTextAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.FillAsync("#worklist-from", studyDate.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.FillAsync("#worklist-from", studyDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.FillAsync("#worklist-to", studyDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(row).ToHaveCountAsync(1);

        await row.ClickAsync();
        var heart = page.Locator("path[data-roi='heart'][data-image='early']");
        await heart.WaitForAsync();
        var before = Value(await page.Locator("#measurement-hm_early").InnerTextAsync());
        // The images with their automatic ROIs, as the analysis read them (seeded simulation: the same pixels every run).
        ScreenshotReference.AssertMatches(await page.Locator("#images").ScreenshotAsync(), "review-images", output);
        // Drag the early heart ROI 12 image pixels (48 screen pixels) towards the patient's right, off the heart.
        var box = (await heart.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2 - 48, box.Y + box.Height / 2, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        Assert.True(await page.Locator("#recompute").IsEnabledAsync());
        await page.ClickAsync("#recompute");
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("recomputed", new() { Timeout = 30_000 });
        var after = Value(await page.Locator("#measurement-hm_early").InnerTextAsync());
        output.WriteLine($"H/M early {before} → {after}");
        Assert.True(after < before - 0.1, $"H/M early {before} before, {after} after moving the heart ROI off the heart");

        // Typed but not saved: signing saves it first, so the signed report says what the physician saw.
        await page.FillAsync("#impression", "Reduced cardiac mIBG uptake (browser test).");
        // The simulated study has no indication: the page asks before signing with the documentation incomplete.
        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await page.ClickAsync("#sign");
        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("signed", new() { Timeout = 30_000 });
        Assert.Contains("Clinical indication", asked ?? "(no question asked)", StringComparison.Ordinal);
        Assert.Contains("signed by doctor", await page.Locator("#report-version").InnerTextAsync(), StringComparison.Ordinal);
        // Signed with its missing elements acknowledged, not stated: no empty statement fields are left to look at.
        Assert.Equal(0, await page.Locator("textarea[data-statement]").CountAsync());
        Assert.Contains("Reduced cardiac mIBG uptake (browser test).",
            await File.ReadAllTextAsync(Path.Combine(testNode.Node.Store.Root, "review", study, "versions", "1", "report.txt")), StringComparison.Ordinal);
        Assert.True(await page.Locator("#amend-box").IsVisibleAsync());
        await Screenshot(page, "viewer");
        Assert.Empty(errors);

        // A technologist sees the study but cannot sign: the button is off, and the API refuses the request itself.
        var tech = await browser.NewPageAsync();
        await tech.GotoAsync(url + $"#/study/{study}");
        await SignInAsync(tech, "tech", ReviewTests.TechPassword);
        await tech.Locator("path[data-roi='heart'][data-image='early']").WaitForAsync();
        Assert.True(await tech.Locator("#sign").IsDisabledAsync());
        // Signed: no rerun of its processing either (it is amended instead).
        Assert.False(await tech.Locator("#rerun").IsVisibleAsync());
        var status = await tech.EvaluateAsync<int>(@"async (study) => {
            const session = await (await fetch('/api/session')).json();
            const r = await fetch(`/api/studies/${study}/report/sign`, { method: 'POST', headers: { [session.csrfHeader]: session.csrfToken } });
            return r.status; }", study);
        Assert.Equal(403, status);
        var audit = await new Audit.AuditTrail(testNode.Node.Store.Index).AllAsync(CancellationToken.None);
        Assert.Contains(audit, e => e is { Action: "report-signed", UserName: "doctor", Outcome: "ok" });
        Assert.Contains(audit, e => e is { Action: "report-signed", UserName: "tech", Outcome: "denied" });
        Assert.Contains(audit, e => e is { Action: "rois-edited", UserName: "doctor", Outcome: "ok" });
    }

    [Fact]
    public async Task A_physician_states_what_the_documentation_check_misses_in_its_own_fields_and_signs_a_complete_report()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync();
        var (testNode, study) = node;
        await using var launched = await Chromium.LaunchAsync(chromium);
        var errors = new List<string>();
        var page = await Chromium.PageAsync(launched.Browser, 1400, 900, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        // mIBG asks for thyroid blockade and a qualitative interpretation, which no header carries: a field each.
        var thyroid = page.Locator("textarea[data-statement='thyroidBlockade']");
        await thyroid.WaitForAsync();
        await Assertions.Expect(page.Locator("textarea[data-statement='qualitativeInterpretation']")).ToHaveCountAsync(1);
        // The check follows the typing, before anything is saved.
        var indicationItem = page.Locator("#documentation li", new() { HasTextString = "Clinical indication" });
        await Assertions.Expect(indicationItem).ToHaveClassAsync("error");
        await page.FillAsync("#indication", "Heart failure, NYHA II; risk stratification.");
        await Assertions.Expect(indicationItem).ToHaveClassAsync("pending");
        await Assertions.Expect(indicationItem).ToContainTextAsync("typed, counted once saved");
        await thyroid.FillAsync("Potassium iodide 130 mg orally 1 h before injection");
        await page.FillAsync("textarea[data-statement='qualitativeInterpretation']", "Normal cardiac uptake, no regional defect");
        await Assertions.Expect(page.Locator("#documentation li").First).ToHaveTextAsync("complete once saved");
        await Screenshot(page, "statements");
        // Complete, so signing asks nothing: a dialog would be a failure.
        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.DismissAsync(); };
        await page.ClickAsync("#sign");
        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("signed", new() { Timeout = 30_000 });
        Assert.Null(asked);
        await Assertions.Expect(page.Locator("#documentation")).ToHaveTextAsync("complete");
        Assert.True(await thyroid.GetAttributeAsync("readonly") is not null, "a signed report's statements stay editable");
        // report.txt wraps its lines: compared with its whitespace folded.
        var text = System.Text.RegularExpressions.Regex.Replace(
            await File.ReadAllTextAsync(Path.Combine(testNode.Node.Store.Root, "review", study, "versions", "1", "report.txt")), @"\s+", " ");
        Assert.Contains("Thyroid blockade (stated by the physician): Potassium iodide 130 mg orally 1 h before injection.", text, StringComparison.Ordinal);
        Assert.Contains("Qualitative interpretation: Normal cardiac uptake, no regional defect.", text, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_physician_bends_the_heart_outline_by_a_vertex_and_the_recompute_takes_the_new_outline()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync();
        var (testNode, study) = node;
        static async Task<double[][]> HeartEarly(HttpClient client, string study) =>
            System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"api/studies/{study}/result"))!["rois"]!.AsArray()
                .Single(r => r!["name"]!.GetValue<string>() == "heart" && r["image"]!.GetValue<string>() == "early")!["points"]!.AsArray()
                .Select(p => p!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray();
        var (doctor, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        double[][] before;
        using (doctor) before = await HeartEarly(doctor, study);

        await using var launched = await Chromium.LaunchAsync(chromium);
        var errors = new List<string>();
        var page = await Chromium.PageAsync(launched.Browser, 1400, 900, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        var handle = page.Locator("circle.vertex[data-roi='heart'][data-image='early'][data-vertex='0']");
        await handle.WaitForAsync();
        var box = await handle.BoundingBoxAsync() ?? throw new InvalidOperationException("no vertex handle");
        // 24 screen pixels to the right: 8 image pixels at the 3× display of a 128² image.
        double x = box.X + box.Width / 2, y = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)x + 12, (float)y);
        await page.Mouse.MoveAsync((float)x + 24, (float)y);
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("ROIs edited: recompute to update the numbers");
        await page.ClickAsync("#recompute");
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("recomputed", new() { Timeout = 30_000 });
        Assert.Empty(errors);

        var (again, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        using (again)
        {
            var after = await HeartEarly(again, study);
            Assert.Equal(before.Length, after.Length);
            // The vertex moved with the pointer, its neighbours by the falloff, the far side not at all.
            Assert.InRange(after[0][1] - before[0][1], 7.5, 8.5);
            Assert.InRange(after[0][0] - before[0][0], -0.5, 0.5);
            Assert.InRange(after[3][1] - before[3][1], 0.6 * 8 * 0.9, 0.6 * 8 * 1.1);  // exp(−9/18) = 0.61
            Assert.Equal(before[36], after[36]);
        }
    }

    [Fact]
    public async Task A_physician_pulls_in_the_blood_pool_s_end_diastolic_LV_outline_on_its_frame_and_the_recompute_lowers_the_EF()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync(kind: "gated-blood-pool");
        var (testNode, study) = node;
        static Task<(double Lvef, string Image, double[][] Points, string Method)> LvEd(HttpClient client, string study) => OutlineAndLvefAsync(client, study, "lv.ed", "lvef_percent");
        var (doctor, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        (double Lvef, string Image, double[][] Points, string Method) before;
        using (doctor)
        {
            before = await LvEd(doctor, study);
            // The frames the ROIs lie on are offered to the review, named as the ROIs name them.
            var images = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/images"))!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();
            Assert.Contains(before.Image, images);
            Assert.All(images, name => Assert.StartsWith("frame ", name, StringComparison.Ordinal));
        }

        await using var launched = await Chromium.LaunchAsync(chromium);
        var errors = new List<string>();
        var page = await Chromium.PageAsync(launched.Browser, 1400, 900, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        // Vertex 0 pulled 40 % of the way towards the opposite side: the end-diastolic outline loses part of the LV.
        await PullVertexAndRecomputeAsync(page, "lv.ed", before.Image, before.Points.Length / 2 / 3 * 3, 0.4);
        Assert.Empty(errors);
        await Screenshot(page, "blood-pool");

        var (again, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        using (again)
        {
            var after = await LvEd(again, study);
            Assert.Equal(before.Image, after.Image);
            static double Area(double[][] p) => Procedures.Results.RoiDefinition.PolygonAreaPx2(p);
            Assert.True(Area(after.Points) < 0.95 * Area(before.Points), $"ED outline {Area(before.Points):0} px², after the pull {Area(after.Points):0} px²");
            // Fewer ED counts for the same ES counts: a lower EF.
            Assert.True(after.Lvef < before.Lvef - 1, $"LVEF {before.Lvef:0.0} % with the automatic outline, {after.Lvef:0.0} % with it pulled in");
        }
    }

    [Fact]
    public async Task A_physician_pulls_in_the_gated_perfusion_end_systolic_border_on_its_frame_and_the_recompute_raises_the_EF()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync(kind: "mpi-planar", options: new Simulation.Acquisitions.SimulationOptions { Seed = 21, GatedFrames = 8 });
        var (testNode, study) = node;
        static Task<(double Lvef, string Image, double[][] Points, string Method)> LvEs(HttpClient client, string study) => OutlineAndLvefAsync(client, study, "lv.es", "lvef_gated_percent");
        var (doctor, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        (double Lvef, string Image, double[][] Points, string Method) before;
        using (doctor)
        {
            before = await LvEs(doctor, study);
            // The gated frame the border lies on is offered to the review beside the perfusion images, named as the ROI names it.
            var images = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/images"))!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();
            Assert.Contains(before.Image, images);
            Assert.Contains("stress LAO 45", images);
            Assert.StartsWith("gated frame ", before.Image, StringComparison.Ordinal);
        }

        await using var launched = await Chromium.LaunchAsync(chromium);
        var errors = new List<string>();
        var page = await Chromium.PageAsync(launched.Browser, 1400, 900, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        await page.Locator($"path[data-roi='lv.es'][data-image='{before.Image}']").WaitForAsync();
        // With the scale linked (the default), the gated frames share one scale among themselves, not the static images' (a frame
        // holds an eighth of their counts): the frame's hottest pixel is drawn near white.
        Assert.True(await page.Locator("#linked").IsCheckedAsync());
        var brightest = await page.EvaluateAsync<int>(@"(name) => {
            const c = document.querySelector(`canvas[data-image='${name}']`);
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let top = 0;
            for (let i = 0; i < d.length; i += 4) top = Math.max(top, d[i]);
            return top; }", before.Image);
        Assert.True(brightest >= 200, $"the gated frame's hottest pixel is drawn at {brightest} of 255");
        // Vertex 0 pulled 30 % of the way towards the opposite side: the end-systolic cavity shrinks.
        await PullVertexAndRecomputeAsync(page, "lv.es", before.Image, before.Points.Length / 2, 0.3);
        Assert.Empty(errors);
        await Screenshot(page, "gated-perfusion");

        var (again, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        using (again)
        {
            var after = await LvEs(again, study);
            Assert.Equal(before.Image, after.Image);
            static double Area(double[][] p) => Procedures.Results.RoiDefinition.PolygonAreaPx2(p);
            Assert.True(Area(after.Points) < 0.97 * Area(before.Points), $"ES border {Area(before.Points):0} px², after the pull {Area(after.Points):0} px²");
            // A smaller end-systolic cavity for the same end-diastolic one: a higher EF, by the area–length formula.
            Assert.True(after.Lvef > before.Lvef + 1, $"LVEF {before.Lvef:0.0} % with the automatic border, {after.Lvef:0.0} % with it pulled in");
            Assert.Contains("edited by the user", after.Method, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_physician_erases_part_of_the_right_lung_outline_with_the_brush_and_the_split_follows()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync(kind: "lung-perfusion");
        var (testNode, study) = node;
        await using var launched = await Chromium.LaunchAsync(chromium);
        var browser = launched.Browser;
        var errors = new List<string>();
        var page = await Chromium.PageAsync(browser, 1400, 1000, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        // Perfusion ANT and POST (mirrored, so one outline fits both) with the two lungs drawn over each.
        var right = page.Locator("#study svg path.lung.right[data-image='perfusion-ant']");
        await right.WaitForAsync();
        Assert.Equal(2, await page.Locator("#study svg path.lung.right").CountAsync());
        Assert.True(await page.Locator("#lung-tools").IsVisibleAsync());
        var before = Value(await page.Locator("#measurement-lung_right_percent").InnerTextAsync());

        // Erase a band 9 pixels high across the middle of the right lung (the image's left).
        await page.SelectOptionAsync("#lung-brush", "erase");
        await page.Locator("#lung-brush-size").FillAsync("4");
        var box = await right.BoundingBoxAsync() ?? throw new InvalidOperationException("the right lung is not on screen");
        var y = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync(box.X - 10, y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width + 10, y, new() { Steps = 40 });
        await page.Mouse.UpAsync();
        Assert.Contains("edited", await page.Locator("#roi-state").InnerTextAsync(), StringComparison.Ordinal);
        await page.ClickAsync("#recompute");
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("recomputed", new() { Timeout = 30_000 });
        var after = Value(await page.Locator("#measurement-lung_right_percent").InnerTextAsync());
        output.WriteLine($"right lung {before} % → {after} %");
        Assert.True(after < before - 2, $"right lung {before} % before, {after} % after erasing a band of it");

        // What the page sent is what the procedure used: the spans in result.json lack the band and say they were edited.
        var (doctor, csrf) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        using (doctor)
        {
            var result = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!;
            Assert.Equal("yes", result["findings"]!["rois_edited"]!.GetValue<string>());
            // A lung outline off the matrix is refused with the reason, and the draft stays as it was.
            var bad = new System.Text.Json.Nodes.JsonObject
            {
                ["rois"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["rows"] = result["rois"]!["rows"]!.GetValue<int>(), ["columns"] = result["rois"]!["columns"]!.GetValue<int>(),
                    ["rightSpans"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonArray(5, 10, 4000)), ["leftSpans"] = new System.Text.Json.Nodes.JsonArray(),
                },
            };
            using var request = AccountsTests.Json(HttpMethod.Post, $"api/studies/{study}/rois", bad);
            request.Headers.Add("X-CSRF-TOKEN", csrf);
            using var refused = await doctor.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("lies outside", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await Screenshot(page, "lung");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_tumour_SPECT_shows_orthogonal_slices_through_each_lesion_with_one_linked_cursor()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync(kind: "tumour-spect");
        var (testNode, study) = node;
        var (doctor, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        System.Text.Json.Nodes.JsonNode volume, lesion;
        float[] voxels;
        using (doctor)
        {
            volume = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/volumes"))!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "day-1")!;
            var bytes = await doctor.GetByteArrayAsync($"api/studies/{study}/volumes/day-1");
            voxels = Enumerable.Range(0, bytes.Length / 4).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))).ToArray();
            var result = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!;
            lesion = result["findings"]!["lesions"]!.AsArray().First(l => l!["day"]!.GetValue<int>() == 1)!;
        }
        int[] size = [volume["sizeX"]!.GetValue<int>(), volume["sizeY"]!.GetValue<int>(), volume["sizeZ"]!.GetValue<int>()];
        Assert.Equal(size[0] * size[1] * size[2], voxels.Length);
        // The voxel of the lesion's centre (DICOM LPS; slice 0 the most superior), as volumes.json places the volume.
        double[] sign = [1, 1, -1];
        var expected = Enumerable.Range(0, 3).Select(a => (int)Math.Round(sign[a] * (lesion["centre_mm"]![a]!.GetValue<double>() - volume["centreMm"]![a]!.GetValue<double>())
            / volume["voxelMm"]![a]!.GetValue<double>() + (size[a] - 1) / 2.0)).ToArray();

        await using var launched = await Chromium.LaunchAsync(chromium);
        var browser = launched.Browser;
        var errors = new List<string>();
        var page = await Chromium.PageAsync(browser, 1400, 1200, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        await page.Locator("#slices-lesions button").First.WaitForAsync();
        await page.ClickAsync($"#slices-lesions button[data-lesion='{lesion["id"]!.GetValue<string>()}']");
        var label = await page.Locator("#slices-label").InnerTextAsync();
        output.WriteLine(label);
        Assert.StartsWith($"voxel {string.Join(", ", expected)} ·", label, StringComparison.Ordinal);
        Assert.Equal(expected[2].ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#slice-transaxial").GetAttributeAsync("data-slice"));
        Assert.Equal(expected[1].ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#slice-coronal").GetAttributeAsync("data-slice"));
        Assert.Equal(expected[0].ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#slice-sagittal").GetAttributeAsync("data-slice"));
        // The value shown is the served voxel's, and a lesion is hot: well above the body's typical voxel.
        var value = voxels[(expected[2] * size[1] + expected[1]) * size[0] + expected[0]];
        Assert.EndsWith($"value {value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}", label.Replace("e+", "E+", StringComparison.Ordinal), StringComparison.Ordinal);
        var hottest = voxels.Max();
        var body = voxels.Where(v => v > 0.05f * hottest).Order().ToArray();
        Assert.True(value > 2 * body[body.Length / 2], $"value {value} at the lesion, median body voxel {body[body.Length / 2]}");

        // A click a quarter of the way down the coronal view takes the transaxial view to that slice.
        var coronal = await page.Locator("#slice-coronal").BoundingBoxAsync() ?? throw new InvalidOperationException("no coronal view");
        await page.Mouse.ClickAsync(coronal.X + coronal.Width / 2, coronal.Y + coronal.Height * 0.25f + 0.5f);
        var z = (int)Math.Floor((coronal.Height * 0.25f + 0.5f) / coronal.Height * size[2]);
        Assert.Equal(z.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#slice-transaxial").GetAttributeAsync("data-slice"));
        await Screenshot(page, "slices");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_physician_moves_removes_and_adds_lesions_in_the_slices_and_the_recompute_measures_them()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync(kind: "tumour-spect");
        var (testNode, study) = node;
        var (doctor, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        System.Text.Json.Nodes.JsonArray before;
        using (doctor)
            before = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!["rois"]!.AsArray();
        var dayOne = before.Where(r => r!["image"]!.GetValue<string>() == "day 1 volume").Select(r => r!["name"]!.GetValue<string>()["lesion ".Length..]).ToList();
        Assert.True(dayOne.Count >= 2, $"the simulated study has {dayOne.Count} day-1 lesions; the test needs two");
        var (removed, moved) = (dayOne[0], dayOne[1]);
        var removedCentre = before.Single(r => r!["name"]!.GetValue<string>() == $"lesion {removed}")!["points"]![0]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        // Lesion ids are L1, L2…: the page adds the next number.
        var added = FormattableString.Invariant($"L{before.Select(r => int.Parse(r!["name"]!.GetValue<string>()["lesion L".Length..], System.Globalization.CultureInfo.InvariantCulture)).Max() + 1}");

        await using var launched = await Chromium.LaunchAsync(chromium);
        var errors = new List<string>();
        var page = await Chromium.PageAsync(launched.Browser, 1400, 1200, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        await page.Locator("#slices-lesions button").First.WaitForAsync();

        // Dragging a lesion's circle in the transaxial view moves it there (the slices go to it first).
        await page.ClickAsync($"#slices-lesions button[data-lesion='{moved}']");
        var circle = page.Locator($"#slices-viewer circle.lesion[data-lesion='{moved}'][data-view='transaxial']");
        var cx = double.Parse((await circle.GetAttributeAsync("cx"))!, System.Globalization.CultureInfo.InvariantCulture);
        var box = await circle.BoundingBoxAsync() ?? throw new InvalidOperationException("the lesion's circle is not drawn");
        // Grab the circle's stroke on its left edge and drag it 6 screen pixels right.
        await page.Mouse.MoveAsync(box.X + 1, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + 4, box.Y + box.Height / 2);
        await page.Mouse.MoveAsync(box.X + 7, box.Y + box.Height / 2);
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("lesions edited: recompute to measure them");
        var movedCx = double.Parse((await circle.GetAttributeAsync("cx"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(movedCx - cx, 5, 7);

        // The first lesion taken out and a new one put where it was.
        await page.ClickAsync($"#slices-lesions button[data-lesion='{removed}']");
        await page.ClickAsync($"#slices-lesions button[data-remove-lesion='{removed}']");
        await Assertions.Expect(page.Locator($"#slices-lesions button[data-lesion='{removed}']")).ToHaveCountAsync(0);
        await page.ClickAsync("#lesion-add");
        await Assertions.Expect(page.Locator($"#slices-lesions button[data-lesion='{added}']")).ToHaveCountAsync(1);
        await Screenshot(page, "lesions-edited");
        await page.ClickAsync("#recompute");
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("recomputed", new() { Timeout = 60_000 });

        await Assertions.Expect(page.Locator($"#slices-lesions button[data-lesion='{added}']")).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator($"#slices-lesions button[data-lesion='{removed}']").CountAsync());
        Assert.Empty(errors);

        var (again, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        using (again)
        {
            var result = System.Text.Json.Nodes.JsonNode.Parse(await again.GetStringAsync($"api/studies/{study}/result"))!;
            var rois = result["rois"]!.AsArray().ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!["points"]![0]!.AsArray().Select(v => v!.GetValue<double>()).ToArray());
            Assert.DoesNotContain($"lesion {removed}", rois.Keys);
            Assert.Contains($"lesion {moved}", rois.Keys);
            // The added lesion is measured where it was put: within its 10 mm search radius of the removed one's centre.
            var distance = Math.Sqrt(rois[$"lesion {added}"].Zip(removedCentre, (a, b) => (a - b) * (a - b)).Sum());
            Assert.True(distance <= 10, $"the added lesion was measured {distance:0.0} mm from where it was put");
            Assert.Equal(before.Count, result["measurements"]!["lesion_count"]!["value"]!.GetValue<double>());
            Assert.Contains(result["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("edited by the user", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_physician_drags_the_mIBG_SPECT_LV_apex_in_the_slices_and_the_recompute_reorients_along_the_edited_axis()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync(kind: "mibg-spect");
        var (testNode, study) = node;
        var (doctor, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        double[][] before;
        System.Text.Json.Nodes.JsonNode volume;
        using (doctor)
        {
            var result = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!;
            before = AxisPoints(result);
            Assert.StartsWith("automatic", result["methods"]!["spect_lv_axis"]!.GetValue<string>(), StringComparison.Ordinal);
            volume = System.Text.Json.Nodes.JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/volumes"))!.AsArray().Single()!;
        }
        // The page's scale: the volume's largest extent is drawn 300 screen pixels long at zoom 1.
        var extentMm = new[] { "sizeX", "sizeY", "sizeZ" }.Select((k, a) => volume[k]!.GetValue<int>() * volume["voxelMm"]![a]!.GetValue<double>()).Max();

        await using var launched = await Chromium.LaunchAsync(chromium);
        var errors = new List<string>();
        var page = await Chromium.PageAsync(launched.Browser, 1400, 1200, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        var apex = page.Locator("#slices-viewer circle.axis-end[data-end='apex'][data-view='coronal']");
        await apex.WaitForAsync();
        await Assertions.Expect(page.Locator("#slices-axis button[data-axis-end='base']")).ToHaveCountAsync(1);
        // The cardiac volume opens magnified on the heart.
        Assert.Equal("2", await page.Locator("#slices-zoom").InputValueAsync());
        var mmPerScreenPixel = extentMm / 300 / 2;

        // The apex handle in the coronal view dragged 8 screen pixels to the right: towards the patient's left (+x), within
        // the coronal plane, so y and z and the base stay.
        var box = await apex.BoundingBoxAsync() ?? throw new InvalidOperationException("the apex handle is not drawn");
        double x = box.X + box.Width / 2, y = box.Y + box.Height / 2;
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)x + 4, (float)y);
        await page.Mouse.MoveAsync((float)x + 8, (float)y);
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("LV axis edited: recompute to reorient the SPECT");
        await Assertions.Expect(page.Locator("#slices-viewer line.lv-axis.edited[data-view='transaxial']")).ToHaveCountAsync(1);
        await Screenshot(page, "lv-axis-edited");
        await page.ClickAsync("#recompute");
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("recomputed", new() { Timeout = 60_000 });
        Assert.Empty(errors);

        var (again, _) = await AccountsTests.SignInAsync(testNode, "doctor", ReviewTests.DoctorPassword);
        using (again)
        {
            var result = System.Text.Json.Nodes.JsonNode.Parse(await again.GetStringAsync($"api/studies/{study}/result"))!;
            var after = AxisPoints(result);
            Assert.StartsWith("edited", result["methods"]!["spect_lv_axis"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(before[0], after[0]);
            Assert.InRange(after[1][0] - before[1][0], 8 * mmPerScreenPixel - 0.6, 8 * mmPerScreenPixel + 0.6);
            Assert.InRange(after[1][1] - before[1][1], -0.15, 0.15);
            Assert.InRange(after[1][2] - before[1][2], -0.15, 0.15);
        }
    }

    private static double[][] AxisPoints(System.Text.Json.Nodes.JsonNode result) =>
        result["rois"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "lv_axis")!["points"]!.AsArray()
            .Select(p => p!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray();

    [Fact]
    public async Task A_failed_study_says_why_in_the_worklist_and_the_failed_filter_finds_it()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync();
        var (testNode, study) = node;
        // The study's job, as if it had failed (its reason as the loader words one).
        var index = testNode.Node.Store.Index;
        const string reason = "spect_bed2.dcm: (0054,0052) Rotation Information Sequence is missing; a SPECT bed needs its rotation to be reconstructed";
        var input = Jobs.StudyProcessor.InputHash(await index.InstancesAsync(study, CancellationToken.None));
        await index.ForgetFinishedJobsAsync(study, CancellationToken.None);
        Assert.True(await index.ClaimJobAsync(study, input, Jobs.StudyProcessor.PipelineVersion, "test-worker", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
        await index.FinishJobAsync(study, input, Jobs.StudyProcessor.PipelineVersion, Jobs.JobStatus.Failed, null, reason, CancellationToken.None);

        await using var launched = await Chromium.LaunchAsync(chromium);
        var errors = new List<string>();
        var page = await Chromium.PageAsync(launched.Browser, 1400, 900, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/");
        await SignInAsync(page, "tech", ReviewTests.TechPassword);
        var row = page.Locator($"#worklist-table tr[data-study='{study}']");
        await row.WaitForAsync();
        var cell = row.Locator("td").Nth(5);
        await Assertions.Expect(cell).ToContainTextAsync("failed: spect_bed2.dcm: (0054,0052) Rotation Information Sequence is missing");
        Assert.Equal(reason, await cell.GetAttributeAsync("title"));
        await page.SelectOptionAsync("#worklist-status", "failed");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#worklist-status", "draft");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_window_ends_and_the_colour_scales_change_the_drawn_pixels_as_a_reader_expects()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync();
        var (testNode, study) = node;
        await using var launched = await Chromium.LaunchAsync(chromium);
        var errors = new List<string>();
        var page = await Chromium.PageAsync(launched.Browser, 1400, 900, errors);
        await page.GotoAsync($"http://127.0.0.1:{testNode.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "doctor", ReviewTests.DoctorPassword);
        await page.Locator("path[data-roi='heart'][data-image='early']").WaitForAsync();

        // Shares of the early image's pixels that are black and that are white, and whether any is coloured (r ≠ b).
        async Task<(double Black, double White, bool Coloured)> Drawn(string control, string value)
        {
            var drawn = await page.EvaluateAsync<double[]>(@"([control, value]) => {
                const input = document.getElementById(control);
                input.value = value;
                input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input'));
                const c = document.querySelector(""canvas[data-image='early']"");
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let black = 0, white = 0, coloured = false;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i] + d[i + 1] + d[i + 2] === 0) black++;
                  if (d[i] === 255 && d[i + 1] === 255 && d[i + 2] === 255) white++;
                  if (d[i] !== d[i + 2]) coloured = true;
                }
                const n = c.width * c.height;
                return [black / n, white / n, coloured ? 1 : 0]; }", new[] { control, value });
            return (drawn[0], drawn[1], drawn[2] > 0);
        }
        var full = await Drawn("window", "100");
        var floored = await Drawn("floor", "50");
        Assert.True(floored.Black > full.Black + 0.3, $"lower end at 50 %: {floored.Black:P0} black, {full.Black:P0} before");
        await Drawn("floor", "0");
        var raised = await Drawn("window", "20");
        Assert.True(raised.White > full.White + 0.05, $"upper end at 20 %: {raised.White:P0} white, {full.White:P0} before");
        var inverted = await Drawn("colour", "inverted");
        Assert.Equal(raised.White, inverted.Black, 3);
        Assert.False(inverted.Coloured);
        var hot = await Drawn("colour", "hot");
        Assert.True(hot.Coloured, "the hot scale colours the image");

        // A draft's processing run again from the page: the node runs the job and the study comes back with its ROIs.
        Assert.True(await page.Locator("#rerun").IsVisibleAsync(), "a physician may rerun a draft's processing");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#rerun"),
            r => r.Url.EndsWith($"/api/studies/{study}/process", StringComparison.Ordinal), new() { Timeout = 60_000 });
        Assert.Equal(200, answer.Status);
        Assert.Equal("done", System.Text.Json.Nodes.JsonNode.Parse(await answer.TextAsync())!["status"]!.GetValue<string>());
        await Assertions.Expect(page.Locator("#rerun")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await page.Locator("path[data-roi='heart'][data-image='early']").WaitForAsync();
        Assert.Equal("", await page.Locator("#study-error").InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_admin_adds_a_user_unlocks_one_and_pages_the_audit_trail_and_a_technologist_sees_no_admin_page()
    {
        if (Chromium.Path() is not { } chromium) return;
        var folder = Directory.CreateTempSubdirectory("photopeak-node-");
        using (var index = Store.StoreIndex.Open(Store.IndexDatabase.Sqlite, folder.FullName))
        {
            await Accounts.NodeAccounts.AddAsync(index, "root", Accounts.NodeRole.Admin, "admin password 1");
            await Accounts.NodeAccounts.AddAsync(index, "tech", Accounts.NodeRole.Technologist, ReviewTests.TechPassword);
        }
        await using var node = await TestNode.StartAsync(processing: false, folder: folder, http: true);
        var url = $"http://127.0.0.1:{node.Node.Http!.Port}/";
        // The technologist locks the account with wrong passwords (through the API, as a script would).
        using (var http = node.Http())
            for (var i = 0; i < Accounts.NodeAccounts.MaxFailedAttempts; i++)
                using (await http.SendAsync(AccountsTests.Json(HttpMethod.Post, "api/session", new System.Text.Json.Nodes.JsonObject { ["userName"] = "tech", ["password"] = $"wrong {i}" }))) { }

        await using var launched = await Chromium.LaunchAsync(chromium);
        var browser = launched.Browser;
        var errors = new List<string>();
        var page = await Chromium.PageAsync(browser, 1400, 1000, errors, refusalsExpected: true);
        await page.GotoAsync(url);
        await SignInAsync(page, "root", "admin password 1");
        await page.ClickAsync("#nav-admin");
        var tech = page.Locator("#users-table tr[data-user='tech']");
        await tech.WaitForAsync();
        await tech.Locator("button", new() { HasText = "Unlock" }).ClickAsync();
        await Assertions.Expect(tech.Locator("button")).ToHaveCountAsync(0);

        await page.FillAsync("#user-name", "doctor2");
        await page.SelectOptionAsync("#user-role", "physician");
        await page.FillAsync("#user-password", "short");
        await page.ClickAsync("#user-add");
        await Assertions.Expect(page.Locator("#admin-error")).ToContainTextAsync("12");
        await page.FillAsync("#user-password", "a physician password");
        await page.ClickAsync("#user-add");
        await Assertions.Expect(page.Locator("#users-table tr[data-user='doctor2'] td").Nth(1)).ToHaveTextAsync("physician");
        // The trail, reloaded after each change, lists both actions beside the requests that made them.
        await Assertions.Expect(page.Locator("#audit-table tbody")).ToContainTextAsync("user-added");
        Assert.Contains("user-unlocked", await page.Locator("#audit-table tbody").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("events, newest first", await page.Locator("#audit-page").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshot(page, "admin");
        Assert.Equal("physician", (await Accounts.NodeAccounts.ListAsync(node.Node.Store.Index, CancellationToken.None)).Single(u => u.UserName == "doctor2").Role switch
        {
            Accounts.NodeRole.Physician => "physician",
            var other => other.ToString(),
        });

        // The unlocked technologist signs in, sees no Admin link, and the admin page itself says why it is empty.
        var techPage = await browser.NewPageAsync();
        techPage.PageError += (_, e) => errors.Add(e);
        await techPage.GotoAsync(url);
        await SignInAsync(techPage, "tech", ReviewTests.TechPassword);
        await techPage.Locator("#worklist").WaitForAsync();
        Assert.False(await techPage.Locator("#nav-admin").IsVisibleAsync());
        await techPage.GotoAsync(url + "#/admin");
        await Assertions.Expect(techPage.Locator("#admin-error")).ToContainTextAsync("technologist may not");
        Assert.Equal(0, await techPage.Locator("#users-table tbody tr").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_page_asks_for_a_sign_in_and_says_why_one_failed()
    {
        if (Chromium.Path() is not { } chromium) return;
        await using var node = await ReviewTests.StartWithStudyAsync();
        await using var launched = await Chromium.LaunchAsync(chromium);
        var browser = launched.Browser;
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync($"http://127.0.0.1:{node.Node.Node.Http!.Port}/");
        Assert.Contains("default-src 'self'", response!.Headers["content-security-policy"], StringComparison.Ordinal);
        await SignInAsync(page, "doctor", "not the password");
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("wrong user name or password");
        Assert.False(await page.Locator("#worklist").IsVisibleAsync());
    }

    [Fact]
    public async Task The_frames_of_a_gated_view_step_and_play_as_a_cine_labelled_by_their_time_slot()
    {
        if (Chromium.Path() is not { } chromium) return;
        var folder = Directory.CreateTempSubdirectory("photopeak-node-");
        using (var index = Store.StoreIndex.Open(Store.IndexDatabase.Sqlite, folder.FullName))
            await Accounts.NodeAccounts.AddAsync(index, "tech", Accounts.NodeRole.Technologist, ReviewTests.TechPassword);
        await using var node = await TestNode.StartAsync(processing: false, folder: folder, http: true);
        var source = Directory.CreateTempSubdirectory("photopeak-sim-");
        string study, gated;
        try
        {
            var files = Simulation.Acquisitions.Simulator.Write(Simulation.Acquisitions.Simulator.Simulate("mpi-planar",
                new Simulation.Acquisitions.SimulationOptions { Seed = 31, Reduced = true, GatedFrames = 8 }), source.FullName).Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
            await node.Client().StoreFilesAsync(files, CancellationToken.None);
            var gatedFile = Dicom.DicomFile.Open(files.Single(f => f.Contains("gated", StringComparison.Ordinal)));
            (study, gated) = (gatedFile.Dataset.GetString(Dicom.DicomTags.StudyInstanceUID)!, gatedFile.Dataset.GetString(Dicom.DicomTags.SOPInstanceUID)!);
        }
        finally { source.Delete(recursive: true); }

        await using var launched = await Chromium.LaunchAsync(chromium);
        var browser = launched.Browser;
        var errors = new List<string>();
        var page = await Chromium.PageAsync(browser, 1400, 1000, errors, refusalsExpected: true);
        await page.GotoAsync($"http://127.0.0.1:{node.Node.Http!.Port}/#/study/{study}");
        await SignInAsync(page, "tech", ReviewTests.TechPassword);
        // Not processed yet: the frames are there all the same.
        await Assertions.Expect(page.Locator("#study-error")).ToContainTextAsync("not processed");
        var option = page.Locator("#frames-instance option", new() { HasText = "gated" });
        await page.SelectOptionAsync("#frames-instance", await option.GetAttributeAsync("value") ?? "");
        // 3 energy windows × 8 time slots: the slider runs along the time slots of the window held.
        await Assertions.Expect(page.Locator("#frames-label")).ToHaveTextAsync("frame 1/8 · window 1 · time slot 1");
        await page.Locator("#frames-index").FillAsync("4");
        await Assertions.Expect(page.Locator("#frames-label")).ToHaveTextAsync("frame 5/8 · window 1 · time slot 5");
        await page.SelectOptionAsync("#frames-energyWindow", "2");
        await Assertions.Expect(page.Locator("#frames-label")).ToHaveTextAsync("frame 5/8 · window 2 · time slot 5");
        await page.ClickAsync("#frames-play");
        await Assertions.Expect(page.Locator("#frames-label")).Not.ToHaveTextAsync("frame 5/8 · window 2 · time slot 5");
        await page.ClickAsync("#frames-play");
        Assert.Equal("Play", await page.Locator("#frames-play").InnerTextAsync());
        // The montage lays the held window's 8 time slots side by side, labelled, in place of the single frame.
        await page.CheckAsync("#frames-montage");
        await Assertions.Expect(page.Locator("#frames-grid canvas")).ToHaveCountAsync(8);
        Assert.Equal(Enumerable.Range(1, 8).Select(t => $"time slot {t}"), await page.Locator("#frames-grid figcaption").AllInnerTextsAsync());
        Assert.False(await page.Locator("#frames-canvas").IsVisibleAsync());
        await page.SelectOptionAsync("#frames-energyWindow", "1");
        await Assertions.Expect(page.Locator("#frames-grid canvas").First).ToHaveAttributeAsync("data-frame", "0");
        await Screenshot(page, "frames");
        // This node leaves processing to workers: a rerun asked for here is queued for them (202), not run in the node.
        var rerun = await page.EvaluateAsync<System.Text.Json.JsonElement>(@"async (study) => {
            const session = await (await fetch('/api/session')).json();
            const r = await fetch(`/api/studies/${study}/process`, { method: 'POST', headers: { [session.csrfHeader]: session.csrfToken } });
            return { status: r.status, body: await r.json() }; }", study);
        Assert.Equal(202, rerun.GetProperty("status").GetInt32());
        Assert.Equal("queued", rerun.GetProperty("body").GetProperty("status").GetString());
        Assert.Empty(await node.Node.Store.Index.JobsAsync(study, CancellationToken.None));
        Assert.Empty(errors);

        // What the page drew is the study model's frames: each frame's sum is the DICOM frame's counts.
        using var http = node.Http();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"tech:{ReviewTests.TechPassword}")));
        var bytes = await http.GetByteArrayAsync($"api/studies/{study}/instances/{gated}/frames");
        var acquisition = Imaging.Studies.NmAcquisition.Open(node.Node.Store.PathOf((await node.Node.Store.Index.FindAsync(gated, CancellationToken.None))!));
        var size = acquisition.Rows!.Value * acquisition.Columns!.Value;
        Assert.Equal(acquisition.NumberOfFrames * size * 4, bytes.Length);
        Assert.Equal(24, acquisition.NumberOfFrames);
        for (var f = 0; f < acquisition.NumberOfFrames; f++)
        {
            var sent = 0.0;
            for (var i = 0; i < size; i++) sent += BitConverter.ToSingle(bytes, (f * size + i) * 4);
            Assert.Equal(acquisition.GetFrame(f).Pixels.Sum(v => (double)v), sent, 3);
        }
    }

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.FillAsync("#login-user", user);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("#login-submit");
    }

    private static double Value(string text) => double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);

    // From the study's result.json: an LVEF measurement (value, method) and the polygon ROI named `roi` (image, points).
    private static async Task<(double Lvef, string Image, double[][] Points, string Method)> OutlineAndLvefAsync(HttpClient client, string study, string roi, string lvefKey)
    {
        var result = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"api/studies/{study}/result"))!;
        var outline = result["rois"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == roi)!;
        var lvef = result["measurements"]![lvefKey]!;
        return (lvef["value"]!.GetValue<double>(), outline["image"]!.GetValue<string>(),
            outline["points"]!.AsArray().Select(p => p!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray(), lvef["method"]!.GetValue<string>());
    }

    // Drags vertex 0 of a polygon ROI the given share of the way towards vertex `towards`, in two mouse moves, as a reader pulls
    // an outline in, then recomputes from the page and waits for the numbers.
    private static async Task PullVertexAndRecomputeAsync(IPage page, string roi, string image, int towards, double share)
    {
        var from = page.Locator($"circle.vertex[data-roi='{roi}'][data-image='{image}'][data-vertex='0']");
        var opposite = page.Locator($"circle.vertex[data-roi='{roi}'][data-image='{image}'][data-vertex='{towards}']");
        await from.WaitForAsync();
        var a = await from.BoundingBoxAsync() ?? throw new InvalidOperationException("no vertex handle");
        var b = await opposite.BoundingBoxAsync() ?? throw new InvalidOperationException("no opposite vertex handle");
        double x = a.X + a.Width / 2, y = a.Y + a.Height / 2, dx = b.X - a.X, dy = b.Y - a.Y;
        await page.Mouse.MoveAsync((float)x, (float)y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(x + share / 2 * dx), (float)(y + share / 2 * dy));
        await page.Mouse.MoveAsync((float)(x + share * dx), (float)(y + share * dy));
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("ROIs edited: recompute to update the numbers");
        await page.ClickAsync("#recompute");
        await Assertions.Expect(page.Locator("#roi-state")).ToHaveTextAsync("recomputed", new() { Timeout = 30_000 });
    }

    private async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"photopeak-review-{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}

/// <summary>Debian's chromium, which the browser tests drive (Playwright's own download is not used). Missing: the test
/// returns early, or fails under CI=true, where every tool the tests need must be there.</summary>
internal static class Chromium
{
    public static string? Path()
    {
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            if (File.Exists(candidate)) return candidate;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "chromium is not installed (scripts/install-packages installs it)");
        return null;
    }

    /// <summary>Starts headless chromium at <paramref name="path"/> under Playwright; disposing it closes both.</summary>
    public static async Task<Launched> LaunchAsync(string path)
    {
        var playwright = await Playwright.CreateAsync();
        try { return new Launched(playwright, await playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = true, Args = ["--no-sandbox"] })); }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page of the given size whose script errors and console errors are added to <paramref name="errors"/>;
    /// with <paramref name="refusalsExpected"/> the console's notes of answers the test provokes (4xx) are not errors.</summary>
    public static async Task<IPage> PageAsync(IBrowser browser, int width, int height, List<string> errors, bool refusalsExpected = false)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !(refusalsExpected && m.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))) errors.Add(m.Text);
        };
        return page;
    }

    /// <summary>A running browser and its Playwright driver.</summary>
    public sealed class Launched(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public IBrowser Browser { get; } = browser;

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
