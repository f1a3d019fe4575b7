using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Photopeak.Server.Accounts;
using Photopeak.Server.Audit;
using Photopeak.Server.Http.Access;
using Photopeak.Server.Http.Api;
using Photopeak.Server.Http.DicomWeb;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http;

/// <summary>
/// The node's HTTP server (Kestrel, in the node's process): the JSON API (/api/studies…, sessions, users, the audit trail) and
/// DICOMweb QIDO-RS, WADO-RS and STOW-RS (/dicom-web/…) over the same store and index as the DICOM listener, behind the
/// accounts' access check (<see cref="RequestAccess"/>).
/// </summary>
public sealed class NodeHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private NodeHttpServer(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    /// <summary>The port listened on (the one chosen when <see cref="HttpServerOptions.Port"/> was 0).</summary>
    public int Port { get; }

    /// <summary>
    /// Starts listening. <paramref name="arrived"/> is called for each instance newly stored through STOW-RS, as the DICOM
    /// listener calls it for C-STORE, so both start processing the same way.
    /// </summary>
    public static async Task<NodeHttpServer> StartAsync(HttpServerOptions options, InstanceStore store, Reports.ReportReview review, Action<InstanceAttributes> arrived,
        ILoggerFactory logging, CancellationToken cancel, Func<string, CancellationToken, Task<(bool Queued, Jobs.JobOutcome? Outcome)>>? rerun = null)
    {
        // The empty builder, not the default or slim one: the node is configured by its command line only, so no
        // appsettings.json from the working folder, no environment variables and no file watcher may change what it serves.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Photopeak" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Address, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        builder.Services.AddRoutingCore();
        // The node's own signal handling stops it; the host must not install a second SIGTERM handler.
        builder.Services.AddSingleton<IHostLifetime, NodeHostLifetime>();
        // Into the node's log, but ASP.NET Core's request lines (which carry query strings, so patient names) stay out.
        builder.Logging.AddProvider(new NodeLoggerProvider(logging));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // Its one warning says what the comment at AddDataProtection says: keys are kept unencrypted, in a folder of mode 0700.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        AddAccounts(builder.Services, store);
        var app = builder.Build();

        var logger = logging.CreateLogger("http");
        var audit = new AuditTrail(store.Index);
        app.UseAuthentication();
        RequestAccess.Use(app, store.Index, audit);
        SessionApi.Map(app, audit);
        UsersApi.Map(app, store.Index, audit);
        AuditApi.Map(app, audit);
        StudiesApi.Map(app, store, review);
        WebClient.Map(app);
        ReviewApi.Map(app, review, audit);
        if (rerun is not null) ProcessingApi.Map(app, store, review, audit, rerun);
        FramesApi.Map(app, store);
        QidoRs.Map(app, store);
        WadoRs.Map(app, store);
        StowRs.Map(app, store, options, arrived, logger);
        app.MapFallback(context => HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"no resource {context.Request.Path}"));

        await app.StartAsync(cancel).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        logger.LogInformation("HTTP (API and DICOMweb) listening on {Address}:{Port}", options.Address, port);
        if (!await NodeAccounts.AnyAsync(store.Index, cancel).ConfigureAwait(false))
            logger.LogWarning("no accounts yet: the HTTP API and DICOMweb are open to anyone reaching the port; add one with `photopeak users add NAME --role admin`");
        return new NodeHttpServer(app, port);
    }

    // Identity over the index's users table; a session is a cookie (HttpOnly, SameSite=Strict, 8 h sliding) whose keys live in
    // the data folder, so sessions survive a restart; API answers are 401/403, never redirects to a login page.
    private static void AddAccounts(IServiceCollection services, InstanceStore store)
    {
        services.AddNodeAccounts(store.Index).AddSignInManager();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "photopeak.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        // The keys that sign session cookies: unencrypted at rest (Linux has no DPAPI), so in a folder only the node's user reads.
        var keys = Path.Combine(store.Root, "keys");
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(keys);
        else Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(keys)).SetApplicationName("Photopeak");
        services.AddAntiforgery(o =>
        {
            o.HeaderName = RequestAccess.CsrfHeader;
            o.Cookie.Name = "photopeak.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
