namespace Photopeak.Network.UpperLayer;

/// <summary>
/// The user information item of A-ASSOCIATE-RQ/AC (PS3.8 9.3.2.3, PS3.7 Annex D): maximum PDU length the sender can receive
/// (0: no limit), implementation class UID and version name; other sub-items are kept as they came.
/// </summary>
public sealed record UserInformation(uint MaxPduLength, string ImplementationClassUid, string? ImplementationVersionName)
{
    /// <summary>Sub-items other than 0x51, 0x52 and 0x55 (asynchronous operations, role selection, user identity...), type and value.</summary>
    public IReadOnlyList<(byte Type, byte[] Value)> OtherItems { get; init; } = [];
}
