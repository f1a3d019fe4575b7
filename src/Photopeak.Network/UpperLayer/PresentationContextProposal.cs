namespace Photopeak.Network.UpperLayer;

/// <summary>A proposed presentation context: an odd ID, one abstract syntax (SOP class) and the transfer syntaxes offered for it (PS3.8 9.3.2.2).</summary>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
