namespace Photopeak.Network.UpperLayer;

/// <summary>The Result/Reason of a presentation context in A-ASSOCIATE-AC (PS3.8 9.3.3.2, Table 9-18).</summary>
public enum PresentationContextOutcome : byte
{
    /// <summary>Accepted with the transfer syntax given.</summary>
    Acceptance = 0,
    /// <summary>Rejected by the user.</summary>
    UserRejection = 1,
    /// <summary>Rejected by the provider, no reason given.</summary>
    ProviderRejection = 2,
    /// <summary>The abstract syntax (SOP class) is not supported.</summary>
    AbstractSyntaxNotSupported = 3,
    /// <summary>None of the proposed transfer syntaxes is supported.</summary>
    TransferSyntaxesNotSupported = 4,
}
