namespace Photopeak.Network.UpperLayer;

/// <summary>The Reason/Diag. values of A-ASSOCIATE-RJ; their meaning depends on the source (PS3.8 9.3.4, Table 9-21).</summary>
public static class AssociateRejectReason
{
    /// <summary>Service-user source: no reason given.</summary>
    public const byte UserNoReasonGiven = 1;
    /// <summary>Service-user source: application context name not supported.</summary>
    public const byte ApplicationContextNameNotSupported = 2;
    /// <summary>Service-user source: calling AE title not recognised.</summary>
    public const byte CallingAETitleNotRecognized = 3;
    /// <summary>Service-user source: called AE title not recognised.</summary>
    public const byte CalledAETitleNotRecognized = 7;
    /// <summary>ACSE source: protocol version not supported.</summary>
    public const byte ProtocolVersionNotSupported = 2;
    /// <summary>Presentation source: temporary congestion.</summary>
    public const byte TemporaryCongestion = 1;
    /// <summary>Presentation source: local limit exceeded (too many associations).</summary>
    public const byte LocalLimitExceeded = 2;

    /// <summary>Words for a source and reason, for logs and exception messages.</summary>
    public static string Describe(AssociateRejectSource source, byte reason) => (source, reason) switch
    {
        (AssociateRejectSource.ServiceUser, ApplicationContextNameNotSupported) => "application context name not supported",
        (AssociateRejectSource.ServiceUser, CallingAETitleNotRecognized) => "calling AE title not recognised",
        (AssociateRejectSource.ServiceUser, CalledAETitleNotRecognized) => "called AE title not recognised",
        (AssociateRejectSource.ServiceProviderAcse, ProtocolVersionNotSupported) => "protocol version not supported",
        (AssociateRejectSource.ServiceProviderPresentation, TemporaryCongestion) => "temporary congestion",
        (AssociateRejectSource.ServiceProviderPresentation, LocalLimitExceeded) => "local limit exceeded",
        _ => "no reason given",
    };
}
