using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Photopeak.Dicom;
using Photopeak.Server.Accounts;

namespace Photopeak.Server.Tests;

/// <summary>Accounts, roles, sessions and the audit trail of the node's HTTP API (issue 16.1), over real Kestrel on loopback
/// with ASP.NET Core Identity on the node's own index.</summary>
public class AccountsTests
{
    private const string AdminPassword = "admin password 1";
    private const string TechPassword = "technologist pass";

    [Fact]
    public async Task A_node_with_accounts_refuses_requests_without_credentials_and_serves_a_session_or_Basic_credentials()
    {
        await using var node = await StartWithAccountsAsync();
        using var anonymous = node.Http();
        foreach (var path in new[] { "api/studies", "dicom-web/studies", "api/audit", "api/users" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {response.StatusCode}");
            Assert.Contains("sign in", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        using (var dicomWeb = await anonymous.GetAsync("dicom-web/studies"))
            Assert.Equal("Basic", dicomWeb.Headers.WwwAuthenticate.Single().Scheme);

        var (session, _) = await SignInAsync(node, "tech", TechPassword);
        using (session)
        using (var studies = await session.GetAsync("api/studies")) Assert.Equal(HttpStatusCode.OK, studies.StatusCode);

        using var script = node.Http();
        script.DefaultRequestHeaders.Authorization = Basic("tech", TechPassword);
        using (var studies = await script.GetAsync("dicom-web/studies")) Assert.Equal(HttpStatusCode.OK, studies.StatusCode);
        script.DefaultRequestHeaders.Authorization = Basic("tech", "not the password");
        using (var wrong = await script.GetAsync("api/studies")) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_even_against_the_right_one_until_an_admin_unlocks_it()
    {
        await using var node = await StartWithAccountsAsync();
        using var http = node.Http();
        for (var i = 0; i < NodeAccounts.MaxFailedAttempts; i++)
        {
            using var wrong = await PostJsonAsync(http, "api/session", new JsonObject { ["userName"] = "tech", ["password"] = $"wrong password {i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using (var locked = await PostJsonAsync(http, "api/session", new JsonObject { ["userName"] = "tech", ["password"] = TechPassword }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
            Assert.Contains("locked", JsonNode.Parse(await locked.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        // Basic credentials are refused as well: lockout is the account's, not the session's.
        http.DefaultRequestHeaders.Authorization = Basic("tech", TechPassword);
        using (var basic = await http.GetAsync("api/studies")) Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        http.DefaultRequestHeaders.Authorization = null;

        var (admin, csrf) = await SignInAsync(node, "admin", AdminPassword);
        using (admin)
        {
            var users = JsonNode.Parse(await admin.GetStringAsync("api/users"))!.AsArray();
            Assert.NotNull(users.Single(u => u!["userName"]!.GetValue<string>() == "tech")!["lockedUntil"]);
            using var unlock = new HttpRequestMessage(HttpMethod.Post, "api/users/tech/unlock");
            unlock.Headers.Add("X-CSRF-TOKEN", csrf);
            using (var unlocked = await admin.SendAsync(unlock)) Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
        }
        var (again, _) = await SignInAsync(node, "tech", TechPassword);
        again.Dispose();
    }

    [Fact]
    public async Task A_burst_of_parallel_wrong_passwords_counts_every_one_and_locks_the_account()
    {
        await using var node = await StartWithAccountsAsync();
        using var http = node.Http();
        var attempts = Enumerable.Range(0, NodeAccounts.MaxFailedAttempts).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/studies");
            request.Headers.Authorization = Basic("tech", $"wrong password {i}");
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        });
        Assert.All(await Task.WhenAll(attempts), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        using var locked = await PostJsonAsync(http, "api/session", new JsonObject { ["userName"] = "tech", ["password"] = TechPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", JsonNode.Parse(await locked.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_recorded_by_requests_that_loaded_the_account_at_once_each_count()
    {
        var folder = Directory.CreateTempSubdirectory("photopeak-accounts-");
        try
        {
            using var index = Store.StoreIndex.Open(Store.IndexDatabase.Sqlite, folder.FullName);
            await NodeAccounts.AddAsync(index, "tech", NodeRole.Technologist, TechPassword);
            var store = new NodeUserStore(index);
            // Five sign-ins read the account before any of them records its failure, as parallel requests do.
            var loaded = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => store.FindByIdAsync("tech", CancellationToken.None)));
            foreach (var user in loaded)
            {
                await store.IncrementAccessFailedCountAsync(user!, CancellationToken.None);
                await store.UpdateAsync(user!, CancellationToken.None);
            }
            Assert.Equal(5, (await store.FindByIdAsync("tech", CancellationToken.None))!.AccessFailedCount);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public async Task Basic_credentials_change_nothing_from_another_site_or_without_a_JSON_body()
    {
        await using var node = await StartWithAccountsAsync();
        using var http = node.Http();
        http.DefaultRequestHeaders.Authorization = Basic("admin", AdminPassword);
        HttpRequestMessage AddUser(string name)
        {
            var request = Json(HttpMethod.Post, "api/users", new JsonObject { ["userName"] = name, ["role"] = "physician", ["password"] = "physician password" });
            return request;
        }
        // What a browser holding cached Basic credentials sends with another site's form or script.
        foreach (var (header, value) in new[] { ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"), ("Origin", "null") })
        {
            using var request = AddUser("mallory");
            request.Headers.Add(header, value);
            using var refused = await http.SendAsync(request);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{header}: {value}: {refused.StatusCode}");
            Assert.Contains("another site", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        using (var form = new HttpRequestMessage(HttpMethod.Post, "api/users") { Content = new StringContent("{\"userName\": \"mallory\", \"role\": \"admin\", \"password\": \"a long enough password\"}", Encoding.UTF8, "text/plain") })
        using (var refused = await http.SendAsync(form))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.DoesNotContain(await NodeAccounts.ListAsync(node.Node.Store.Index, CancellationToken.None), u => u.UserName == "mallory");

        using (var request = AddUser("doctor"))
        {
            request.Headers.Add("Origin", $"http://127.0.0.1:{node.Node.Http!.Port}");
            using var added = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        using (var request = AddUser("doctor"))
        using (var duplicate = await http.SendAsync(request))
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        // Behind a reverse proxy the Origin names the public address, not the Host the node sees: the browser's own
        // Fetch Metadata verdict (same origin) is what counts.
        using (var request = AddUser("nurse"))
        {
            request.Headers.Add("Origin", "https://nm.hospital.example");
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
            using var added = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
    }

    [Fact]
    public async Task Admin_only_resources_answer_403_to_a_technologist_and_401_without_a_session()
    {
        await using var node = await StartWithAccountsAsync();
        var (tech, techCsrf) = await SignInAsync(node, "tech", TechPassword);
        using (tech)
        {
            foreach (var path in new[] { "api/audit", "api/audit/export", "api/users" })
                using (var response = await tech.GetAsync(path)) Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {response.StatusCode}");
            using var add = Json(HttpMethod.Post, "api/users", new JsonObject { ["userName"] = "eve", ["role"] = "admin", ["password"] = "a long enough password" });
            add.Headers.Add("X-CSRF-TOKEN", techCsrf);
            using var refused = await tech.SendAsync(add);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("technologist", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        var (admin, _) = await SignInAsync(node, "admin", AdminPassword);
        using (admin)
        using (var audit = await admin.GetAsync("api/audit")) Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.DoesNotContain((await NodeAccounts.ListAsync(node.Node.Store.Index, CancellationToken.None)), u => u.UserName == "eve");
    }

    [Fact]
    public async Task A_change_on_a_session_needs_its_anti_forgery_token()
    {
        await using var node = await StartWithAccountsAsync();
        var (admin, csrf) = await SignInAsync(node, "admin", AdminPassword);
        using (admin)
        {
            var body = new JsonObject { ["userName"] = "doctor", ["role"] = "physician", ["password"] = "physician password" };
            using (var forged = await admin.SendAsync(Json(HttpMethod.Post, "api/users", body)))
            {
                Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
                Assert.Contains("anti-forgery", JsonNode.Parse(await forged.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
            }
            var request = Json(HttpMethod.Post, "api/users", body);
            request.Headers.Add("X-CSRF-TOKEN", csrf);
            using (var added = await admin.SendAsync(request)) Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        var (doctor, _) = await SignInAsync(node, "doctor", "physician password");
        using (doctor)
            Assert.Equal("physician", JsonNode.Parse(await doctor.GetStringAsync("api/session"))!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Hostile_or_malformed_sign_in_bodies_get_a_400_with_the_reason()
    {
        await using var node = await StartWithAccountsAsync();
        using var http = node.Http();
        foreach (var (body, reason) in new[] { ("{\"userName\": \"tech\", ", "not JSON"), ("[1, 2]", "JSON object"), ("{\"userName\": 7, \"password\": \"x\"}", "\"userName\""),
                     ("{\"userName\": \"tech\"}", "\"password\""), ("{\"userName\": \"te\\ud800ch\", \"password\": \"x\"}", "lone UTF-16 surrogate") })
        {
            using var response = await http.PostAsync("api/session", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {response.StatusCode}");
            Assert.Contains(reason, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        using var huge = await http.PostAsync("api/session", new StringContent("{\"userName\": \"" + new string('a', 1_100_000) + "\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task The_audit_trail_lists_sign_ins_failures_views_and_changes_without_patient_names_and_exports_as_CSV()
    {
        await using var node = await StartWithAccountsAsync(processing: false);
        var folder = Directory.CreateTempSubdirectory("photopeak-audit-");
        string studyUid;
        try
        {
            var path = Path.Combine(folder.FullName, "a.dcm");
            studyUid = DicomUid.Generate();
            TestInstances.WriteSmallNm(path, studyUid, DicomUid.Generate(), "PID-AUDIT", 1, 8, 1);
            var file = DicomFile.Open(path);
            file.Dataset.Set(DicomTags.PatientName, DicomVR.PN, "Auditpatient^Secret");
            file.Save(path);
            await node.Client().StoreFilesAsync([path], CancellationToken.None);
        }
        finally { folder.Delete(recursive: true); }

        using (var http = node.Http())
        using (await PostJsonAsync(http, "api/session", new JsonObject { ["userName"] = "tech", ["password"] = "wrong password!" })) { }
        var (tech, _) = await SignInAsync(node, "tech", TechPassword);
        using (tech)
        {
            // The signed-in user sees the patient's name; the audit trail only the study's UID.
            Assert.Contains("Auditpatient", await tech.GetStringAsync($"api/studies/{studyUid}"), StringComparison.Ordinal);
            using (await tech.DeleteAsync("api/session")) { }
        }
        var (admin, _) = await SignInAsync(node, "admin", AdminPassword);
        using (admin)
        {
            var page = JsonNode.Parse(await admin.GetStringAsync("api/audit?pageSize=100"))!;
            var events = page["events"]!.AsArray().Select(e => (User: e!["user"]?.GetValue<string>(), Action: e["action"]!.GetValue<string>(),
                Object: e["object"]?.GetValue<string>(), Outcome: e["outcome"]!.GetValue<string>())).ToList();
            Assert.Contains(("tech", "sign-in", "tech", "denied"), events);
            Assert.Contains(("tech", "sign-in", "tech", "ok"), events);
            Assert.Contains(("tech", "GET /api/studies/{study}", studyUid, "200"), events);
            Assert.Contains(("tech", "sign-out", "tech", "ok"), events);
            Assert.Contains(("admin", "sign-in", "admin", "ok"), events);
            // Newest first.
            Assert.Equal("sign-in", events[0].Action);
            Assert.Equal(page["total"]!.GetValue<long>(), events.Count);

            using var export = await admin.GetAsync("api/audit/export");
            Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
            var csv = await export.Content.ReadAsStringAsync();
            Assert.StartsWith("event_id,time_utc,user,action,object,outcome,detail\r\n", csv, StringComparison.Ordinal);
            Assert.Contains($"tech,GET /api/studies/{{study}},{studyUid},200", csv, StringComparison.Ordinal);
            Assert.DoesNotContain("Auditpatient", csv, StringComparison.OrdinalIgnoreCase);
        }
        // The export itself is audited. Its row is written once the request has ended, which may be after the client has read
        // the whole answer: on a loaded machine it was missing when read at once, so the test waits for it (at most 10 s).
        var trail = new Audit.AuditTrail(node.Node.Store.Index);
        var all = await trail.AllAsync(CancellationToken.None);
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); !all.Any(e => e.Action == "GET /api/audit/export" && e.UserName == "admin") && wait.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(50);
            all = await trail.AllAsync(CancellationToken.None);
        }
        Assert.Contains(all, e => e.Action == "GET /api/audit/export" && e.UserName == "admin");
    }

    [Fact]
    public async Task Users_are_refused_a_short_password_or_a_taken_name_and_roles_parse_from_their_names()
    {
        var folder = Directory.CreateTempSubdirectory("photopeak-users-");
        try
        {
            using var index = Store.StoreIndex.Open(Store.IndexDatabase.Sqlite, folder.FullName);
            await NodeAccounts.AddAsync(index, "ann", NodeRole.Physician, "twelve chars");
            var taken = await Assert.ThrowsAsync<ArgumentException>(() => NodeAccounts.AddAsync(index, "ANN", NodeRole.Admin, "another password"));
            Assert.Contains("ANN", taken.Message, StringComparison.Ordinal);
            var shortOne = await Assert.ThrowsAsync<ArgumentException>(() => NodeAccounts.AddAsync(index, "bo", NodeRole.Admin, "eleven char"));
            Assert.Contains("12", shortOne.Message, StringComparison.Ordinal);
            var user = Assert.Single(await NodeAccounts.ListAsync(index, CancellationToken.None));
            Assert.Equal(NodeRole.Physician, user.Role);
            Assert.StartsWith("AQAAAA", user.PasswordHash, StringComparison.Ordinal); // Identity's v3 format: PBKDF2, salted, never the password
            Assert.Equal(NodeRole.Admin, NodeRoles.Parse(" ADMIN "));
            Assert.Contains("technologist", Assert.Throws<FormatException>(() => NodeRoles.Parse("doctor")).Message, StringComparison.Ordinal);
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public async Task Accounts_lockout_and_the_audit_trail_work_alike_on_PostgreSQL()
    {
        using var pg = PostgresCluster.Start();
        if (pg is null) return;
        await using var node = await StartWithAccountsAsync(database: pg.Database);
        using (var http = node.Http())
            for (var i = 0; i < NodeAccounts.MaxFailedAttempts; i++)
                using (await PostJsonAsync(http, "api/session", new JsonObject { ["userName"] = "tech", ["password"] = "wrong password!" })) { }
        var (admin, _) = await SignInAsync(node, "admin", AdminPassword);
        using (admin)
        {
            var users = JsonNode.Parse(await admin.GetStringAsync("api/users"))!.AsArray();
            Assert.NotNull(users.Single(u => u!["userName"]!.GetValue<string>() == "tech")!["lockedUntil"]);
            var page = JsonNode.Parse(await admin.GetStringAsync("api/audit?page=2&pageSize=2"))!;
            Assert.Equal(NodeAccounts.MaxFailedAttempts + 2, page["total"]!.GetValue<long>()); // the failures, the admin's sign-in and GET /api/users
            Assert.Equal(2, page["events"]!.AsArray().Count);
        }
    }

    private static async Task<TestNode> StartWithAccountsAsync(bool processing = false, Store.IndexDatabase? database = null)
    {
        var folder = Directory.CreateTempSubdirectory("photopeak-node-");
        using (var index = Store.StoreIndex.Open(database ?? Store.IndexDatabase.Sqlite, folder.FullName))
        {
            await NodeAccounts.AddAsync(index, "admin", NodeRole.Admin, AdminPassword);
            await NodeAccounts.AddAsync(index, "tech", NodeRole.Technologist, TechPassword);
        }
        return await TestNode.StartAsync(processing: processing, folder: folder, http: true, database: database);
    }

    // A client holding the session cookie, and the session's anti-forgery token.
    internal static async Task<(HttpClient Client, string Csrf)> SignInAsync(TestNode node, string user, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        { BaseAddress = new Uri($"http://127.0.0.1:{node.Node.Http!.Port}/"), Timeout = TimeSpan.FromSeconds(60) };
        using var response = await PostJsonAsync(client, "api/session", new JsonObject { ["userName"] = user, ["password"] = password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {user}: {response.StatusCode} {body}");
        return (client, JsonNode.Parse(body)!["csrfToken"]!.GetValue<string>());
    }

    internal static HttpRequestMessage Json(HttpMethod method, string path, JsonNode body) =>
        new(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string path, JsonNode body) => http.SendAsync(Json(HttpMethod.Post, path, body));

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
