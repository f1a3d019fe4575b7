using System.Buffers.Binary;

namespace Photopeak.Network.UpperLayer;

/// <summary>
/// Reads and writes whole PDUs on a transport stream. A PDU may arrive split across any number of TCP reads; its declared
/// length is checked against a limit before any buffer is allocated, so a hostile length cannot exhaust memory.
/// </summary>
public static class PduStream
{
    /// <summary>The largest A-ASSOCIATE-RQ/AC, RJ, RELEASE or ABORT body accepted: they carry items of 16-bit lengths only.</summary>
    public const int MaxControlPduLength = 1 << 20;

    /// <summary>
    /// Reads the next PDU: its type byte and body. Returns null if the peer closed the connection cleanly before a new PDU
    /// began. Throws <see cref="PduFormatException"/> for an unknown type or a body longer than allowed, and
    /// <see cref="EndOfStreamException"/> if the connection closes inside a PDU.
    /// </summary>
    public static async Task<(byte Type, byte[] Body)?> ReadAsync(Stream stream, uint maxDataPduLength, CancellationToken cancel)
    {
        var header = new byte[PduCodec.HeaderLength];
        var first = await stream.ReadAsync(header.AsMemory(0, 1), cancel).ConfigureAwait(false);
        if (first == 0) return null;
        await stream.ReadExactlyAsync(header.AsMemory(1), cancel).ConfigureAwait(false);
        var type = header[0];
        if (!PduCodec.IsKnownType(type)) throw new PduFormatException($"unrecognised PDU type 0x{type:X2}", AbortReason.UnrecognizedPdu);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        var limit = type == (byte)PduType.DataTransfer ? maxDataPduLength : (uint)MaxControlPduLength;
        if (length > limit)
            throw new PduFormatException($"{(PduType)type} PDU declares {length} bytes, more than the {limit} this node accepts", AbortReason.InvalidPduParameterValue);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancel).ConfigureAwait(false);
        return (type, body);
    }

    /// <summary>Writes one encoded PDU and flushes it.</summary>
    public static async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> encodedPdu, CancellationToken cancel)
    {
        await stream.WriteAsync(encodedPdu, cancel).ConfigureAwait(false);
        await stream.FlushAsync(cancel).ConfigureAwait(false);
    }
}
