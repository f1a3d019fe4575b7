using Photopeak.Dicom;
using Photopeak.Network.Dimse;
using Photopeak.Network.UpperLayer;

namespace Photopeak.Network;

/// <summary>
/// One DICOM association over a connected transport, either side: negotiation (PS3.8 7.1), DIMSE messages assembled from and
/// fragmented into P-DATA-TF PDUs (PS3.8 9.3.5, PS3.7 Annex E), release and abort. Every step is checked against the
/// protocol machine of PS3.8 9.2, so a PDU that is wrong for the moment ends the association with an A-ABORT, and every wait
/// is bounded by <see cref="AssociationTimeouts"/>.
/// </summary>
public sealed class Association : IAsyncDisposable
{
    private const int UnlimitedPeerFragment = 256 * 1024;

    private readonly Stream stream;
    private readonly AssociationStateMachine machine;
    private readonly AssociationTimeouts timeouts;
    private readonly Dictionary<byte, AcceptedPresentationContext> contexts;
    private readonly uint ownMaxPduLength;
    private readonly long maxDatasetBytes;
    private readonly Queue<DimseMessage> completed = new();
    private MessageAssembly? assembly;
    private int nextMessageId;

    private Association(Stream stream, AssociationStateMachine machine, AssociationTimeouts timeouts, string calling, string called,
        IEnumerable<AcceptedPresentationContext> accepted, uint peerMaxPduLength, uint ownMaxPduLength, long maxDatasetBytes)
    {
        this.stream = stream;
        this.machine = machine;
        this.timeouts = timeouts;
        CallingAETitle = calling;
        CalledAETitle = called;
        contexts = accepted.ToDictionary(c => c.Id);
        PeerMaxPduLength = peerMaxPduLength;
        this.ownMaxPduLength = ownMaxPduLength;
        this.maxDatasetBytes = maxDatasetBytes;
    }

    /// <summary>The requestor's AE title.</summary>
    public string CallingAETitle { get; }

    /// <summary>The acceptor's AE title.</summary>
    public string CalledAETitle { get; }

    /// <summary>The largest P-DATA-TF PDU the peer receives; 0 means no limit (PS3.8 D.1).</summary>
    public uint PeerMaxPduLength { get; }

    /// <summary>The presentation contexts both sides accepted.</summary>
    public IReadOnlyCollection<AcceptedPresentationContext> PresentationContexts => contexts.Values;

    /// <summary>The protocol machine's state (Sta6 while established).</summary>
    public AssociationState State => machine.State;

    /// <summary>
    /// Acceptor side: waits (at most ARTIM) for the A-ASSOCIATE-RQ and answers it under <paramref name="policy"/>. Returns the
    /// established association, or null after sending A-ASSOCIATE-RJ. <paramref name="admit"/> may refuse a valid request
    /// (e.g. too many associations) by returning the rejection to send. Throws <see cref="AssociationAbortedException"/> when
    /// the request never comes, is malformed (an A-ABORT is sent) or the peer leaves.
    /// </summary>
    public static async Task<Association?> AcceptAsync(Stream stream, AssociationPolicy policy, AssociationTimeouts timeouts,
        Func<AssociateRequestPdu, AssociateRejectPdu?>? admit, CancellationToken cancel)
    {
        var machine = new AssociationStateMachine(isRequestor: false);
        machine.Handle(AssociationEvent.TransportConnectIndication);
        var pdu = await ReadPduAsync(stream, machine, policy.MaxPduLength, timeouts.Artim, AssociationEvent.ArtimExpired, "the A-ASSOCIATE-RQ", timeouts, cancel)
            .ConfigureAwait(false);
        if (pdu is not AssociateRequestPdu request)
        {
            await Unexpected(stream, machine, pdu, timeouts, cancel).ConfigureAwait(false);
            throw new AssociationAbortedException($"expected A-ASSOCIATE-RQ, received {pdu.Type}", AbortSource.ServiceProvider, AbortReason.UnexpectedPdu);
        }
        machine.Handle(AssociationEvent.AssociateRequestReceived);
        var reject = Evaluate(request, policy) ?? admit?.Invoke(request);
        if (reject is not null)
        {
            machine.Handle(AssociationEvent.LocalAssociateReject);
            await WriteAsync(stream, PduCodec.Encode(reject), timeouts, cancel).ConfigureAwait(false);
            return null;
        }
        var results = request.PresentationContexts.Select(pc => Negotiate(pc, policy)).ToList();
        var accept = new AssociateAcceptPdu(request.CalledAETitle, request.CallingAETitle, results,
            new UserInformation(policy.MaxPduLength, DicomUid.ImplementationClass, DicomUid.ImplementationVersionName));
        machine.Handle(AssociationEvent.LocalAssociateAccept);
        await WriteAsync(stream, PduCodec.Encode(accept), timeouts, cancel).ConfigureAwait(false);
        var accepted = results.Where(r => r.Outcome == PresentationContextOutcome.Acceptance)
            .Select(r => new AcceptedPresentationContext(r.Id, request.PresentationContexts.First(p => p.Id == r.Id).AbstractSyntax, r.TransferSyntax));
        return new Association(stream, machine, timeouts, request.CallingAETitle, request.CalledAETitle, accepted,
            request.UserInformation.MaxPduLength, policy.MaxPduLength, policy.MaxDatasetBytes);
    }

