using Photopeak.Dicom;

namespace Photopeak.Network.Services;

/// <summary>What a node does with the requests it receives; the network layer knows nothing of storage or procedures.</summary>
public interface IDimseServiceHandler
{
    /// <summary>
    /// Handles a C-STORE: returns the status to answer (PS3.4 B.2.3). Success must mean the instance is durable: the response
    /// is sent only after this returns.
    /// </summary>
    Task<ushort> StoreAsync(StoreRequest request, CancellationToken cancel);

    /// <summary>Handles a C-FIND at study root: the matching identifiers, each answered as a pending response (PS3.4 C.4.1).</summary>
    IAsyncEnumerable<DicomDataset> FindAsync(FindRequest request, CancellationToken cancel);
}

/// <summary>A received instance: who sent it, its SOP class and instance, and its data set bytes as encoded on the wire.</summary>
public sealed record StoreRequest(string CallingAETitle, string SopClassUid, string SopInstanceUid, TransferSyntax TransferSyntax, ReadOnlyMemory<byte> Dataset);

/// <summary>A C-FIND request: the caller, the information model (SOP class) and the identifier with its Query/Retrieve Level.</summary>
public sealed record FindRequest(string CallingAETitle, string SopClassUid, DicomDataset Identifier);
