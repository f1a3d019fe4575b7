using System.Buffers.Binary;
using System.Text;

namespace Photopeak.Network.UpperLayer;

/// <summary>
/// Encodes and decodes upper-layer PDUs (PS3.8 9.3). Every length field is checked against the bytes that hold it, so a
/// corrupt or hostile PDU raises <see cref="PduFormatException"/> and never reads past its end. Multi-byte fields are big endian (PS3.8 9.3.1).
/// </summary>
public static class PduCodec
{
    /// <summary>The DICOM application context name (PS3.7 A.2.1).</summary>
    public const string DicomApplicationContextName = "1.2.840.10008.3.1.1.1";

    /// <summary>Bytes of the PDU header: type, reserved, 32-bit length (PS3.8 9.3.1).</summary>
    public const int HeaderLength = 6;

    // Fixed fields of A-ASSOCIATE-RQ/AC after the header: version, reserved, called AE, calling AE, 32 reserved (PS3.8 9.3.2).
    private const int AssociateFixedLength = 68;

    // Item and sub-item types (PS3.8 9.3.2.1-9.3.2.3, PS3.7 D.3.3).
    private const byte ApplicationContextItem = 0x10, RequestContextItem = 0x20, AcceptContextItem = 0x21;
    private const byte AbstractSyntaxSubItem = 0x30, TransferSyntaxSubItem = 0x40, UserInformationItem = 0x50;
    private const byte MaxLengthSubItem = 0x51, ImplementationClassSubItem = 0x52, ImplementationVersionSubItem = 0x55;

