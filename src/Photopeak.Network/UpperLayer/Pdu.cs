namespace Photopeak.Network.UpperLayer;

/// <summary>A protocol data unit of the DICOM upper layer (PS3.8 9.3); <see cref="PduCodec"/> encodes and decodes it.</summary>
public abstract record Pdu
{
    /// <summary>The PDU-type byte that starts its encoding.</summary>
    public abstract PduType Type { get; }
}

/// <summary>A-ASSOCIATE-RQ: the requestor's AE titles, proposed presentation contexts and user information (PS3.8 9.3.2).</summary>
public sealed record AssociateRequestPdu(
    string CalledAETitle,
    string CallingAETitle,
    IReadOnlyList<PresentationContextProposal> PresentationContexts,
    UserInformation UserInformation) : Pdu
{
    /// <inheritdoc/>
    public override PduType Type => PduType.AssociateRequest;

    /// <summary>The application context name; DICOM defines one (PS3.7 A.2.1).</summary>
    public string ApplicationContextName { get; init; } = PduCodec.DicomApplicationContextName;

    /// <summary>Protocol-version bit field; bit 0 (version 1) must be set (PS3.8 9.3.2).</summary>
    public ushort ProtocolVersion { get; init; } = 1;
}

/// <summary>A-ASSOCIATE-AC: the acceptor's answer to each proposed presentation context (PS3.8 9.3.3).</summary>
public sealed record AssociateAcceptPdu(
    string CalledAETitle,
    string CallingAETitle,
    IReadOnlyList<PresentationContextResult> PresentationContexts,
    UserInformation UserInformation) : Pdu
{
    /// <inheritdoc/>
    public override PduType Type => PduType.AssociateAccept;

    /// <summary>The application context name; DICOM defines one (PS3.7 A.2.1).</summary>
    public string ApplicationContextName { get; init; } = PduCodec.DicomApplicationContextName;

    /// <summary>Protocol-version bit field (PS3.8 9.3.3).</summary>
    public ushort ProtocolVersion { get; init; } = 1;
}

/// <summary>A-ASSOCIATE-RJ: why an association request was refused (PS3.8 9.3.4).</summary>
public sealed record AssociateRejectPdu(AssociateRejectResult Result, AssociateRejectSource Source, byte Reason) : Pdu
{
    /// <inheritdoc/>
    public override PduType Type => PduType.AssociateReject;
}

/// <summary>P-DATA-TF: one or more presentation data values, each a fragment of a DIMSE command or data set (PS3.8 9.3.5).</summary>
public sealed record DataTransferPdu(IReadOnlyList<PresentationDataValue> Values) : Pdu
{
    /// <inheritdoc/>
    public override PduType Type => PduType.DataTransfer;
}

/// <summary>A-RELEASE-RQ (PS3.8 9.3.6).</summary>
public sealed record ReleaseRequestPdu : Pdu
{
    /// <inheritdoc/>
    public override PduType Type => PduType.ReleaseRequest;
}

/// <summary>A-RELEASE-RP (PS3.8 9.3.7).</summary>
public sealed record ReleaseResponsePdu : Pdu
{
    /// <inheritdoc/>
    public override PduType Type => PduType.ReleaseResponse;
}

/// <summary>A-ABORT: the association ends at once (PS3.8 9.3.8).</summary>
public sealed record AbortPdu(AbortSource Source, AbortReason Reason) : Pdu
{
    /// <inheritdoc/>
    public override PduType Type => PduType.Abort;
}
