using Photopeak.Coding.Catalogue;

namespace Photopeak.Coding.Rules;

/// <summary>A selected code and the sentence that explains, in the report, why it was chosen.</summary>
public sealed record CodeSelection(CptCode Code, string Reason);
