using CsCheck;
using Photopeak.Network.UpperLayer;

namespace Photopeak.Network.Tests;

/// <summary>Every PDU the codec writes reads back the same; any byte string it is given decodes or is refused, never crashes.</summary>
public class PduCodecTests
{
    private static readonly Gen<string> Uid = Gen.Int[1, 9].Array[2, 10].Select(parts => string.Join('.', parts));
    private static readonly Gen<string> AETitle = Gen.Char['A', 'Z'].Array[1, 16].Select(c => new string(c));

    [Fact]
    public void Associate_request_round_trips()
    {
        var proposal = Gen.Select(Gen.Byte[0, 127], Uid, Uid.Array[1, 4], (id, a, ts) => new PresentationContextProposal((byte)(id * 2 + 1), a, ts));
        Gen.Select(AETitle, AETitle, proposal.Array[1, 8], Gen.UInt, (called, calling, pcs, max) => (called, calling, pcs, max))
            .Where(t => t.pcs.Select(p => p.Id).Distinct().Count() == t.pcs.Length)
            .Sample(t =>
            {
                var rq = new AssociateRequestPdu(t.called, t.calling, t.pcs, new UserInformation(t.max, "1.2.3.4", "V1"));
                var bytes = PduCodec.Encode(rq);
                var back = (AssociateRequestPdu)PduCodec.Decode(bytes[0], bytes.AsMemory(PduCodec.HeaderLength));
                Assert.Equal(rq.CalledAETitle, back.CalledAETitle);
                Assert.Equal(rq.CallingAETitle, back.CallingAETitle);
                Assert.Equal(rq.UserInformation.MaxPduLength, back.UserInformation.MaxPduLength);
                Assert.Equal(rq.PresentationContexts.Count, back.PresentationContexts.Count);
                for (var i = 0; i < rq.PresentationContexts.Count; i++)
                {
                    Assert.Equal(rq.PresentationContexts[i].Id, back.PresentationContexts[i].Id);
                    Assert.Equal(rq.PresentationContexts[i].AbstractSyntax, back.PresentationContexts[i].AbstractSyntax);
                    Assert.Equal(rq.PresentationContexts[i].TransferSyntaxes, back.PresentationContexts[i].TransferSyntaxes);
                }
            }, iter: 500);
    }

    [Fact]
    public void Data_transfer_round_trips()
    {
        Gen.Select(Gen.Byte, Gen.Bool, Gen.Bool, Gen.Byte.Array[0, 300], (id, cmd, last, data) => (id, cmd, last, data)).Sample(t =>
        {
            var bytes = PduCodec.EncodeDataTransfer(t.id, t.cmd, t.last, t.data);
            var back = (DataTransferPdu)PduCodec.Decode(bytes[0], bytes.AsMemory(PduCodec.HeaderLength));
            var pdv = Assert.Single(back.Values);
            Assert.Equal((t.id, t.cmd, t.last), (pdv.ContextId, pdv.IsCommand, pdv.IsLast));
            Assert.Equal(t.data, pdv.Fragment.ToArray());
        }, iter: 500);
    }

    [Fact]
    public void Random_PDU_bodies_decode_or_are_refused_with_a_PDU_format_error()
    {
        Gen.Select(Gen.Byte[1, 7], Gen.Byte.Array[0, 200], (type, body) => (type, body)).Sample(t =>
        {
            try { PduCodec.Decode(t.type, t.body); }
            catch (PduFormatException) { }
        }, iter: 20_000);
    }

    [Fact]
    public void Mutated_association_requests_decode_or_are_refused_with_a_PDU_format_error()
    {
        var rq = PduCodec.Encode(new AssociateRequestPdu("PHOTOPEAK", "CAMERA",
            [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])], new UserInformation(16384, "1.2.3", "X")));
        Gen.Select(Gen.Int[PduCodec.HeaderLength, rq.Length - 1], Gen.Byte, (at, value) => (at, value)).Array[1, 4].Sample(mutations =>
        {
            var copy = (byte[])rq.Clone();
            foreach (var (at, value) in mutations) copy[at] = value;
            try { PduCodec.Decode(copy[0], copy.AsMemory(PduCodec.HeaderLength)); }
            catch (PduFormatException) { }
        }, iter: 20_000);
    }
}
