namespace Photopeak.Network;

/// <summary>A presentation context both sides agreed: its ID, abstract syntax (SOP class) and the one transfer syntax used on it (PS3.8 7.1.1.13).</summary>
public sealed record AcceptedPresentationContext(byte Id, string AbstractSyntax, string TransferSyntax);
