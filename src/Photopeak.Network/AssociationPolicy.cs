using Photopeak.Dicom;
using Photopeak.Network.Dimse;

namespace Photopeak.Network;

/// <summary>
/// What an acceptor agrees to: its AE title, which calling AE titles it serves, which SOP classes and transfer syntaxes
/// it takes (in its order of preference), the largest PDU and DIMSE data set it receives.
/// </summary>
public sealed record AssociationPolicy
{
    /// <summary>This node's AE title; a request that calls another title is rejected (PS3.8 9.3.4 reason 7).</summary>
    public string AETitle { get; init; } = "PHOTOPEAK";

    /// <summary>Calling AE titles allowed to associate; null serves every caller.</summary>
    public IReadOnlySet<string>? AllowedCallingAETitles { get; init; }

    /// <summary>SOP classes accepted as abstract syntaxes.</summary>
    public IReadOnlySet<string> SopClasses { get; init; } = SopClassUids.Accepted;

    /// <summary>Transfer syntaxes accepted for storage; of those a requestor proposes, its first is chosen.</summary>
    public IReadOnlyList<string> StorageTransferSyntaxes { get; init; } = DefaultStorageTransferSyntaxes;

    /// <summary>The largest P-DATA-TF PDU this node receives (sent to the peer as its maximum length, PS3.8 D.1).</summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>The largest data set of one DIMSE message this node accepts; more is refused with an abort.</summary>
    public long MaxDatasetBytes { get; init; } = 1L << 30;

    /// <summary>The uncompressed syntaxes, deflate and RLE (which Photopeak decodes), and the compressed ones kept as stored bytes.</summary>
    public static IReadOnlyList<string> DefaultStorageTransferSyntaxes { get; } =
    [
        TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ImplicitVRLittleEndian.Uid, TransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
        TransferSyntax.RleLossless.Uid, .. TransferSyntax.Known.Where(t => t.Encapsulated && t != TransferSyntax.RleLossless).Select(t => t.Uid),
        TransferSyntax.ExplicitVRBigEndian.Uid,
    ];

    /// <summary>Syntaxes for services whose messages carry no stored instance (verification, query): the two uncompressed ones.</summary>
    public static IReadOnlyList<string> CommandTransferSyntaxes { get; } =
        [TransferSyntax.ExplicitVRLittleEndian.Uid, TransferSyntax.ImplicitVRLittleEndian.Uid];
}