    /// <summary>
    /// Requestor side: sends A-ASSOCIATE-RQ with <paramref name="proposals"/> and waits for the answer. Throws
    /// <see cref="AssociationRejectedException"/> on A-ASSOCIATE-RJ and <see cref="AssociationAbortedException"/> on anything else.
    /// </summary>
    public static async Task<Association> RequestAsync(Stream stream, string callingAETitle, string calledAETitle,
        IReadOnlyList<PresentationContextProposal> proposals, AssociationTimeouts timeouts, CancellationToken cancel, uint maxPduLength = 256 * 1024)
    {
        var machine = new AssociationStateMachine(isRequestor: true);
        machine.Handle(AssociationEvent.LocalAssociateRequest);
        machine.Handle(AssociationEvent.TransportConnectConfirm);
        var request = new AssociateRequestPdu(calledAETitle, callingAETitle, proposals,
            new UserInformation(maxPduLength, DicomUid.ImplementationClass, DicomUid.ImplementationVersionName));
        await WriteAsync(stream, PduCodec.Encode(request), timeouts, cancel).ConfigureAwait(false);
        var pdu = await ReadPduAsync(stream, machine, maxPduLength, timeouts.Response, AssociationEvent.LocalAbortRequest, "the A-ASSOCIATE-AC", timeouts, cancel)
            .ConfigureAwait(false);
        switch (pdu)
        {
            case AssociateAcceptPdu accept:
                machine.Handle(AssociationEvent.AssociateAcceptReceived);
                var accepted = accept.PresentationContexts.Where(r => r.Outcome == PresentationContextOutcome.Acceptance)
                    .Select(r => proposals.FirstOrDefault(p => p.Id == r.Id) is { } p && p.TransferSyntaxes.Contains(r.TransferSyntax)
                        ? new AcceptedPresentationContext(r.Id, p.AbstractSyntax, r.TransferSyntax)
                        : throw new AssociationAbortedException($"the acceptor accepted presentation context {r.Id} with a transfer syntax or ID never proposed"))
                    .ToList();
                return new Association(stream, machine, timeouts, callingAETitle, calledAETitle, accepted, accept.UserInformation.MaxPduLength,
                    maxPduLength, long.MaxValue);
            case AssociateRejectPdu reject:
                machine.Handle(AssociationEvent.AssociateRejectReceived);
                throw new AssociationRejectedException(reject);
            case AbortPdu abort:
                machine.Handle(AssociationEvent.AbortReceived);
                throw new AssociationAbortedException($"the acceptor aborted the association request ({abort.Source}, {abort.Reason})", abort.Source, abort.Reason);
            default:
                await Unexpected(stream, machine, pdu, timeouts, cancel).ConfigureAwait(false);
                throw new AssociationAbortedException($"expected A-ASSOCIATE-AC or -RJ, received {pdu.Type}");
        }
    }

    /// <summary>A new Message ID (0000,0110) for a request sent on this association.</summary>
    public ushort NextMessageId() => (ushort)(Interlocked.Increment(ref nextMessageId) & 0xFFFF);

    /// <summary>The accepted context for a SOP class, preferring <paramref name="transferSyntax"/>; null if none was accepted.</summary>
    public AcceptedPresentationContext? FindContext(string sopClassUid, string? transferSyntax = null) =>
        contexts.Values.Where(c => c.AbstractSyntax == sopClassUid).OrderBy(c => c.TransferSyntax == transferSyntax ? 0 : 1).FirstOrDefault();

