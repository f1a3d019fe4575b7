namespace Photopeak.Network.UpperLayer;

/// <summary>A PDU that cannot be decoded: wrong lengths, unknown type, bad parameter; carries the abort reason to send (PS3.8 9.3.8).</summary>
public sealed class PduFormatException(string message, AbortReason reason) : Exception(message)
{
    /// <summary>The reason the A-ABORT PDU answering this gives.</summary>
    public AbortReason Reason { get; } = reason;
}
