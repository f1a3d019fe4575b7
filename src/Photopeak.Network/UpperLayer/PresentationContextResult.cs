namespace Photopeak.Network.UpperLayer;

/// <summary>The acceptor's answer to one proposed presentation context (PS3.8 9.3.3.2); the transfer syntax matters only when accepted.</summary>
public sealed record PresentationContextResult(byte Id, PresentationContextOutcome Outcome, string TransferSyntax);
