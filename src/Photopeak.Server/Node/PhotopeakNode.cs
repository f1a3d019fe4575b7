using Microsoft.Extensions.Logging;
using Photopeak.Network.Services;
using Photopeak.Server.Dimse;
using Photopeak.Server.Jobs;
using Photopeak.Server.Store;

namespace Photopeak.Server.Node;

/// <summary>
/// A running Photopeak node: the DICOM listener storing what it receives durably, and the processor that analyses each
/// study once complete. Stopping lets open associations finish (bounded), then stops processing between jobs.
/// </summary>
public sealed class PhotopeakNode : IAsyncDisposable
{
    private PhotopeakNode(InstanceStore store, ArrivalProcessor processor, DicomServer server)
    {
        Store = store;
        Processor = processor;
        Server = server;
    }

    /// <summary>The store of received instances and its index.</summary>
    public InstanceStore Store { get; }

    /// <summary>The processing on arrival.</summary>
    public ArrivalProcessor Processor { get; }

    /// <summary>The DICOM listener.</summary>
    public DicomServer Server { get; }

    /// <summary>Opens the store (recovering after a crash), starts processing and listening.</summary>
    public static async Task<PhotopeakNode> StartAsync(NodeOptions options, ILoggerFactory logging, CancellationToken cancel)
    {
        var store = await InstanceStore.OpenAsync(options.DataFolder, logging.CreateLogger("store"), cancel).ConfigureAwait(false);
        var processor = new ArrivalProcessor(store, options.Processing, logging.CreateLogger("jobs"));
        try
        {
            var handler = new NodeServiceHandler(store, logging.CreateLogger("dimse"), attributes => processor.Arrived(attributes.StudyInstanceUid));
            var server = DicomServer.Start(options.Dicom, handler, logging.CreateLogger("dicom"));
            return new PhotopeakNode(store, processor, server);
        }
        catch
        {
            await processor.DisposeAsync().ConfigureAwait(false);
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await Processor.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
    }
}
