using Microsoft.Extensions.Logging;
using Photopeak.Network.Services;
using Photopeak.Server.Dimse;
using Photopeak.Server.Forwarding;
using Photopeak.Server.Http;
using Photopeak.Server.Jobs;
using Photopeak.Server.Store;

namespace Photopeak.Server.Node;

/// <summary>
/// A running Photopeak node: the DICOM listener and the HTTP server (API and DICOMweb) storing what they receive durably,
/// the processor that analyses each study once complete, and the forwarder sending the results on. Stopping closes the HTTP
/// server, lets open associations finish (bounded), then stops processing between jobs.
/// </summary>
public sealed class PhotopeakNode : IAsyncDisposable
{
    private readonly Forwarder forwarder;

    private PhotopeakNode(InstanceStore store, Forwarder forwarder, ArrivalProcessor processor, DicomServer server, NodeHttpServer? http)
    {
        this.forwarder = forwarder;
        Store = store;
        Processor = processor;
        Server = server;
        Http = http;
    }

    /// <summary>The store of received instances and its index.</summary>
    public InstanceStore Store { get; }

    /// <summary>The processing on arrival.</summary>
    public ArrivalProcessor Processor { get; }

    /// <summary>The DICOM listener.</summary>
    public DicomServer Server { get; }

    /// <summary>The HTTP server, if the node runs one.</summary>
    public NodeHttpServer? Http { get; }

    /// <summary>Opens the store (recovering after a crash), starts processing and listening.</summary>
    public static async Task<PhotopeakNode> StartAsync(NodeOptions options, ILoggerFactory logging, CancellationToken cancel)
    {
        var store = await InstanceStore.OpenAsync(options.DataFolder, logging.CreateLogger("store"), cancel, options.Database).ConfigureAwait(false);
        var forwarder = new Forwarder(store, options.Forward, options.Dicom.Policy.AETitle, logging.CreateLogger("forward"));
        var processor = new ArrivalProcessor(store, options.Processing, logging.CreateLogger("jobs"), forwarder);
        DicomServer? server = null;
        try
        {
            // One trigger for both ways in (C-STORE and STOW-RS): a newly stored instance restarts its study's quiet time.
            Action<InstanceAttributes> arrived = attributes => processor.Arrived(attributes.StudyInstanceUid);
            var handler = new NodeServiceHandler(store, logging.CreateLogger("dimse"), arrived);
            server = DicomServer.Start(options.Dicom, handler, logging.CreateLogger("dicom"));
            var review = new Reports.ReportReview(store, forwarder);
            var reviewLog = logging.CreateLogger("review");
            await review.RequeueSignedAsync(cancel, (study, e) => reviewLog.LogError(e, "finishing the latest signature of study {StudyUid} failed", study)).ConfigureAwait(false);
            var http = options.Http is null ? null : await NodeHttpServer.StartAsync(options.Http, store, review, arrived, logging, cancel, processor.RerunAsync).ConfigureAwait(false);
            return new PhotopeakNode(store, forwarder, processor, server, http);
        }
        catch
        {
            if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
            await processor.DisposeAsync().ConfigureAwait(false);
            await forwarder.DisposeAsync().ConfigureAwait(false);
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Http is not null) await Http.DisposeAsync().ConfigureAwait(false);
        await Server.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await Processor.DisposeAsync().ConfigureAwait(false);
        await forwarder.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
    }
}
