using System.Net;
using System.Text.Json.Nodes;
using Photopeak.Dicom;
using Photopeak.Network.Dimse;
using Photopeak.Server.Accounts;
using Photopeak.Server.Reports;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Server.Tests;

/// <summary>The physician's review over the HTTP API (issue 16.4 and 16.5): ROI editing with recompute, report text, signing
/// (physicians only), and amendments once signed, every step audited.</summary>
public class ReviewTests
{
    internal const string DoctorPassword = "physician password";
    internal const string TechPassword = "technologist pass";

    [Fact]
    public async Task A_physician_moves_the_heart_ROI_and_H_M_changes_signs_and_the_signed_report_can_only_be_amended()
    {
        await using var node = await StartWithStudyAsync();
        var (node1, study) = node;
        var (doctor, csrf) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
        using (doctor)
        {
            Assert.Equal("draft", await ReportStatusAsync(doctor, study));
            var result = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!;
            var before = result["measurements"]!["hm_early"]!["value"]!.GetValue<double>();
            // Move the early heart ROI 12 pixels towards the patient's right (off the heart): H/M must fall.
            var rois = result["rois"]!.AsArray();
            var heart = rois.Single(r => r!["name"]!.GetValue<string>() == "heart" && r["image"]!.GetValue<string>() == "early")!;
            foreach (var point in heart["points"]!.AsArray()) point![1] = point[1]!.GetValue<double>() - 12;
            var state = await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/rois", new JsonObject { ["rois"] = rois.DeepClone() }, HttpStatusCode.OK);
            Assert.Equal("draft", state["status"]!.GetValue<string>());
            var after = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!["measurements"]!["hm_early"]!["value"]!.GetValue<double>();
            Assert.True(after < before - 0.1, $"H/M early {before} with the automatic ROI, {after} with the ROI moved off the heart");
            Assert.Contains("edited", JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!["measurements"]!["hm_early"]!["method"]!.GetValue<string>(),
                StringComparison.OrdinalIgnoreCase);

            state = await SendAsync(doctor, csrf, HttpMethod.Put, $"api/studies/{study}/report", new JsonObject { ["impression"] = "Reduced cardiac mIBG uptake (review test)." },
                HttpStatusCode.OK);
            Assert.Equal("Reduced cardiac mIBG uptake (review test).", state["impression"]!.GetValue<string>());

            // A technologist may not sign, through the API as anywhere.
            var (tech, techCsrf) = await AccountsTests.SignInAsync(node1, "tech", TechPassword);
            using (tech)
            {
                await SendAsync(tech, techCsrf, HttpMethod.Post, $"api/studies/{study}/report/sign", null, HttpStatusCode.Forbidden);
                // Nor edit the report's text or its ROIs: those are a physician's.
                await SendAsync(tech, techCsrf, HttpMethod.Put, $"api/studies/{study}/report", new JsonObject { ["impression"] = "by a technologist" }, HttpStatusCode.Forbidden);
                var techRois = JsonNode.Parse(await tech.GetStringAsync($"api/studies/{study}/result"))!["rois"]!.DeepClone();
                await SendAsync(tech, techCsrf, HttpMethod.Post, $"api/studies/{study}/rois", new JsonObject { ["rois"] = techRois }, HttpStatusCode.Forbidden);
            }
            Assert.Equal("Reduced cardiac mIBG uptake (review test).", (await SendAsync(doctor, csrf, HttpMethod.Get, $"api/studies/{study}/report", null, HttpStatusCode.OK))["impression"]!.GetValue<string>());

            // The documentation check lists what the codes need and the report lacks: a signature must acknowledge it.
            var refused = await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", null, HttpStatusCode.Conflict);
            Assert.Contains("Clinical indication", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("acknowledgeIncomplete", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("draft", await ReportStatusAsync(doctor, study));
            await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", new JsonObject { ["acknowledgeIncomplete"] = "yes" }, HttpStatusCode.Conflict);
            // The refusal says what is missing in a form a page acts on; acknowledging only part of it is no acknowledgement.
            Assert.Equal("documentation-incomplete", refused["code"]!.GetValue<string>());
            var missing = refused["missing"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
            Assert.Contains(missing, m => m.Contains("Clinical indication", StringComparison.Ordinal));
            Assert.True(missing.Count > 1, "the simulated mIBG study lacks more than one element");
            await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", new JsonObject { ["acknowledgedMissing"] = new JsonArray(missing.Skip(1).Select(m => (JsonNode)m!).ToArray()) }, HttpStatusCode.Conflict);
            await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", new JsonObject { ["acknowledgedMissing"] = "all" }, HttpStatusCode.BadRequest);
            state = await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", new JsonObject { ["acknowledgedMissing"] = new JsonArray(missing.Select(m => (JsonNode)m!).ToArray()) }, HttpStatusCode.OK);
            Assert.Equal("signed", state["status"]!.GetValue<string>());
            Assert.Equal("doctor", state["signer"]!.GetValue<string>());
            Assert.Equal("signed", await ReportStatusAsync(doctor, study));
            var text = await doctor.GetStringAsync($"api/studies/{study}/reports/report.txt");
            Assert.Contains("Electronically signed by doctor", text, StringComparison.Ordinal);
            Assert.Contains("Reduced cardiac mIBG uptake (review test).", text, StringComparison.Ordinal);
            Assert.DoesNotContain("DRAFT", text, StringComparison.Ordinal);

            // Signed: no edit, no second signature, no recompute.
            await SendAsync(doctor, csrf, HttpMethod.Put, $"api/studies/{study}/report", new JsonObject { ["impression"] = "changed" }, HttpStatusCode.Conflict);
            await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/rois", new JsonObject { ["rois"] = rois.DeepClone() }, HttpStatusCode.Conflict);
            await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", null, HttpStatusCode.Conflict);
            await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/amend", new JsonObject { ["reason"] = " " }, HttpStatusCode.BadRequest);

            state = await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/amend", new JsonObject { ["reason"] = "heart ROI redrawn" }, HttpStatusCode.OK);
            Assert.Equal(2, state["version"]!.GetValue<int>());
            Assert.Equal("draft", state["status"]!.GetValue<string>());
            Assert.Equal(1, state["amends"]!["version"]!.GetValue<int>());
            Assert.Equal(["signed", "draft"], state["versions"]!.AsArray().Select(v => v!["status"]!.GetValue<string>()));
            // Both kept: the signed version's files as signed, the amendment a draft that says what it amends.
            var signedText = await File.ReadAllTextAsync(Path.Combine(node1.Node.Store.Root, "review", study, "versions", "1", "report.txt"));
            Assert.Contains("Electronically signed by doctor", signedText, StringComparison.Ordinal);
            Assert.Contains("DRAFT", await doctor.GetStringAsync($"api/studies/{study}/reports/report.txt"), StringComparison.Ordinal);
            state = await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", Acknowledged, HttpStatusCode.OK);
            Assert.Equal(2, state["version"]!.GetValue<int>());
            Assert.Equal("amended", await ReportStatusAsync(doctor, study));
        }

        var audit = await new Audit.AuditTrail(node1.Node.Store.Index).AllAsync(CancellationToken.None);
        Assert.Contains(audit, e => e is { Action: "report-signed", UserName: "doctor", Outcome: "refused" } && e.Detail!.Contains("Clinical indication", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { Action: "report-signed", UserName: "doctor", Outcome: "ok" } && e.Detail!.Contains("documentation incomplete, acknowledged: Clinical indication", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { Action: "rois-edited", UserName: "doctor", Outcome: "ok" } && e.Object == study);
        Assert.Contains(audit, e => e is { Action: "report-edited", UserName: "doctor", Outcome: "ok" });
        Assert.Contains(audit, e => e is { Action: "report-signed", UserName: "tech", Outcome: "denied" });
        Assert.Equal(2, audit.Count(e => e is { Action: "report-signed", UserName: "doctor", Outcome: "ok" }));
        Assert.Contains(audit, e => e is { Action: "report-signed", Outcome: "refused" });
        Assert.Contains(audit, e => e is { Action: "report-amended", Outcome: "ok", Detail: "heart ROI redrawn" });
    }

    [Fact]
    public async Task A_technologist_reruns_a_draft_s_processing_which_keeps_the_physician_s_ROI_edit_and_a_signed_report_is_not_rerun()
    {
        await using var node = await StartWithStudyAsync();
        var (node1, study) = node;
        var (doctor, csrf) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
        var (tech, techCsrf) = await AccountsTests.SignInAsync(node1, "tech", TechPassword);
        using (doctor)
        using (tech)
        {
            var result = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!;
            var automatic = result["measurements"]!["hm_early"]!["value"]!.GetValue<double>();
            var rois = result["rois"]!.AsArray();
            var heart = rois.Single(r => r!["name"]!.GetValue<string>() == "heart" && r["image"]!.GetValue<string>() == "early")!;
            foreach (var point in heart["points"]!.AsArray()) point![1] = point[1]!.GetValue<double>() - 12;
            await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/rois", new JsonObject { ["rois"] = rois.DeepClone() }, HttpStatusCode.OK);
            var edited = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!["measurements"]!["hm_early"]!["value"]!.GetValue<double>();
            Assert.True(edited < automatic - 0.1);
            var jobBefore = (await node1.Node.Store.Index.JobsAsync(study, CancellationToken.None)).Single();

            // The rerun runs the study's job again now and answers with its outcome; the draft keeps the physician's ROI.
            var job = await SendAsync(tech, techCsrf, HttpMethod.Post, $"api/studies/{study}/process", null, HttpStatusCode.OK);
            Assert.Equal("done", job["status"]!.GetValue<string>());
            Assert.Equal("mibg", job["procedure"]!.GetValue<string>());
            var jobAfter = (await node1.Node.Store.Index.JobsAsync(study, CancellationToken.None)).Single();
            Assert.True(jobAfter.UpdatedUtc > jobBefore.UpdatedUtc, "the job ran again");
            Assert.Equal(edited, JsonNode.Parse(await tech.GetStringAsync($"api/studies/{study}/result"))!["measurements"]!["hm_early"]!["value"]!.GetValue<double>());
            Assert.Equal("draft", await ReportStatusAsync(doctor, study));

            // Signed: a rerun would not replace the report, so it is refused and said why.
            await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", Acknowledged, HttpStatusCode.OK);
            var refused = await SendAsync(tech, techCsrf, HttpMethod.Post, $"api/studies/{study}/process", null, HttpStatusCode.Conflict);
            Assert.Contains("amend", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
            await SendAsync(tech, techCsrf, HttpMethod.Post, $"api/studies/1.2.3.4/process", null, HttpStatusCode.NotFound);
        }
        var audit = await new Audit.AuditTrail(node1.Node.Store.Index).AllAsync(CancellationToken.None);
        Assert.Contains(audit, e => e is { Action: "processing-rerun", UserName: "tech", Outcome: "ok" });
        Assert.Contains(audit, e => e is { Action: "processing-rerun", UserName: "tech", Outcome: "refused" });
    }

    [Fact]
    public async Task Hostile_or_unusable_ROI_JSON_gets_a_400_with_the_reason_and_leaves_the_draft_as_it_was()
    {
        await using var node = await StartWithStudyAsync();
        var (node1, study) = node;
        var (doctor, csrf) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
        using (doctor)
        {
            var before = await doctor.GetStringAsync($"api/studies/{study}/result");
            foreach (var (body, reason) in new (JsonNode, string)[]
                     {
                         (new JsonObject { ["rois"] = "heart" }, "expected a JSON array of ROIs"),
                         (new JsonObject { ["rois"] = new JsonArray(new JsonObject { ["name"] = "heart" }) }, "ROI 1 is invalid"),
                         (new JsonObject { ["rois"] = new JsonArray(new JsonObject { ["name"] = "heart", ["image"] = "early", ["shape"] = "hexagon" }) }, "not a valid ROI file"),
                     })
            {
                using var request = AccountsTests.Json(HttpMethod.Post, $"api/studies/{study}/rois", body);
                request.Headers.Add("X-CSRF-TOKEN", csrf);
                using var response = await doctor.SendAsync(request);
                var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body.ToJsonString()}: {response.StatusCode} {error}");
                Assert.Contains(reason, error, StringComparison.Ordinal);
            }
            // Bodies that are not ROI files at all: not JSON, NaN (not JSON either), nesting past the reader's depth, coordinates
            // beyond any image, and a body over the ROI limit (1 MiB).
            var heart = JsonNode.Parse(before)!["rois"]!.AsArray().First(r => r!["name"]!.GetValue<string>() == "heart")!;
            var far = heart.DeepClone();
            far["points"] = new JsonArray(new JsonArray(1e300, 1e300), new JsonArray(-1e300, 1e300), new JsonArray(0, -1e300));
            foreach (var (raw, status, reason) in new (string, HttpStatusCode, string)[]
                     {
                         ("{\"rois\": [", HttpStatusCode.BadRequest, "not JSON"),
                         ("{\"rois\": [{\"name\": \"heart\", \"radius_mm\": NaN}]}", HttpStatusCode.BadRequest, "not JSON"),
                         ("{\"rois\": " + new string('[', 5000) + new string(']', 5000) + "}", HttpStatusCode.BadRequest, "not JSON"),
                         (new JsonObject { ["rois"] = new JsonArray(far) }.ToJsonString(), HttpStatusCode.BadRequest, "heart"),
                         ("{\"rois\": \"" + new string('x', 1_100_000) + "\"}", HttpStatusCode.RequestEntityTooLarge, "at most"),
                     })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"api/studies/{study}/rois") { Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add("X-CSRF-TOKEN", csrf);
                using var response = await doctor.SendAsync(request);
                var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
                Assert.True(response.StatusCode == status, $"{raw[..Math.Min(80, raw.Length)]}: {response.StatusCode} {error}");
                Assert.Contains(reason, error, StringComparison.Ordinal);
            }
            Assert.Equal(before, await doctor.GetStringAsync($"api/studies/{study}/result"));
        }
    }

    [Fact]
    public async Task Instances_arriving_after_signing_do_not_replace_the_signed_report()
    {
        await using var node = await StartWithStudyAsync();
        var (node1, study) = node;
        var (doctor, csrf) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
        using (doctor) await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", Acknowledged, HttpStatusCode.OK);
        var signedPdf = await File.ReadAllBytesAsync(Path.Combine(node1.Node.Store.ResultsFolder(study), "report.pdf"));

        var extra = Path.Combine(node1.Folder.FullName, "extra.dcm");
        TestInstances.WriteSmallNm(extra, study, DicomUid.Generate(), "PID-EXTRA", 1, 8, 3);
        await node1.Client().StoreFilesAsync([extra], CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Jobs.ProcessingJob? job = null;
        while (DateTime.UtcNow < deadline)
        {
            job = (await node1.Node.Store.Index.JobsAsync(study, CancellationToken.None)).FirstOrDefault(j => j.Message?.Contains("signed", StringComparison.Ordinal) == true);
            if (job is not null) break;
            await Task.Delay(200);
        }
        Assert.NotNull(job);
        Assert.Contains("amend", job!.Message, StringComparison.Ordinal);
        Assert.Equal(signedPdf, await File.ReadAllBytesAsync(Path.Combine(node1.Node.Store.ResultsFolder(study), "report.pdf")));
    }

    [Fact]
    public async Task Only_signed_versions_reach_the_PACS_each_as_its_own_document()
    {
        if (!ExternalTool.Require("storescp")) return;
        var port = LoopbackPort.Free();
        var received = Directory.CreateTempSubdirectory("photopeak-pacs-");
        using var pacs = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("storescp", ["-aet", "PACS", "-od", received.FullName, port.ToString()])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            await using var node = await StartWithStudyAsync([new Forwarding.ForwardDestination("PACS", "127.0.0.1", port)]);
            var (node1, study) = node;
            // A node with accounts keeps drafts to itself.
            await Task.Delay(1500);
            Assert.Empty(await node1.Node.Store.Index.ForwardsAsync(study, CancellationToken.None));

            var (doctor, csrf) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
            using (doctor)
            {
                await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", Acknowledged, HttpStatusCode.OK);
                await SentAsync(node1, study, 2);
                await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/amend", new JsonObject { ["reason"] = "impression reworded" }, HttpStatusCode.OK);
                await SendAsync(doctor, csrf, HttpMethod.Put, $"api/studies/{study}/report", new JsonObject { ["impression"] = "Normal cardiac sympathetic innervation." }, HttpStatusCode.OK);
                await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", Acknowledged, HttpStatusCode.OK);
                await SentAsync(node1, study, 4);
            }
            var forwards = await node1.Node.Store.Index.ForwardsAsync(study, CancellationToken.None);
            Assert.All(forwards, f => Assert.StartsWith(Path.Combine("review", study, "versions"), f.Path, StringComparison.Ordinal));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline && Directory.GetFiles(received.FullName).Length < 4) await Task.Delay(100);
            var reports = Directory.GetFiles(received.FullName).Select(DicomFile.Open)
                .Where(f => f.Dataset.GetString(DicomTags.SOPClassUID) == SopClassUids.EncapsulatedPdf).ToList();
            Assert.Equal(2, reports.Count);
            var signedUids = new[] { "1", "2" }.Select(v => DicomFile.Open(Path.Combine(node1.Node.Store.Root, "review", study, "versions", v, "report.dcm")).Dataset.GetString(DicomTags.SOPInstanceUID));
            Assert.Equal(signedUids.Order(), reports.Select(r => r.Dataset.GetString(DicomTags.SOPInstanceUID)).Order());
            // And each signed version's measurement SR, the one it stores.
            var srClasses = new[] { SopClassUids.BasicTextSR, SopClassUids.EnhancedSR, SopClassUids.ComprehensiveSR };
            var srs = Directory.GetFiles(received.FullName).Select(DicomFile.Open).Where(f => srClasses.Contains(f.Dataset.GetString(DicomTags.SOPClassUID))).ToList();
            var signedSrUids = new[] { "1", "2" }.Select(v => DicomFile.Open(Path.Combine(node1.Node.Store.Root, "review", study, "versions", v, "measurements.dcm")).Dataset.GetString(DicomTags.SOPInstanceUID));
            Assert.Equal(signedSrUids.Order(), srs.Select(r => r.Dataset.GetString(DicomTags.SOPInstanceUID)).Order());
        }
        finally
        {
            pacs.Kill(entireProcessTree: true);
            received.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_physician_s_statement_documents_an_element_no_header_carries_and_a_bad_one_is_refused_with_the_reason()
    {
        await using var node = await StartWithStudyAsync();
        var (node1, study) = node;
        var (doctor, csrf) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
        using (doctor)
        {
            var state = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/report"))!;
            var missing = state["documentationCheck"]!["missingElements"]!.AsArray();
            Assert.Contains(missing, m => m!["element"]!.GetValue<string>() == "thyroidBlockade" && m["statable"]!.GetValue<bool>());
            Assert.Contains(missing, m => m!["element"]!.GetValue<string>() == "indication" && !m["statable"]!.GetValue<bool>());

            state = await SendAsync(doctor, csrf, HttpMethod.Put, $"api/studies/{study}/report",
                new JsonObject { ["statements"] = new JsonObject { ["thyroidBlockade"] = "Potassium iodide 130 mg orally 1 h before injection" } }, HttpStatusCode.OK);
            Assert.DoesNotContain(state["documentationCheck"]!["missingElements"]!.AsArray(), m => m!["element"]!.GetValue<string>() == "thyroidBlockade");
            Assert.Equal("Potassium iodide 130 mg orally 1 h before injection", state["statements"]!["thyroidBlockade"]!["text"]!.GetValue<string>());
            // report.txt wraps its lines: compared with its whitespace folded.
            Assert.Contains("Thyroid blockade (stated by the physician): Potassium iodide 130 mg orally 1 h before injection.",
                System.Text.RegularExpressions.Regex.Replace(await doctor.GetStringAsync($"api/studies/{study}/reports/report.txt"), @"\s+", " "), StringComparison.Ordinal);
            // Text alone leaves the statements as they are.
            state = await SendAsync(doctor, csrf, HttpMethod.Put, $"api/studies/{study}/report", new JsonObject { ["impression"] = "Normal." }, HttpStatusCode.OK);
            Assert.NotNull(state["statements"]!["thyroidBlockade"]);

            // A measurement is not the physician's to state, nor is a number a statement.
            var refused = await SendAsync(doctor, csrf, HttpMethod.Put, $"api/studies/{study}/report",
                new JsonObject { ["statements"] = new JsonObject { ["heartToMediastinumLate"] = "2.1" } }, HttpStatusCode.BadRequest);
            Assert.Contains("heartToMediastinumLate", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
            await SendAsync(doctor, csrf, HttpMethod.Put, $"api/studies/{study}/report",
                new JsonObject { ["statements"] = new JsonObject { ["thyroidBlockade"] = 130 } }, HttpStatusCode.BadRequest);

            // Withdrawn (null), the element is missing again.
            state = await SendAsync(doctor, csrf, HttpMethod.Put, $"api/studies/{study}/report",
                new JsonObject { ["statements"] = new JsonObject { ["thyroidBlockade"] = null } }, HttpStatusCode.OK);
            Assert.Contains(state["documentationCheck"]!["missingElements"]!.AsArray(), m => m!["element"]!.GetValue<string>() == "thyroidBlockade");
            Assert.Null(state["statements"]!["thyroidBlockade"]);
        }
        var audit = await new Audit.AuditTrail(node1.Node.Store.Index).AllAsync(CancellationToken.None);
        Assert.Contains(audit, e => e is { Action: "report-edited", Outcome: "ok", Detail: "stated: thyroidBlockade" });
        Assert.Contains(audit, e => e is { Action: "report-edited", Outcome: "ok", Detail: "withdrawn: thyroidBlockade" });
    }

    [Fact]
    public async Task A_change_waits_while_another_process_holds_the_study_s_review_lease()
    {
        await using var node = await StartWithStudyAsync();
        var (node1, study) = node;
        var index = node1.Node.Store.Index;
        // Another process (a worker sharing the index) holds the lease.
        await index.ExecuteAsync("INSERT INTO review_locks (study_instance_uid, owner, expires_utc) VALUES (@p0, 'worker-2', @p1)",
            [study, DateTimeOffset.UtcNow.AddMinutes(5).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)], CancellationToken.None);
        var (doctor, csrf) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
        using (doctor)
        {
            var signing = SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{study}/report/sign", Acknowledged, HttpStatusCode.OK);
            await Task.Delay(1500);
            Assert.False(signing.IsCompleted, "the signature went ahead while another process held the study's lease");
            await index.ExecuteAsync("DELETE FROM review_locks WHERE owner = 'worker-2'", [], CancellationToken.None);
            Assert.Equal("signed", (await signing.WaitAsync(TimeSpan.FromSeconds(60)))["status"]!.GetValue<string>());
        }
        Assert.Empty(await index.ReadAsync("SELECT owner FROM review_locks", [], r => r.GetString(0), CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_left_by_a_dead_process_expires_and_a_change_that_waits_too_long_is_told_the_study_is_busy()
    {
        await using var node = await StartWithStudyAsync();
        var (node1, study) = node;
        var index = node1.Node.Store.Index;
        string Utc(TimeSpan fromNow) => (DateTimeOffset.UtcNow + fromNow).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        // A worker that died holding the lease: once it has expired the next change takes it at once.
        await index.ExecuteAsync("INSERT INTO review_locks (study_instance_uid, owner, expires_utc) VALUES (@p0, 'dead-worker', @p1)", [study, Utc(TimeSpan.FromSeconds(-1))], CancellationToken.None);
        var review = new ReportReview(node1.Node.Store) { ChangeWait = TimeSpan.FromSeconds(1) };
        await review.EditTextAsync(study, "Palpitations.", null, CancellationToken.None);
        Assert.Equal("Palpitations.", review.EditedText(study).Indication);

        // A live lease held past the wait: the change is refused, not queued without end, and nothing is changed.
        await index.ExecuteAsync("INSERT INTO review_locks (study_instance_uid, owner, expires_utc) VALUES (@p0, 'worker-2', @p1)", [study, Utc(ReviewLock.Lease)], CancellationToken.None);
        var started = DateTime.UtcNow;
        var busy = await Assert.ThrowsAsync<ReviewBusyException>(() => review.EditTextAsync(study, "Syncope.", null, CancellationToken.None));
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.9, 10);
        Assert.Contains(study, busy.Message, StringComparison.Ordinal);
        Assert.Equal("Palpitations.", review.EditedText(study).Indication);
        Assert.Equal(["worker-2"], await index.ReadAsync("SELECT owner FROM review_locks", [], r => r.GetString(0), CancellationToken.None));
    }

    [Fact]
    public async Task A_node_queues_again_at_start_a_signed_version_whose_queuing_was_lost()
    {
        var (node, pacs, queued) = await SignedWhileThePacsIsDownAsync();
        await using var _ = node;
        var (node1, study) = node;
        var index = node1.Node.Store.Index;
        Assert.Equal(2, queued.Count);
        Assert.All(queued, path => Assert.Contains(Path.Combine("versions", "1"), path, StringComparison.Ordinal));

        // A crash between the signature and its queuing.
        await index.ExecuteAsync("DELETE FROM forwards", [], CancellationToken.None);
        await using (var forwarder = new Forwarding.Forwarder(node1.Node.Store, [pacs], "PHOTOPEAK", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
            await new ReportReview(node1.Node.Store, forwarder).RequeueSignedAsync(CancellationToken.None);
        Assert.Equal(queued, (await index.ForwardsAsync(study, CancellationToken.None)).Select(f => f.Path).Order().ToList());
    }

    [Fact]
    public async Task A_node_finishes_at_start_a_signature_cut_short_before_its_folder_was_named_and_sends_no_history_to_a_new_destination()
    {
        var (node, pacs, queued) = await SignedWhileThePacsIsDownAsync();
        await using var _ = node;
        var (node1, study) = node;
        var index = node1.Node.Store.Index;

        // A crash after the database recorded the signature, before the staged folder took its name and was queued.
        var review = new ReportReview(node1.Node.Store);
        var folder = review.VersionFolder(study, 1);
        Directory.Move(folder, folder + ".part");
        await index.ExecuteAsync("DELETE FROM forwards", [], CancellationToken.None);
        var archive = new Forwarding.ForwardDestination("ARCHIVE", "127.0.0.1", LoopbackPort.Free());
        await using (var forwarder = new Forwarding.Forwarder(node1.Node.Store, [pacs, archive], "PHOTOPEAK", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
            await new ReportReview(node1.Node.Store, forwarder).RequeueSignedAsync(CancellationToken.None, (s, e) => Assert.Fail($"{s}: {e}"));
        Assert.True(File.Exists(Path.Combine(folder, "report.dcm")), "the staged signed version was not named");
        Assert.False(Directory.Exists(folder + ".part"));
        // Never queued before, it goes to every destination the node has now.
        Assert.Equal(2 * queued.Count, (await index.ForwardsAsync(study, CancellationToken.None)).Count);

        // Once queued, a destination added later does not get it: the start-up requeue only restores lost queuing.
        var later = new Forwarding.ForwardDestination("LATER", "127.0.0.1", LoopbackPort.Free());
        await using (var forwarder = new Forwarding.Forwarder(node1.Node.Store, [pacs, later], "PHOTOPEAK", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
            await new ReportReview(node1.Node.Store, forwarder).RequeueSignedAsync(CancellationToken.None);
        var forwards = await index.ForwardsAsync(study, CancellationToken.None);
        Assert.DoesNotContain(forwards, f => f.Destination == later.ToString());
        Assert.Equal(queued, forwards.Where(f => f.Destination == pacs.ToString()).Select(f => f.Path).Order().ToList());
    }

    [Fact]
    public async Task A_review_lease_is_renewed_while_held_and_a_lost_one_is_never_committed_under()
    {
        await using var node = await StartWithStudyAsync();
        var (node1, study) = node;
        var index = node1.Node.Store.Index;
        // Long enough that a renewal delayed by a loaded machine (parallel browser tests) still comes in time.
        var locks = new ReviewLock(index) { Length = TimeSpan.FromSeconds(3) };
        await using (var lease = await locks.TakeAsync(study, TimeSpan.FromSeconds(1), CancellationToken.None))
        {
            // Held past its length, it was renewed: another process still finds it taken.
            await Task.Delay(4500);
            Assert.False(lease.Lost);
            var expires = DateTimeOffset.Parse((await index.ReadAsync("SELECT expires_utc FROM review_locks", [], r => r.GetString(0), CancellationToken.None)).Single(),
                System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(expires > DateTimeOffset.UtcNow, $"the lease ran out at {expires:O} though its holder is alive");
            await lease.ConfirmAsync(CancellationToken.None);

            // This process stalled, the lease expired and another took it: renewal notices, and a commit is refused.
            await index.ExecuteAsync("UPDATE review_locks SET owner = 'worker-2' WHERE study_instance_uid = @p0", [study], CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (!lease.Lost && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.True(lease.Lost, "a renewal that found another owner did not mark the lease lost");
            await Assert.ThrowsAsync<ReviewBusyException>(() => lease.ConfirmAsync(CancellationToken.None));
        }
        // Giving a lost lease back leaves the other owner's lease alone.
        Assert.Equal(["worker-2"], await index.ReadAsync("SELECT owner FROM review_locks", [], r => r.GetString(0), CancellationToken.None));
        await index.ExecuteAsync("DELETE FROM review_locks", [], CancellationToken.None);

        // A signature whose process lost the lease just before its commit: the commit itself checks the lease, so the version
        // stays a draft and the signer is told the study is busy.
        var review = new ReportReview(node1.Node.Store)
        {
            BeforeSignatureCommit = () => index.ExecuteAsync("UPDATE review_locks SET owner = 'worker-3' WHERE study_instance_uid = @p0", [study], CancellationToken.None),
        };
        await Assert.ThrowsAsync<ReviewBusyException>(() => review.SignAsync(study, "doctor", CancellationToken.None, acknowledgeIncomplete: true));
        Assert.All(await review.VersionsAsync(study, CancellationToken.None), v => Assert.False(v.Signed));
        Assert.False(Directory.Exists(review.VersionFolder(study, 1)) || Directory.Exists(review.VersionFolder(study, 1) + ".part"), "a signature that did not commit left its files");
    }

    [Fact]
    public async Task A_first_pass_offers_each_ventricle_s_outline_on_the_ED_image_of_its_own_cycle()
    {
        await using var node = await StartWithStudyAsync(kind: "first-pass");
        var (node1, study) = node;
        var (doctor, _) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
        using (doctor)
        {
            var images = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/images"))!.AsArray();
            var rois = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/result"))!["rois"]!.AsArray();
            // Every outline lies on an offered image, and the two ventricles on different ones.
            var on = rois.ToDictionary(r => r!["name"]!.GetValue<string>(), r => r!["image"]!.GetValue<string>());
            Assert.Equal(["lv.ed", "rv.ed"], on.Keys.Order());
            Assert.NotEqual(on["lv.ed"], on["rv.ed"]);
            Assert.Equal(on.Values.Order(), images.Select(i => i!["name"]!.GetValue<string>()).Order());
            var lv = images.Single(i => i!["name"]!.GetValue<string>() == on["lv.ed"])!;
            var bytes = await doctor.GetByteArrayAsync($"api/studies/{study}/images/{Uri.EscapeDataString(on["lv.ed"])}");
            Assert.Equal(4 * lv["rows"]!.GetValue<int>() * lv["columns"]!.GetValue<int>(), bytes.Length);
        }
    }

    [Fact]
    public async Task An_mIBG_SPECT_study_offers_its_polar_map_and_reconstructed_volume_to_the_review()
    {
        await using var node = await StartWithStudyAsync(kind: "mibg-spect");
        var (node1, study) = node;
        var (doctor, _) = await AccountsTests.SignInAsync(node1, "doctor", DoctorPassword);
        using (doctor)
        {
            var images = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/images"))!.AsArray();
            Assert.Equal(["early", "late", "polar-map"], images.Select(i => i!["name"]!.GetValue<string>()).Order());
            var polar = images.Single(i => i!["name"]!.GetValue<string>() == "polar-map")!;
            Assert.Equal(128, polar["rows"]!.GetValue<int>());
            var bytes = await doctor.GetByteArrayAsync($"api/studies/{study}/images/polar-map");
            float At(int x, int y) => System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((y * 128 + x) * 4));
            Assert.Equal(0f, At(0, 0));       // outside the bull's-eye
            Assert.True(At(64, 64) > 0 && At(64, 8) > 0 && At(8, 64) > 0, "the bull's-eye holds the myocardium's samples");

            var volume = JsonNode.Parse(await doctor.GetStringAsync($"api/studies/{study}/volumes"))!.AsArray().Single()!;
            Assert.Equal("spect", volume["name"]!.GetValue<string>());
            var voxels = await doctor.GetByteArrayAsync($"api/studies/{study}/volumes/spect");
            Assert.Equal(4L * volume["sizeX"]!.GetValue<int>() * volume["sizeY"]!.GetValue<int>() * volume["sizeZ"]!.GetValue<int>(), voxels.Length);
            using var missing = await doctor.GetAsync($"api/studies/{study}/volumes/..%2F..%2Fkeys");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    // A node forwarding to a PACS that is down (nothing listens), its study signed: the signed documents stay queued, and
    // their paths are returned.
    private static async Task<(NodeWithStudy Node, Forwarding.ForwardDestination Pacs, List<string> Queued)> SignedWhileThePacsIsDownAsync()
    {
        var pacs = new Forwarding.ForwardDestination("PACS", "127.0.0.1", LoopbackPort.Free());
        var node = await StartWithStudyAsync([pacs]);
        var (doctor, csrf) = await AccountsTests.SignInAsync(node.Node, "doctor", DoctorPassword);
        using (doctor) await SendAsync(doctor, csrf, HttpMethod.Post, $"api/studies/{node.Study}/report/sign", Acknowledged, HttpStatusCode.OK);
        var queued = (await node.Node.Node.Store.Index.ForwardsAsync(node.Study, CancellationToken.None)).Select(f => f.Path).Order().ToList();
        return (node, pacs, queued);
    }

    private static async Task SentAsync(TestNode node, string study, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<(string Destination, string Path, string Status, int Attempts, string? Message)> forwards = [];
        while (DateTime.UtcNow < deadline && ((forwards = await node.Node.Store.Index.ForwardsAsync(study, CancellationToken.None)).Count < count || forwards.Any(f => f.Status != "sent")))
            await Task.Delay(200);
        Assert.True(forwards.Count == count && forwards.All(f => f.Status == "sent"), string.Join("; ", forwards.Select(f => $"{f.Path}: {f.Status} {f.Message}")));
    }

    // A node with a technologist and a physician, holding a processed simulated study (mIBG unless told).
    internal static async Task<NodeWithStudy> StartWithStudyAsync(IReadOnlyList<Forwarding.ForwardDestination>? forward = null, string kind = "mibg-planar",
        SimulationOptions? options = null)
    {
        var folder = Directory.CreateTempSubdirectory("photopeak-node-");
        using (var index = Store.StoreIndex.Open(Store.IndexDatabase.Sqlite, folder.FullName))
        {
            await NodeAccounts.AddAsync(index, "doctor", NodeRole.Physician, DoctorPassword);
            await NodeAccounts.AddAsync(index, "tech", NodeRole.Technologist, TechPassword);
        }
        // A quiet time of 2 s, not 0.3: under CI load the files of one association can arrive further apart than that, and a
        // job on part of the study is followed by a second one. 240 s: a tumour SPECT took over 90 s to process beside the
        // procedure tests on the 2-core CI machine (27 s alone).
        var node = await TestNode.StartAsync(quietSeconds: 2, folder: folder, http: true, forward: forward);
        var source = Directory.CreateTempSubdirectory("photopeak-sim-");
        try
        {
            var files = Simulator.Write(Simulator.Simulate(kind, options ?? new SimulationOptions { Seed = 21 }), source.FullName)
                .Where(f => f.EndsWith(".dcm", StringComparison.Ordinal)).ToList();
            Assert.All(await node.Client("CAMERA").StoreFilesAsync(files, CancellationToken.None), s => Assert.Equal(DimseStatus.Success, s.Status));
            var study = DicomFile.Open(files[0]).Dataset.GetString(DicomTags.StudyInstanceUID)!;
            await node.WaitForResultAsync(study, TimeSpan.FromSeconds(240));
            return new NodeWithStudy(node, study);
        }
        finally { source.Delete(recursive: true); }
    }

    // The worklist's report status of the study.
    private static async Task<string> ReportStatusAsync(HttpClient client, string study) =>
        JsonNode.Parse(await client.GetStringAsync("api/studies"))!.AsArray().Single(s => s!["studyInstanceUid"]!.GetValue<string>() == study)!["report"]!["status"]!.GetValue<string>();

    // A signature that acknowledges the documentation check's missing elements (the simulated studies lack an indication).
    private static JsonObject Acknowledged => new() { ["acknowledgeIncomplete"] = true };

    private static async Task<JsonNode> SendAsync(HttpClient client, string csrf, HttpMethod method, string path, JsonNode? body, HttpStatusCode expected)
    {
        using var request = body is null ? new HttpRequestMessage(method, path) : AccountsTests.Json(method, path, body);
        request.Headers.Add("X-CSRF-TOKEN", csrf);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {response.StatusCode}, expected {expected}: {text}");
        return JsonNode.Parse(text)!;
    }

    internal sealed record NodeWithStudy(TestNode Node, string Study) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Node.DisposeAsync();
    }
}
