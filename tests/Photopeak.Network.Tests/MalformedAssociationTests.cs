using System.Buffers.Binary;
using System.Net.Sockets;
using Photopeak.Network.Dimse;
using Photopeak.Network.Services;
using Photopeak.Network.UpperLayer;

namespace Photopeak.Network.Tests;

/// <summary>Hostile or broken peers get an A-ABORT or A-ASSOCIATE-RJ, and the node keeps serving others (issue 15, bad input).</summary>
public class MalformedAssociationTests
{
    private static readonly AssociationTimeouts Short = new() { Artim = TimeSpan.FromSeconds(2), Idle = TimeSpan.FromSeconds(2), Response = TimeSpan.FromSeconds(5) };

    private static AssociateRequestPdu Request(string called = "PHOTOPEAK", string calling = "TEST") => new(called, calling,
        [new PresentationContextProposal(1, SopClassUids.Verification, AssociationPolicy.CommandTransferSyntaxes)],
        new UserInformation(16384, "1.2.3", "TEST"));

    public static TheoryData<string, byte[]> BadFirstPdus => new()
    {
        { "unknown PDU type 0x09", [0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0] },
        { "A-ASSOCIATE-RQ shorter than its fixed fields", [0x01, 0, 0, 0, 0, 10, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
        { "P-DATA before any association", PduCodec.EncodeDataTransfer(1, true, true, [1, 2, 3, 4]) },
        { "A-RELEASE-RQ of wrong length", [0x05, 0, 0, 0, 0, 2, 0, 0] },
        { "item length running past the PDU", Corrupt(PduCodec.Encode(Request()), 74 + 2, 0xFF) },
        { "PDU declaring 2 GiB", [0x01, 0, 0x7F, 0xFF, 0xFF, 0xFF] },
    };

    [Theory]
    [MemberData(nameof(BadFirstPdus))]
    public async Task A_malformed_first_PDU_is_aborted_and_the_node_keeps_serving(string what, byte[] bytes)
    {
        await using var node = new TestNode(new DicomServerOptions { Timeouts = Short });
        var answer = await SendRaw(node.Port, bytes);
        Assert.True(answer is null or PduType.Abort, $"{what}: answered {answer}");
        Assert.Equal(DimseStatus.Success, await new DicomClient("127.0.0.1", node.Port, "TEST", "PHOTOPEAK", Short).EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_request_split_into_one_byte_TCP_writes_is_accepted()
    {
        await using var node = new TestNode();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", node.Port);
        var stream = client.GetStream();
        foreach (var b in PduCodec.Encode(Request()))
        {
            await stream.WriteAsync(new[] { b });
            await stream.FlushAsync();
        }
        var (type, _) = (await PduStream.ReadAsync(stream, 1 << 20, new CancellationTokenSource(5000).Token))!.Value;
        Assert.Equal((byte)PduType.AssociateAccept, type);
    }

    [Fact]
    public async Task Data_on_a_context_never_proposed_is_aborted()
    {
        await using var node = new TestNode(new DicomServerOptions { Timeouts = Short });
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", node.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(PduCodec.Encode(Request()));
        var accept = await PduStream.ReadAsync(stream, 1 << 20, new CancellationTokenSource(5000).Token);
        Assert.Equal((byte)PduType.AssociateAccept, accept!.Value.Type);
        await stream.WriteAsync(PduCodec.EncodeDataTransfer(7, true, true, [0, 0, 0, 0]));
        var answer = await PduStream.ReadAsync(stream, 1 << 20, new CancellationTokenSource(5000).Token);
        Assert.Equal((byte)PduType.Abort, answer!.Value.Type);
    }

    [Fact]
    public async Task An_abrupt_close_mid_PDU_leaves_the_node_serving()
    {
        await using var node = new TestNode(new DicomServerOptions { Timeouts = Short });
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", node.Port);
            await client.GetStream().WriteAsync(PduCodec.Encode(Request()).AsMemory(0, 20));
        }
        Assert.Equal(DimseStatus.Success, await new DicomClient("127.0.0.1", node.Port, "TEST", "PHOTOPEAK", Short).EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_silent_connection_is_closed_after_ARTIM()
    {
        await using var node = new TestNode(new DicomServerOptions { Timeouts = Short with { Artim = TimeSpan.FromMilliseconds(300) } });
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", node.Port);
        var read = await client.GetStream().ReadAsync(new byte[1], new CancellationTokenSource(5000).Token);
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task A_calling_AE_title_not_on_the_list_is_rejected_permanently()
    {
        await using var node = new TestNode(new DicomServerOptions { Policy = new AssociationPolicy { AllowedCallingAETitles = new HashSet<string> { "CAMERA1" } } });
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => new DicomClient("127.0.0.1", node.Port, "INTRUDER", "PHOTOPEAK").EchoAsync(CancellationToken.None));
        Assert.Equal(AssociateRejectResult.Permanent, e.Reject.Result);
        Assert.Equal(AssociateRejectReason.CallingAETitleNotRecognized, e.Reject.Reason);
        Assert.Equal(DimseStatus.Success, await new DicomClient("127.0.0.1", node.Port, "CAMERA1", "PHOTOPEAK").EchoAsync(CancellationToken.None));
    }

    [Fact]
    public async Task One_association_over_the_limit_is_rejected_as_transient_local_limit()
    {
        await using var node = new TestNode(new DicomServerOptions { MaxAssociations = 1 });
        var client = new DicomClient("127.0.0.1", node.Port, "TEST", "PHOTOPEAK");
        await using var held = await client.OpenAsync(Request().PresentationContexts, CancellationToken.None);
        var e = await Assert.ThrowsAsync<AssociationRejectedException>(() => client.EchoAsync(CancellationToken.None));
        Assert.Equal(AssociateRejectResult.Transient, e.Reject.Result);
        Assert.Equal(AssociateRejectReason.LocalLimitExceeded, e.Reject.Reason);
        await held.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_data_set_over_the_limit_is_aborted_not_buffered()
    {
        await using var node = new TestNode(new DicomServerOptions { Policy = new AssociationPolicy { MaxDatasetBytes = 1000 }, Timeouts = Short });
        var client = new DicomClient("127.0.0.1", node.Port, "TEST", "PHOTOPEAK", Short);
        await using var association = await client.OpenAsync(
            [new PresentationContextProposal(1, SopClassUids.NuclearMedicineImage, AssociationPolicy.CommandTransferSyntaxes)], CancellationToken.None);
        var context = association.PresentationContexts.Single();
        await Assert.ThrowsAsync<AssociationAbortedException>(() =>
            DicomClient.StoreAsync(association, context, SopClassUids.NuclearMedicineImage, "1.2.3", new byte[5000], CancellationToken.None));
        Assert.Empty(node.Handler.Stored);
    }

    private static async Task<PduType?> SendRaw(int port, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(bytes);
            var header = new byte[6];
            var read = await stream.ReadAsync(header, new CancellationTokenSource(10_000).Token);
            return read == 0 ? null : (PduType)header[0];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static byte[] Corrupt(byte[] pdu, int at, byte value)
    {
        pdu[at] = value;
        return pdu;
    }
}