    /// <summary>The whole PDU, header included.</summary>
    public static byte[] Encode(Pdu pdu)
    {
        var body = new List<byte>(256);
        switch (pdu)
        {
            case AssociateRequestPdu rq:
                WriteAssociateFixed(body, rq.ProtocolVersion, rq.CalledAETitle, rq.CallingAETitle);
                WriteItem(body, ApplicationContextItem, Ascii(rq.ApplicationContextName));
                foreach (var pc in rq.PresentationContexts)
                {
                    var item = new List<byte> { pc.Id, 0, 0, 0 };
                    WriteItem(item, AbstractSyntaxSubItem, Ascii(pc.AbstractSyntax));
                    foreach (var ts in pc.TransferSyntaxes) WriteItem(item, TransferSyntaxSubItem, Ascii(ts));
                    WriteItem(body, RequestContextItem, item.ToArray());
                }
                WriteItem(body, UserInformationItem, EncodeUserInformation(rq.UserInformation));
                break;
            case AssociateAcceptPdu ac:
                WriteAssociateFixed(body, ac.ProtocolVersion, ac.CalledAETitle, ac.CallingAETitle);
                WriteItem(body, ApplicationContextItem, Ascii(ac.ApplicationContextName));
                foreach (var pc in ac.PresentationContexts)
                {
                    var item = new List<byte> { pc.Id, 0, (byte)pc.Outcome, 0 };
                    WriteItem(item, TransferSyntaxSubItem, Ascii(pc.TransferSyntax));
                    WriteItem(body, AcceptContextItem, item.ToArray());
                }
                WriteItem(body, UserInformationItem, EncodeUserInformation(ac.UserInformation));
                break;
            case AssociateRejectPdu rj:
                body.AddRange([0, (byte)rj.Result, (byte)rj.Source, rj.Reason]);
                break;
            case DataTransferPdu data:
                foreach (var pdv in data.Values)
                {
                    var length = checked(pdv.Fragment.Length + 2);
                    AddUInt32(body, (uint)length);
                    body.Add(pdv.ContextId);
                    body.Add((byte)((pdv.IsCommand ? 1 : 0) | (pdv.IsLast ? 2 : 0)));
                    body.AddRange(pdv.Fragment.Span);
                }
                break;
            case ReleaseRequestPdu or ReleaseResponsePdu:
                body.AddRange([0, 0, 0, 0]);
                break;
            case AbortPdu abort:
                body.AddRange([0, 0, (byte)abort.Source, (byte)abort.Reason]);
                break;
            default:
                throw new ArgumentException($"cannot encode {pdu.GetType().Name}", nameof(pdu));
        }
        var result = new byte[HeaderLength + body.Count];
        result[0] = (byte)pdu.Type;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(2), (uint)body.Count);
        body.CopyTo(result, HeaderLength);
        return result;
    }

    /// <summary>
    /// Encodes a P-DATA-TF PDU of one PDV straight from a fragment, without the intermediate list <see cref="Encode"/> uses
    /// (the hot path of C-STORE).
    /// </summary>
    public static byte[] EncodeDataTransfer(byte contextId, bool isCommand, bool isLast, ReadOnlySpan<byte> fragment)
    {
        var result = new byte[HeaderLength + 6 + fragment.Length];
        result[0] = (byte)PduType.DataTransfer;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(2), (uint)(6 + fragment.Length));
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(6), (uint)(2 + fragment.Length));
        result[10] = contextId;
        result[11] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0));
        fragment.CopyTo(result.AsSpan(12));
        return result;
    }

    /// <summary>Decodes the body (the bytes after the 6-byte header) of a PDU of the given type byte.</summary>
    public static Pdu Decode(byte type, ReadOnlyMemory<byte> body)
    {
        var s = body.Span;
        switch ((PduType)type)
        {
            case PduType.AssociateRequest:
                return DecodeAssociateRequest(body);
            case PduType.AssociateAccept:
                return DecodeAssociateAccept(body);
            case PduType.AssociateReject:
                RequireLength(s, 4, "A-ASSOCIATE-RJ");
                if (s[1] is not (1 or 2)) throw Invalid($"A-ASSOCIATE-RJ result {s[1]} is neither 1 nor 2");
                if (s[2] is not (1 or 2 or 3)) throw Invalid($"A-ASSOCIATE-RJ source {s[2]} is not 1, 2 or 3");
                return new AssociateRejectPdu((AssociateRejectResult)s[1], (AssociateRejectSource)s[2], s[3]);
            case PduType.DataTransfer:
                return DecodeDataTransfer(body);
            case PduType.ReleaseRequest:
                RequireLength(s, 4, "A-RELEASE-RQ");
                return new ReleaseRequestPdu();
            case PduType.ReleaseResponse:
                RequireLength(s, 4, "A-RELEASE-RP");
                return new ReleaseResponsePdu();
            case PduType.Abort:
                RequireLength(s, 4, "A-ABORT");
                return new AbortPdu((AbortSource)s[2], (AbortReason)s[3]);
            default:
                throw new PduFormatException($"unrecognised PDU type 0x{type:X2}", AbortReason.UnrecognizedPdu);
        }
    }

    /// <summary>True for the PDU-type bytes PS3.8 defines (0x01-0x07).</summary>
    public static bool IsKnownType(byte type) => type is >= 0x01 and <= 0x07;

    private static void RequireLength(ReadOnlySpan<byte> s, int length, string what)
    {
        if (s.Length != length) throw Invalid($"{what} PDU length is {s.Length}, must be {length}");
    }

    private static PduFormatException Invalid(string message) => new(message, AbortReason.InvalidPduParameterValue);

    private static AssociateRequestPdu DecodeAssociateRequest(ReadOnlyMemory<byte> body)
    {
        var (version, called, calling) = ReadAssociateFixed(body.Span, "A-ASSOCIATE-RQ");
        string? context = null;
        var contexts = new List<PresentationContextProposal>();
        UserInformation? user = null;
        foreach (var (type, value) in Items(body[AssociateFixedLength..], "A-ASSOCIATE-RQ"))
        {
            switch (type)
            {
                case ApplicationContextItem:
                    context = Uid(value.Span);
                    break;
                case RequestContextItem:
                    contexts.Add(DecodeProposal(value));
                    break;
                case UserInformationItem:
                    user = DecodeUserInformation(value);
                    break;
                    // Items of other types are ignored (PS3.8 9.3.1: unrecognised items are skipped).
            }
        }
        if (context is null) throw Invalid("A-ASSOCIATE-RQ has no application context item");
        if (user is null) throw Invalid("A-ASSOCIATE-RQ has no user information item");
        var ids = new HashSet<byte>();
        foreach (var pc in contexts)
            if (!ids.Add(pc.Id)) throw Invalid($"A-ASSOCIATE-RQ proposes presentation context {pc.Id} twice");
        return new AssociateRequestPdu(called, calling, contexts, user) { ApplicationContextName = context, ProtocolVersion = version };
    }

    private static PresentationContextProposal DecodeProposal(ReadOnlyMemory<byte> value)
    {
        var s = value.Span;
        if (s.Length < 4) throw Invalid($"presentation context item of {s.Length} bytes is shorter than its 4 fixed bytes");
        var id = s[0];
        string? abstractSyntax = null;
        var syntaxes = new List<string>();
        foreach (var (type, sub) in Items(value[4..], $"presentation context {id}"))
        {
            if (type == AbstractSyntaxSubItem)
            {
                if (abstractSyntax is not null) throw Invalid($"presentation context {id} has two abstract syntaxes");
                abstractSyntax = Uid(sub.Span);
            }
            else if (type == TransferSyntaxSubItem)
            {
                syntaxes.Add(Uid(sub.Span));
            }
        }
        if (abstractSyntax is null) throw Invalid($"presentation context {id} has no abstract syntax");
        if (syntaxes.Count == 0) throw Invalid($"presentation context {id} proposes no transfer syntax");
        return new PresentationContextProposal(id, abstractSyntax, syntaxes);
    }

    private static AssociateAcceptPdu DecodeAssociateAccept(ReadOnlyMemory<byte> body)
    {
        var (version, called, calling) = ReadAssociateFixed(body.Span, "A-ASSOCIATE-AC");
        string? context = null;
        var results = new List<PresentationContextResult>();
        UserInformation? user = null;
        foreach (var (type, value) in Items(body[AssociateFixedLength..], "A-ASSOCIATE-AC"))
        {
            switch (type)
            {
                case ApplicationContextItem:
                    context = Uid(value.Span);
                    break;
                case AcceptContextItem:
                    var s = value.Span;
                    if (s.Length < 4) throw Invalid($"presentation context result item of {s.Length} bytes is shorter than its 4 fixed bytes");
                    if (s[2] > 4) throw Invalid($"presentation context {s[0]} result {s[2]} is not 0-4");
                    string syntax = "";
                    foreach (var (subType, sub) in Items(value[4..], $"presentation context {s[0]}"))
                        if (subType == TransferSyntaxSubItem) syntax = Uid(sub.Span);
                    results.Add(new PresentationContextResult(s[0], (PresentationContextOutcome)s[2], syntax));
                    break;
                case UserInformationItem:
                    user = DecodeUserInformation(value);
                    break;
            }
        }
        if (context is null) throw Invalid("A-ASSOCIATE-AC has no application context item");
        if (user is null) throw Invalid("A-ASSOCIATE-AC has no user information item");
        return new AssociateAcceptPdu(called, calling, results, user) { ApplicationContextName = context, ProtocolVersion = version };
    }

    private static (ushort Version, string Called, string Calling) ReadAssociateFixed(ReadOnlySpan<byte> s, string what)
    {
        if (s.Length < AssociateFixedLength) throw Invalid($"{what} of {s.Length} bytes is shorter than its {AssociateFixedLength} fixed bytes");
        return (BinaryPrimitives.ReadUInt16BigEndian(s), AETitle(s.Slice(4, 16)), AETitle(s.Slice(20, 16)));
    }

    private static UserInformation DecodeUserInformation(ReadOnlyMemory<byte> value)
    {
        uint maxLength = 0;
        string classUid = "";
        string? versionName = null;
        var others = new List<(byte, byte[])>();
        foreach (var (type, sub) in Items(value, "user information"))
        {
            switch (type)
            {
                case MaxLengthSubItem:
                    if (sub.Length != 4) throw Invalid($"maximum length sub-item of {sub.Length} bytes, must be 4");
                    maxLength = BinaryPrimitives.ReadUInt32BigEndian(sub.Span);
                    break;
                case ImplementationClassSubItem:
                    classUid = Uid(sub.Span);
                    break;
                case ImplementationVersionSubItem:
                    versionName = Encoding.ASCII.GetString(sub.Span).Trim();
                    break;
                default:
                    others.Add((type, sub.ToArray()));
                    break;
            }
        }
        return new UserInformation(maxLength, classUid, versionName) { OtherItems = others };
    }

    private static DataTransferPdu DecodeDataTransfer(ReadOnlyMemory<byte> body)
    {
        var values = new List<PresentationDataValue>();
        var pos = 0;
        while (pos < body.Length)
        {
            if (body.Length - pos < 6) throw Invalid($"P-DATA-TF ends with {body.Length - pos} byte(s), too few for a PDV item header");
            var span = body.Span;
            var length = BinaryPrimitives.ReadUInt32BigEndian(span[pos..]);
            if (length < 2) throw Invalid($"PDV item length {length} is shorter than its 2-byte header");
            if (length > (uint)(body.Length - pos - 4)) throw Invalid($"PDV item length {length} runs past the P-DATA-TF PDU ({body.Length - pos - 4} bytes left)");
            var contextId = span[pos + 4];
            var control = span[pos + 5];
            if ((control & 0xFC) != 0) throw Invalid($"PDV message control header 0x{control:X2} has reserved bits set");
            values.Add(new PresentationDataValue(contextId, (control & 1) != 0, (control & 2) != 0, body.Slice(pos + 6, (int)length - 2)));
            pos += 4 + (int)length;
        }
        if (values.Count == 0) throw Invalid("P-DATA-TF holds no PDV item");
        return new DataTransferPdu(values);
    }

    // Items and sub-items: type (1), reserved (1), 16-bit length, value (PS3.8 9.3.2).
    private static List<(byte Type, ReadOnlyMemory<byte> Value)> Items(ReadOnlyMemory<byte> data, string where)
    {
        var items = new List<(byte, ReadOnlyMemory<byte>)>();
        var pos = 0;
        while (pos < data.Length)
        {
            if (data.Length - pos < 4) throw Invalid($"{where}: {data.Length - pos} byte(s) left, too few for an item header");
            var type = data.Span[pos];
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.Span[(pos + 2)..]);
            if (length > data.Length - pos - 4) throw Invalid($"{where}: item 0x{type:X2} of length {length} runs past its container ({data.Length - pos - 4} bytes left)");
            items.Add((type, data.Slice(pos + 4, length)));
            pos += 4 + length;
        }
        return items;
    }

    private static byte[] EncodeUserInformation(UserInformation user)
    {
        var bytes = new List<byte>();
        var max = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(max, user.MaxPduLength);
        WriteItem(bytes, MaxLengthSubItem, max);
        WriteItem(bytes, ImplementationClassSubItem, Ascii(user.ImplementationClassUid));
        // Sub-items in ascending type order (PS3.7 D.3.3).
        foreach (var (type, value) in user.OtherItems.Where(i => i.Type < ImplementationVersionSubItem)) WriteItem(bytes, type, value);
        if (user.ImplementationVersionName is { Length: > 0 } name) WriteItem(bytes, ImplementationVersionSubItem, Ascii(name));
        foreach (var (type, value) in user.OtherItems.Where(i => i.Type > ImplementationVersionSubItem)) WriteItem(bytes, type, value);
        return bytes.ToArray();
    }

    private static void WriteAssociateFixed(List<byte> body, ushort version, string called, string calling)
    {
        body.Add((byte)(version >> 8));
        body.Add((byte)version);
        body.AddRange([0, 0]);
        body.AddRange(AETitleBytes(called));
        body.AddRange(AETitleBytes(calling));
        body.AddRange(new byte[32]);
    }

    private static void WriteItem(List<byte> target, byte type, byte[] value)
    {
        if (value.Length > ushort.MaxValue) throw new ArgumentException($"item 0x{type:X2} of {value.Length} bytes does not fit a 16-bit length");
        target.Add(type);
        target.Add(0);
        target.Add((byte)(value.Length >> 8));
        target.Add((byte)value.Length);
        target.AddRange(value);
    }

    private static void AddUInt32(List<byte> target, uint value)
    {
        target.Add((byte)(value >> 24));
        target.Add((byte)(value >> 16));
        target.Add((byte)(value >> 8));
        target.Add((byte)value);
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    // AE titles: 16 bytes, space padded, leading and trailing spaces not significant (PS3.8 9.3.2, PS3.5 6.2).
    private static byte[] AETitleBytes(string title)
    {
        var bytes = Enumerable.Repeat((byte)' ', 16).ToArray();
        var text = Encoding.ASCII.GetBytes(title.Trim());
        if (text.Length > 16) throw new ArgumentException($"AE title '{title}' is longer than 16 characters", nameof(title));
        text.CopyTo(bytes, 0);
        return bytes;
    }

    private static string AETitle(ReadOnlySpan<byte> s) => Encoding.ASCII.GetString(s).Trim(' ', '\0');

    // UIDs in items are not padded (PS3.8 Annex F) but some implementations add a NUL or space; both are dropped.
    private static string Uid(ReadOnlySpan<byte> s) => Encoding.ASCII.GetString(s).TrimEnd('\0', ' ');
}
