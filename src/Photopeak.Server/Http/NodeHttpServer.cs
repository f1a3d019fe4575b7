using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Photopeak.Server.Http.Api;
using Photopeak.Server.Http.DicomWeb;
using Photopeak.Server.Store;

namespace Photopeak.Server.Http;

/// <summary>
/// The node's HTTP server (Kestrel, in the node's process): the JSON API (/api/studies…) and DICOMweb QIDO-RS, WADO-RS and
/// STOW-RS (/dicom-web/…) over the same store and index as the DICOM listener.
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
    public static async Task<NodeHttpServer> StartAsync(HttpServerOptions options, InstanceStore store, Action<InstanceAttributes> arrived,
        ILoggerFactory logging, CancellationToken cancel)
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
        var app = builder.Build();

        var logger = logging.CreateLogger("http");
        StudiesApi.Map(app, store);
        QidoRs.Map(app, store);
        WadoRs.Map(app, store);
        StowRs.Map(app, store, options, arrived, logger);
        app.MapFallback(context => HttpError.WriteAsync(context, StatusCodes.Status404NotFound, $"no resource {context.Request.Path}"));

        await app.StartAsync(cancel).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        logger.LogInformation("HTTP (API and DICOMweb) listening on {Address}:{Port}", options.Address, port);
        return new NodeHttpServer(app, port);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
