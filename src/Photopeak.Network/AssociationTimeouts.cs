namespace Photopeak.Network;

/// <summary>Time limits of an association; every wait on the network is bounded by one of them.</summary>
public sealed record AssociationTimeouts
{
    /// <summary>ARTIM (PS3.8 9.1.5): the wait for A-ASSOCIATE-RQ after a connection opens and for the close after a release or abort.</summary>
    public TimeSpan Artim { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an established association may stay silent before it is aborted.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The wait for a DIMSE response, an A-ASSOCIATE-AC/RJ or an A-RELEASE-RP, and for one PDU to be written.</summary>
    public TimeSpan Response { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait for a TCP connection to open.</summary>
    public TimeSpan Connect { get; init; } = TimeSpan.FromSeconds(15);
}
