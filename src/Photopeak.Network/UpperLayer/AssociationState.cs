namespace Photopeak.Network.UpperLayer;

/// <summary>The states of the DICOM upper layer protocol machine, Sta1-Sta13 (PS3.8 9.2.1, Table 9-1).</summary>
public enum AssociationState
{
    /// <summary>Sta1: idle, no transport connection.</summary>
    Idle = 1,
    /// <summary>Sta2: transport connection open, awaiting A-ASSOCIATE-RQ PDU (ARTIM running).</summary>
    AwaitingAssociateRequest = 2,
    /// <summary>Sta3: awaiting the local A-ASSOCIATE response primitive (accept or reject).</summary>
    AwaitingLocalAssociateResponse = 3,
    /// <summary>Sta4: awaiting the transport connection to open.</summary>
    AwaitingTransportOpen = 4,
    /// <summary>Sta5: awaiting A-ASSOCIATE-AC or -RJ PDU.</summary>
    AwaitingAssociateResponse = 5,
    /// <summary>Sta6: association established, ready for data transfer.</summary>
    Established = 6,
    /// <summary>Sta7: awaiting A-RELEASE-RP PDU.</summary>
    AwaitingReleaseResponse = 7,
    /// <summary>Sta8: awaiting the local A-RELEASE response primitive.</summary>
    AwaitingLocalReleaseResponse = 8,
    /// <summary>Sta9: release collision, requestor side; awaiting the local A-RELEASE response primitive.</summary>
    CollisionRequestorAwaitingLocalResponse = 9,
    /// <summary>Sta10: release collision, acceptor side; awaiting A-RELEASE-RP PDU.</summary>
    CollisionAcceptorAwaitingReleaseResponse = 10,
    /// <summary>Sta11: release collision, requestor side; awaiting A-RELEASE-RP PDU.</summary>
    CollisionRequestorAwaitingReleaseResponse = 11,
    /// <summary>Sta12: release collision, acceptor side; awaiting the local A-RELEASE response primitive.</summary>
    CollisionAcceptorAwaitingLocalResponse = 12,
    /// <summary>Sta13: awaiting the transport connection to close (ARTIM running).</summary>
    AwaitingTransportClose = 13,
}
