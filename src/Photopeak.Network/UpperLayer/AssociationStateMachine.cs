namespace Photopeak.Network.UpperLayer;

/// <summary>
/// The DICOM upper layer protocol machine as PS3.8 9.2 defines it: the state transition table (Table 9-10) gives, for a
/// state and an event, the action to take and the next state. The association code asks it what to do on every PDU,
/// timer and primitive, so a PDU that is wrong for the state is answered as the standard says (mostly AA-8: abort).
/// </summary>
public sealed class AssociationStateMachine(bool isRequestor)
{
    private const AssociationState Sta1 = AssociationState.Idle, Sta2 = AssociationState.AwaitingAssociateRequest,
        Sta3 = AssociationState.AwaitingLocalAssociateResponse, Sta4 = AssociationState.AwaitingTransportOpen,
        Sta5 = AssociationState.AwaitingAssociateResponse, Sta6 = AssociationState.Established,
        Sta7 = AssociationState.AwaitingReleaseResponse, Sta8 = AssociationState.AwaitingLocalReleaseResponse,
        Sta9 = AssociationState.CollisionRequestorAwaitingLocalResponse, Sta10 = AssociationState.CollisionAcceptorAwaitingReleaseResponse,
        Sta11 = AssociationState.CollisionRequestorAwaitingReleaseResponse, Sta12 = AssociationState.CollisionAcceptorAwaitingLocalResponse,
        Sta13 = AssociationState.AwaitingTransportClose;

    /// <summary>True for the side that requested the association (it matters in a release collision, AR-8).</summary>
    public bool IsRequestor { get; } = isRequestor;

    /// <summary>The current state; every association starts idle (Sta1).</summary>
    public AssociationState State { get; private set; } = Sta1;

    /// <summary>Applies an event: returns the action Table 9-10 names and moves to its next state; throws if the table has no entry.</summary>
    public AssociationAction Handle(AssociationEvent evt)
    {
        var action = Lookup(State, evt)
            ?? throw new InvalidOperationException($"event {evt} (Evt{(int)evt}) is not defined in state {State} (Sta{(int)State}) (PS3.8 Table 9-10)");
        State = NextState(action, IsRequestor);
        return action;
    }

