namespace Photopeak.Network.UpperLayer;

/// <summary>Why the service-provider aborted: the Reason/Diag. field of the A-ABORT PDU (PS3.8 9.3.8, Table 9-26).</summary>
public enum AbortReason : byte
{
    /// <summary>Reason not specified.</summary>
    NotSpecified = 0,
    /// <summary>A PDU of a type the protocol does not define.</summary>
    UnrecognizedPdu = 1,
    /// <summary>A PDU not allowed in the association's current state.</summary>
    UnexpectedPdu = 2,
    /// <summary>A PDU item or parameter that is not recognised.</summary>
    UnrecognizedPduParameter = 4,
    /// <summary>A PDU parameter not allowed here.</summary>
    UnexpectedPduParameter = 5,
    /// <summary>A PDU parameter whose value is wrong (a length that does not add up, a context never accepted...).</summary>
    InvalidPduParameterValue = 6,
}