    /// <summary>
    /// The next DIMSE message from the peer, or null once the peer released the association (the release is answered here).
    /// Waits at most the idle time. Throws <see cref="AssociationAbortedException"/> on an abort, a protocol error (an A-ABORT
    /// is sent), a data set over the limit, or a lost connection.
    /// </summary>
    public async Task<DimseMessage?> ReceiveAsync(CancellationToken cancel)
    {
        while (completed.Count == 0)
        {
            var pdu = await ReadPduAsync(stream, machine, ownMaxPduLength, timeouts.Idle, AssociationEvent.LocalAbortRequest, "the next message", timeouts, cancel)
                .ConfigureAwait(false);
            switch (pdu)
            {
                case DataTransferPdu data:
                    machine.Handle(AssociationEvent.DataTransferReceived);
                    foreach (var pdv in data.Values) await AcceptFragmentAsync(pdv, cancel).ConfigureAwait(false);
                    break;
                case ReleaseRequestPdu:
                    if (assembly is not null) await AbortAsync(AbortReason.UnexpectedPdu, cancel).ConfigureAwait(false);
                    var action = machine.Handle(AssociationEvent.ReleaseRequestReceived);
                    if (action == AssociationAction.AR8) await WriteAsync(stream, PduCodec.Encode(new ReleaseResponsePdu()), timeouts, cancel).ConfigureAwait(false);
                    else
                    {
                        machine.Handle(AssociationEvent.LocalReleaseResponse);
                        await WriteAsync(stream, PduCodec.Encode(new ReleaseResponsePdu()), timeouts, cancel).ConfigureAwait(false);
                    }
                    return null;
                case AbortPdu abort:
                    machine.Handle(AssociationEvent.AbortReceived);
                    throw new AssociationAbortedException($"the peer aborted the association ({abort.Source}, {abort.Reason})", abort.Source, abort.Reason);
                default:
                    await Unexpected(stream, machine, pdu, timeouts, cancel).ConfigureAwait(false);
                    throw new AssociationAbortedException($"received {pdu.Type} while the association was established", AbortSource.ServiceProvider, AbortReason.UnexpectedPdu);
            }
        }
        return completed.Dequeue();
    }

    /// <summary>
    /// Sends a DIMSE message: the command set and, if given, the data set already encoded in the context's transfer syntax,
    /// fragmented to the peer's maximum PDU length.
    /// </summary>
    public async Task SendAsync(byte contextId, DicomDataset command, ReadOnlyMemory<byte>? dataset, CancellationToken cancel)
    {
        if (!contexts.ContainsKey(contextId)) throw new InvalidOperationException($"presentation context {contextId} was not accepted");
        command.SetNumbers(DicomTags.CommandDataSetType, DicomVR.US, dataset is null ? DimseMessage.NoDataSet : 0x0000);
        var commandBytes = DimseCommandCodec.Encode(command);
        await SendFragmentsAsync(contextId, isCommand: true, commandBytes, cancel).ConfigureAwait(false);
        if (dataset is { } d) await SendFragmentsAsync(contextId, isCommand: false, d, cancel).ConfigureAwait(false);
    }

    /// <summary>Requestor side: A-RELEASE-RQ, then waits for A-RELEASE-RP (PS3.8 7.2).</summary>
    public async Task ReleaseAsync(CancellationToken cancel)
    {
        machine.Handle(AssociationEvent.LocalReleaseRequest);
        await WriteAsync(stream, PduCodec.Encode(new ReleaseRequestPdu()), timeouts, cancel).ConfigureAwait(false);
        while (true)
        {
            var pdu = await ReadPduAsync(stream, machine, ownMaxPduLength, timeouts.Response, AssociationEvent.LocalAbortRequest, "the A-RELEASE-RP", timeouts, cancel)
                .ConfigureAwait(false);
            switch (pdu)
            {
                case ReleaseResponsePdu:
                    machine.Handle(AssociationEvent.ReleaseResponseReceived);
                    return;
                case DataTransferPdu:
                    machine.Handle(AssociationEvent.DataTransferReceived); // AR-6: late data is delivered nowhere
                    break;
                case AbortPdu abort:
                    machine.Handle(AssociationEvent.AbortReceived);
                    throw new AssociationAbortedException($"the peer aborted instead of releasing ({abort.Source}, {abort.Reason})", abort.Source, abort.Reason);
                default:
                    await Unexpected(stream, machine, pdu, timeouts, cancel).ConfigureAwait(false);
                    throw new AssociationAbortedException($"expected A-RELEASE-RP, received {pdu.Type}");
            }
        }
    }

