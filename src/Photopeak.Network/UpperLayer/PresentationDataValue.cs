namespace Photopeak.Network.UpperLayer;

/// <summary>
/// One presentation data value item of a P-DATA-TF PDU: a fragment of a command or data set for one presentation context,
/// with the message control header's command and last-fragment bits (PS3.8 9.3.5.1, Annex E.2).
/// </summary>
public readonly record struct PresentationDataValue(byte ContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Fragment);
