using Photopeak.Network.UpperLayer;

namespace Photopeak.Network;

/// <summary>The association ended without an orderly release: an A-ABORT sent or received, the connection lost, or a time limit passed.</summary>
public sealed class AssociationAbortedException(string message, AbortSource? source = null, AbortReason? reason = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Who aborted: the Source of the A-ABORT PDU, if one was exchanged.</summary>
    public AbortSource? AbortSource { get; } = source;

    /// <summary>The reason of the A-ABORT PDU, if one was exchanged.</summary>
    public AbortReason? Reason { get; } = reason;
}