    /// <summary>Sends an A-ABORT (service-user source unless a protocol error is the reason) and leaves the association unusable.</summary>
    public async Task AbortAsync(AbortReason reason, CancellationToken cancel)
    {
        if (machine.State is AssociationState.Idle or AssociationState.AwaitingTransportClose) return;
        machine.Handle(AssociationEvent.LocalAbortRequest);
        var source = reason == AbortReason.NotSpecified ? AbortSource.ServiceUser : AbortSource.ServiceProvider;
        try { await WriteAsync(stream, PduCodec.Encode(new AbortPdu(source, reason)), timeouts, cancel).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    /// <summary>Closes the transport.</summary>
    public async ValueTask DisposeAsync() => await stream.DisposeAsync().ConfigureAwait(false);

    private async Task AcceptFragmentAsync(PresentationDataValue pdv, CancellationToken cancel)
    {
        if (!contexts.ContainsKey(pdv.ContextId))
            await ProtocolErrorAsync($"a PDV names presentation context {pdv.ContextId}, which was not accepted", cancel).ConfigureAwait(false);
        assembly ??= new MessageAssembly(pdv.ContextId);
        var problem = assembly.Add(pdv, maxDatasetBytes);
        if (problem is not null) await ProtocolErrorAsync(problem, cancel).ConfigureAwait(false);
        if (!assembly.IsComplete) return;
        completed.Enqueue(new DimseMessage(assembly.ContextId, assembly.Command!, assembly.DatasetBytes));
        assembly = null;
    }

    private async Task ProtocolErrorAsync(string problem, CancellationToken cancel)
    {
        await AbortAsync(AbortReason.InvalidPduParameterValue, cancel).ConfigureAwait(false);
        throw new AssociationAbortedException(problem, AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue);
    }

    private async Task SendFragmentsAsync(byte contextId, bool isCommand, ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        var fragment = PeerMaxPduLength == 0 ? UnlimitedPeerFragment : (int)Math.Min(int.MaxValue, Math.Max(PeerMaxPduLength, 7u) - 6);
        var offset = 0;
        do
        {
            var length = Math.Min(fragment, bytes.Length - offset);
            var isLast = offset + length == bytes.Length;
            machine.Handle(AssociationEvent.LocalDataRequest);
            await WriteAsync(stream, PduCodec.EncodeDataTransfer(contextId, isCommand, isLast, bytes.Span.Slice(offset, length)), timeouts, cancel)
                .ConfigureAwait(false);
            offset += length;
        }
        while (offset < bytes.Length);
    }

    private static AssociateRejectPdu? Evaluate(AssociateRequestPdu request, AssociationPolicy policy)
    {
        if ((request.ProtocolVersion & 1) == 0)
            return new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.ProtocolVersionNotSupported);
        if (request.ApplicationContextName != PduCodec.DicomApplicationContextName)
            return new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.ApplicationContextNameNotSupported);
        if (!string.Equals(request.CalledAETitle, policy.AETitle, StringComparison.Ordinal))
            return new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAETitleNotRecognized);
        if (policy.AllowedCallingAETitles is { } allowed && !allowed.Contains(request.CallingAETitle))
            return new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAETitleNotRecognized);
        return null;
    }

    private static PresentationContextResult Negotiate(PresentationContextProposal proposal, AssociationPolicy policy)
    {
        if (!policy.SopClasses.Contains(proposal.AbstractSyntax))
            return new(proposal.Id, PresentationContextOutcome.AbstractSyntaxNotSupported, TransferSyntax.ImplicitVRLittleEndian.Uid);
        var preference = SopClassUids.Storage.Contains(proposal.AbstractSyntax) ? policy.StorageTransferSyntaxes : AssociationPolicy.CommandTransferSyntaxes;
        // The requestor lists its syntaxes best first (a camera proposes its files' own syntax first); the first one accepted wins.
        var chosen = proposal.TransferSyntaxes.FirstOrDefault(preference.Contains);
        return chosen is null
            ? new(proposal.Id, PresentationContextOutcome.TransferSyntaxesNotSupported, TransferSyntax.ImplicitVRLittleEndian.Uid)
            : new(proposal.Id, PresentationContextOutcome.Acceptance, chosen);
    }

    // Reads one PDU within a time limit, turning every failure into the protocol machine's event and an exception.
    private static async Task<Pdu> ReadPduAsync(Stream stream, AssociationStateMachine machine, uint maxPduLength, TimeSpan limit,
        AssociationEvent onTimeout, string awaited, AssociationTimeouts timeouts, CancellationToken cancel)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(limit);
        (byte Type, byte[] Body)? raw;
        try
        {
            raw = await PduStream.ReadAsync(stream, maxPduLength, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            if (onTimeout == AssociationEvent.ArtimExpired) machine.Handle(AssociationEvent.ArtimExpired);
            else await SendAbort(stream, machine, AbortSource.ServiceUser, AbortReason.NotSpecified, timeouts, cancel).ConfigureAwait(false);
            throw new AssociationAbortedException($"no {awaited} within {limit.TotalSeconds:0.#} s");
        }
        catch (PduFormatException e)
        {
            await SendAbort(stream, machine, AbortSource.ServiceProvider, e.Reason, timeouts, cancel).ConfigureAwait(false);
            throw new AssociationAbortedException($"invalid PDU: {e.Message}", AbortSource.ServiceProvider, e.Reason, e);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException)
        {
            machine.Handle(AssociationEvent.TransportClosed);
            throw new AssociationAbortedException($"the connection was lost while waiting for {awaited}", inner: e);
        }
        if (raw is null)
        {
            machine.Handle(AssociationEvent.TransportClosed);
            throw new AssociationAbortedException($"the peer closed the connection while this node waited for {awaited}");
        }
        try
        {
            return PduCodec.Decode(raw.Value.Type, raw.Value.Body);
        }
        catch (PduFormatException e)
        {
            await SendAbort(stream, machine, AbortSource.ServiceProvider, e.Reason, timeouts, cancel).ConfigureAwait(false);
            throw new AssociationAbortedException($"invalid {(PduType)raw.Value.Type} PDU: {e.Message}", AbortSource.ServiceProvider, e.Reason, e);
        }
    }

    // A PDU that the protocol machine does not expect here: the table says abort (AA-1/AA-8) or ignore (AA-6).
    private static async Task Unexpected(Stream stream, AssociationStateMachine machine, Pdu pdu, AssociationTimeouts timeouts, CancellationToken cancel)
    {
        var evt = pdu.Type switch
        {
            PduType.AssociateRequest => AssociationEvent.AssociateRequestReceived,
            PduType.AssociateAccept => AssociationEvent.AssociateAcceptReceived,
            PduType.AssociateReject => AssociationEvent.AssociateRejectReceived,
            PduType.DataTransfer => AssociationEvent.DataTransferReceived,
            PduType.ReleaseRequest => AssociationEvent.ReleaseRequestReceived,
            PduType.ReleaseResponse => AssociationEvent.ReleaseResponseReceived,
            _ => AssociationEvent.AbortReceived,
        };
        var action = AssociationStateMachine.Lookup(machine.State, evt);
        if (action is null || AssociationStateMachine.SendsAbort(action.Value))
            await SendAbort(stream, machine, AbortSource.ServiceProvider, AbortReason.UnexpectedPdu, timeouts, cancel).ConfigureAwait(false);
        else machine.Handle(evt);
    }

    private static async Task SendAbort(Stream stream, AssociationStateMachine machine, AbortSource source, AbortReason reason,
        AssociationTimeouts timeouts, CancellationToken cancel)
    {
        if (AssociationStateMachine.Lookup(machine.State, AssociationEvent.InvalidPduReceived) is { } action) machine.Handle(AssociationEvent.InvalidPduReceived);
        else if (AssociationStateMachine.Lookup(machine.State, AssociationEvent.LocalAbortRequest) is not null) machine.Handle(AssociationEvent.LocalAbortRequest);
        try { await WriteAsync(stream, PduCodec.Encode(new AbortPdu(source, reason)), timeouts, cancel).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    private static async Task WriteAsync(Stream stream, byte[] pdu, AssociationTimeouts timeouts, CancellationToken cancel)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(timeouts.Response);
        try { await PduStream.WriteAsync(stream, pdu, timer.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new AssociationAbortedException($"the peer did not take a {pdu.Length}-byte PDU within {timeouts.Response.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new AssociationAbortedException("the connection was lost while sending", inner: e);
        }
    }
}
