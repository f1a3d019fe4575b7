using CsCheck;
using Photopeak.Network.UpperLayer;

namespace Photopeak.Network.Tests;

/// <summary>The protocol machine against PS3.8 Table 9-10: properties over random event sequences and the table's named cells.</summary>
public class AssociationStateMachineTests
{
    [Theory]
    [InlineData(AssociationState.AwaitingAssociateRequest, AssociationEvent.AssociateRequestReceived, AssociationAction.AE6)]
    [InlineData(AssociationState.Established, AssociationEvent.DataTransferReceived, AssociationAction.DT2)]
    [InlineData(AssociationState.Established, AssociationEvent.ReleaseRequestReceived, AssociationAction.AR2)]
    [InlineData(AssociationState.Established, AssociationEvent.AssociateRequestReceived, AssociationAction.AA8)]
    [InlineData(AssociationState.AwaitingAssociateRequest, AssociationEvent.DataTransferReceived, AssociationAction.AA1)]
    [InlineData(AssociationState.AwaitingAssociateRequest, AssociationEvent.ArtimExpired, AssociationAction.AA2)]
    [InlineData(AssociationState.AwaitingReleaseResponse, AssociationEvent.ReleaseRequestReceived, AssociationAction.AR8)]
    [InlineData(AssociationState.AwaitingTransportClose, AssociationEvent.DataTransferReceived, AssociationAction.AA6)]
    [InlineData(AssociationState.Established, AssociationEvent.InvalidPduReceived, AssociationAction.AA8)]
    public void Table_9_10_cells(AssociationState state, AssociationEvent evt, AssociationAction expected) =>
        Assert.Equal(expected, AssociationStateMachine.Lookup(state, evt));

    [Fact]
    public void Any_sequence_of_events_the_table_defines_keeps_the_machine_in_a_state_and_an_abort_always_ends_it()
    {
        var events = Enum.GetValues<AssociationEvent>();
        Gen.Bool.SelectMany(requestor => Gen.Int[0, events.Length - 1].Array[1, 40].Select(seq => (requestor, seq))).Sample(t =>
        {
            var machine = new AssociationStateMachine(t.requestor);
            foreach (var i in t.seq)
            {
                var evt = events[i];
                if (AssociationStateMachine.Lookup(machine.State, evt) is not { } action)
                {
                    Assert.Throws<InvalidOperationException>(() => machine.Handle(evt));
                    continue;
                }
                var before = machine.State;
                Assert.Equal(action, machine.Handle(evt));
                Assert.True(Enum.IsDefined(machine.State));
                if (AssociationStateMachine.SendsAbort(action)) Assert.Equal(AssociationState.AwaitingTransportClose, machine.State);
                if (evt == AssociationEvent.TransportClosed) Assert.Equal(AssociationState.Idle, machine.State);
                if (evt == AssociationEvent.AbortReceived && before != AssociationState.AwaitingTransportClose) Assert.Equal(AssociationState.Idle, machine.State);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Every_received_PDU_has_an_answer_in_every_state_once_a_connection_is_open()
    {
        AssociationEvent[] received =
        [
            AssociationEvent.AssociateAcceptReceived, AssociationEvent.AssociateRejectReceived, AssociationEvent.AssociateRequestReceived,
            AssociationEvent.DataTransferReceived, AssociationEvent.ReleaseRequestReceived, AssociationEvent.ReleaseResponseReceived,
            AssociationEvent.AbortReceived, AssociationEvent.InvalidPduReceived, AssociationEvent.TransportClosed,
        ];
        foreach (var state in Enum.GetValues<AssociationState>().Where(s => s is not (AssociationState.Idle or AssociationState.AwaitingTransportOpen)))
            foreach (var evt in received)
                Assert.True(AssociationStateMachine.Lookup(state, evt) is not null, $"{state} has no action for {evt}");
    }
}