    /// <summary>The action of PS3.8 Table 9-10 for a state and event, or null where the table is empty.</summary>
    public static AssociationAction? Lookup(AssociationState state, AssociationEvent evt)
    {
        var s = state;
        var during = s is >= Sta6 and <= Sta12; // Sta6-Sta12 share most PDU answers
        switch (evt)
        {
            case AssociationEvent.LocalAssociateRequest: return s == Sta1 ? AssociationAction.AE1 : null;
            case AssociationEvent.TransportConnectConfirm: return s == Sta4 ? AssociationAction.AE2 : null;
            case AssociationEvent.AssociateAcceptReceived:
                return s switch { Sta2 => AssociationAction.AA1, Sta5 => AssociationAction.AE3, Sta13 => AssociationAction.AA6, Sta3 => AssociationAction.AA8, _ when during => AssociationAction.AA8, _ => null };
            case AssociationEvent.AssociateRejectReceived:
                return s switch { Sta2 => AssociationAction.AA1, Sta5 => AssociationAction.AE4, Sta13 => AssociationAction.AA6, Sta3 => AssociationAction.AA8, _ when during => AssociationAction.AA8, _ => null };
            case AssociationEvent.TransportConnectIndication: return s == Sta1 ? AssociationAction.AE5 : null;
            case AssociationEvent.AssociateRequestReceived:
                return s switch { Sta2 => AssociationAction.AE6, Sta13 => AssociationAction.AA7, Sta3 or Sta5 => AssociationAction.AA8, _ when during => AssociationAction.AA8, _ => null };
            case AssociationEvent.LocalAssociateAccept: return s == Sta3 ? AssociationAction.AE7 : null;
            case AssociationEvent.LocalAssociateReject: return s == Sta3 ? AssociationAction.AE8 : null;
            case AssociationEvent.LocalDataRequest: return s switch { Sta6 => AssociationAction.DT1, Sta8 => AssociationAction.AR7, _ => null };
            case AssociationEvent.DataTransferReceived:
                return s switch { Sta2 => AssociationAction.AA1, Sta6 => AssociationAction.DT2, Sta7 => AssociationAction.AR6, Sta13 => AssociationAction.AA6, Sta3 or Sta5 => AssociationAction.AA8, _ when during => AssociationAction.AA8, _ => null };
            case AssociationEvent.LocalReleaseRequest: return s == Sta6 ? AssociationAction.AR1 : null;
            case AssociationEvent.ReleaseRequestReceived:
                return s switch { Sta2 => AssociationAction.AA1, Sta6 => AssociationAction.AR2, Sta7 => AssociationAction.AR8, Sta13 => AssociationAction.AA6, Sta3 or Sta5 => AssociationAction.AA8, _ when during => AssociationAction.AA8, _ => null };
            case AssociationEvent.ReleaseResponseReceived:
                return s switch
                {
                    Sta2 => AssociationAction.AA1, Sta7 or Sta11 => AssociationAction.AR3, Sta10 => AssociationAction.AR10, Sta13 => AssociationAction.AA6,
                    Sta3 or Sta5 => AssociationAction.AA8, _ when during => AssociationAction.AA8, _ => null,
                };
            case AssociationEvent.LocalReleaseResponse:
                return s switch { Sta8 or Sta12 => AssociationAction.AR4, Sta9 => AssociationAction.AR9, _ => null };
            case AssociationEvent.LocalAbortRequest:
                return s switch { Sta3 or Sta5 => AssociationAction.AA1, Sta4 => AssociationAction.AA2, _ when during => AssociationAction.AA1, _ => null };
            case AssociationEvent.AbortReceived:
                return s switch { Sta2 or Sta13 => AssociationAction.AA2, Sta3 or Sta5 => AssociationAction.AA3, _ when during => AssociationAction.AA3, _ => null };
            case AssociationEvent.TransportClosed:
                return s switch { Sta2 => AssociationAction.AA5, Sta3 or Sta4 or Sta5 => AssociationAction.AA4, Sta13 => AssociationAction.AR5, _ when during => AssociationAction.AA4, _ => null };
            case AssociationEvent.ArtimExpired: return s is Sta2 or Sta13 ? AssociationAction.AA2 : null;
            case AssociationEvent.InvalidPduReceived:
                return s switch { Sta2 => AssociationAction.AA1, Sta13 => AssociationAction.AA7, Sta3 or Sta5 => AssociationAction.AA8, _ when during => AssociationAction.AA8, _ => null };
            default: return null;
        }
    }

    /// <summary>The state an action leads to (PS3.8 Tables 9-6 to 9-9); AR-8 depends on which side requested the association.</summary>
    public static AssociationState NextState(AssociationAction action, bool isRequestor) => action switch
    {
        AssociationAction.AE1 => Sta4,
        AssociationAction.AE2 => Sta5,
        AssociationAction.AE3 => Sta6,
        AssociationAction.AE4 => Sta1,
        AssociationAction.AE5 => Sta2,
        AssociationAction.AE6 => Sta3,
        AssociationAction.AE7 => Sta6,
        AssociationAction.AE8 => Sta13,
        AssociationAction.DT1 or AssociationAction.DT2 => Sta6,
        AssociationAction.AR1 => Sta7,
        AssociationAction.AR2 => Sta8,
        AssociationAction.AR3 => Sta1,
        AssociationAction.AR4 => Sta13,
        AssociationAction.AR5 => Sta1,
        AssociationAction.AR6 => Sta7,
        AssociationAction.AR7 => Sta8,
        AssociationAction.AR8 => isRequestor ? Sta9 : Sta10,
        AssociationAction.AR9 => Sta11,
        AssociationAction.AR10 => Sta12,
        AssociationAction.AA1 => Sta13,
        AssociationAction.AA2 or AssociationAction.AA3 or AssociationAction.AA4 or AssociationAction.AA5 => Sta1,
        AssociationAction.AA6 or AssociationAction.AA7 or AssociationAction.AA8 => Sta13,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>True if the action sends an A-ABORT PDU (AA-1, AA-7, AA-8).</summary>
    public static bool SendsAbort(AssociationAction action) => action is AssociationAction.AA1 or AssociationAction.AA7 or AssociationAction.AA8;

    /// <summary>True if the action ends with the transport closed (the machine back in Sta1).</summary>
    public static bool ClosesTransport(AssociationAction action) => NextState(action, false) == Sta1;
}
