using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Network.Dimse;
using Photopeak.Network.UpperLayer;

namespace Photopeak.Network.Services;

/// <summary>
/// A DICOM service-class provider: accepts associations on a TCP port and answers C-ECHO, C-STORE and C-FIND through an
/// <see cref="IDimseServiceHandler"/>. A failing or hostile association is aborted and logged; it never stops the server.
/// Logs carry AE titles, addresses and UIDs, never patient names.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions options;
    private readonly IDimseServiceHandler handler;
    private readonly ILogger logger;
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<int, Task> running = new();
    private Task? acceptLoop;
    private int active;
    private int connectionCount;

    private DicomServer(DicomServerOptions options, IDimseServiceHandler handler, ILogger logger)
    {
        this.options = options;
        this.handler = handler;
        this.logger = logger;
        listener = new TcpListener(options.Address, options.Port);
    }

    /// <summary>The port listened on (the one chosen when <see cref="DicomServerOptions.Port"/> was 0).</summary>
    public int Port => ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Associations being served now.</summary>
    public int ActiveAssociations => Volatile.Read(ref active);

    /// <summary>Starts listening; throws <see cref="SocketException"/> if the port is taken.</summary>
    public static DicomServer Start(DicomServerOptions options, IDimseServiceHandler handler, ILogger logger)
    {
        var server = new DicomServer(options, handler, logger);
        server.listener.Start(backlog: 64);
        server.acceptLoop = server.AcceptLoopAsync();
        logger.LogInformation("DICOM node {AETitle} listening on {Address}:{Port}", options.Policy.AETitle, options.Address, server.Port);
        return server;
    }

    /// <summary>Stops accepting, lets running associations end within <paramref name="grace"/>, then aborts the rest.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        listener.Stop();
        if (acceptLoop is not null) await acceptLoop.ConfigureAwait(false);
        var all = Task.WhenAll(running.Values);
        if (await Task.WhenAny(all, Task.Delay(grace)).ConfigureAwait(false) != all) await stopping.CancelAsync().ConfigureAwait(false);
        try { await all.ConfigureAwait(false); } catch (OperationCanceledException) { }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stopping.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException or InvalidOperationException) { return; }
            var id = Interlocked.Increment(ref connectionCount);
            running[id] = Task.Run(async () =>
            {
                try { await ServeAsync(client, id).ConfigureAwait(false); }
                finally { running.TryRemove(id, out _); }
            });
        }
    }

    private async Task ServeAsync(TcpClient client, int id)
    {
        var admitted = Interlocked.Increment(ref active) <= options.MaxAssociations;
        var peer = client.Client.RemoteEndPoint?.ToString() ?? "?";
        try
        {
            client.NoDelay = true;
            await using var association = await Association.AcceptAsync(client.GetStream(), options.Policy, options.Timeouts,
                request => admitted ? null : new AssociateRejectPdu(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation,
                    AssociateRejectReason.LocalLimitExceeded), stopping.Token).ConfigureAwait(false);
            if (association is null)
            {
                logger.LogWarning("association {Id} from {Peer} rejected{Reason}", id, peer, admitted ? "" : $" (more than {options.MaxAssociations} at once)");
                return;
            }
            logger.LogInformation("association {Id} from {Calling} at {Peer} accepted, {Contexts} presentation context(s)", id,
                association.CallingAETitle, peer, association.PresentationContexts.Count);
            while (await association.ReceiveAsync(stopping.Token).ConfigureAwait(false) is { } message)
                await DispatchAsync(association, message, id).ConfigureAwait(false);
            logger.LogInformation("association {Id} released", id);
        }
        catch (AssociationAbortedException e)
        {
            logger.LogWarning("association {Id} from {Peer} ended: {Problem}", id, peer, e.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogWarning("association {Id} from {Peer} aborted: the node is stopping", id, peer);
        }
        catch (Exception e)
        {
            logger.LogError(e, "association {Id} from {Peer} failed", id, peer);
        }
        finally
        {
            Interlocked.Decrement(ref active);
            client.Dispose();
        }
    }

    private async Task DispatchAsync(Association association, DimseMessage message, int id)
    {
        var context = association.PresentationContexts.First(c => c.Id == message.ContextId);
        switch (message.CommandField)
        {
            case DimseCommandField.CEchoRequest:
                await RespondAsync(association, message, DimseCommandField.CEchoResponse, DimseStatus.Success).ConfigureAwait(false);
                break;
            case DimseCommandField.CStoreRequest:
                await StoreAsync(association, message, context, id).ConfigureAwait(false);
                break;
            case DimseCommandField.CFindRequest:
                await FindAsync(association, message, context).ConfigureAwait(false);
                break;
            case DimseCommandField.CCancelRequest:
                break; // a C-FIND here is answered in full before the next message is read, so there is nothing left to cancel
            default:
                await association.AbortAsync(AbortReason.UnexpectedPduParameter, stopping.Token).ConfigureAwait(false);
                throw new AssociationAbortedException($"command field 0x{(ushort)message.CommandField:X4} is not a service this node provides");
        }
    }

    private async Task StoreAsync(Association association, DimseMessage message, AcceptedPresentationContext context, int id)
    {
        ushort status;
        if (message.Dataset is not { } dataset || message.SopInstanceUid.Length == 0) status = DimseStatus.CannotUnderstand;
        else if (message.SopClassUid != context.AbstractSyntax) status = DimseStatus.DataSetDoesNotMatchSopClass;
        else
        {
            try
            {
                status = await handler.StoreAsync(new StoreRequest(association.CallingAETitle, message.SopClassUid, message.SopInstanceUid,
                    TransferSyntax.FromUid(context.TransferSyntax), dataset), stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "association {Id}: storing {SopInstanceUid} failed", id, message.SopInstanceUid);
                status = DimseStatus.OutOfResources;
            }
        }
        await RespondAsync(association, message, DimseCommandField.CStoreResponse, status, message.SopInstanceUid).ConfigureAwait(false);
    }

    private async Task FindAsync(Association association, DimseMessage message, AcceptedPresentationContext context)
    {
        if (message.Dataset is not { } bytes)
        {
            await RespondAsync(association, message, DimseCommandField.CFindResponse, DimseStatus.CannotUnderstand).ConfigureAwait(false);
            return;
        }
        var syntax = TransferSyntax.FromUid(context.TransferSyntax);
        DicomDataset identifier;
        try { identifier = DicomFile.ReadDataset(bytes, syntax); }
        catch (DicomFormatException)
        {
            await RespondAsync(association, message, DimseCommandField.CFindResponse, DimseStatus.IdentifierDoesNotMatchSopClass).ConfigureAwait(false);
            return;
        }
        var status = DimseStatus.Success;
        try
        {
            await foreach (var match in handler.FindAsync(new FindRequest(association.CallingAETitle, message.SopClassUid, identifier), stopping.Token).ConfigureAwait(false))
                await RespondAsync(association, message, DimseCommandField.CFindResponse, DimseStatus.Pending, dataset: DicomWriter.EncodeDataset(match, syntax))
                    .ConfigureAwait(false);
        }
        catch (FindRefusedException)
        {
            status = DimseStatus.IdentifierDoesNotMatchSopClass;
        }
        await RespondAsync(association, message, DimseCommandField.CFindResponse, status).ConfigureAwait(false);
    }

    private Task RespondAsync(Association association, DimseMessage request, DimseCommandField field, ushort status,
        string? sopInstanceUid = null, byte[]? dataset = null)
    {
        var command = new DicomDataset();
        command.Set(DicomTags.AffectedSOPClassUID, DicomVR.UI, request.SopClassUid);
        command.SetNumbers(DicomTags.CommandField, DicomVR.US, (ushort)field);
        command.SetNumbers(DicomTags.MessageIDBeingRespondedTo, DicomVR.US, request.MessageId);
        command.SetNumbers(DicomTags.CommandDataSetType, DicomVR.US, DimseMessage.NoDataSet);
        command.SetNumbers(DicomTags.Status, DicomVR.US, status);
        if (sopInstanceUid is not null) command.Set(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, sopInstanceUid);
        // Not a conditional expression: `null` there would become an empty ReadOnlyMemory (through its conversion from arrays), announcing a data set.
        ReadOnlyMemory<byte>? body = null;
        if (dataset is not null) body = dataset;
        return association.SendAsync(request.ContextId, command, body, stopping.Token);
    }
}

/// <summary>A C-FIND identifier the handler cannot answer (unknown level, unsupported key): answered with status A900.</summary>
public sealed class FindRefusedException(string message) : Exception(message);
