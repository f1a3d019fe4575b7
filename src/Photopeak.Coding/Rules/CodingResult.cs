using Photopeak.Coding.Catalogue;

namespace Photopeak.Coding.Rules;

/// <summary>The codes chosen for a study, each with its reason, plus notes for the coder on what was deliberately not chosen.</summary>
public sealed record CodingResult(IReadOnlyList<CodeSelection> Selections, IReadOnlyList<string> Notes)
{
    /// <summary>The selected codes, in order (primary first, add-on last).</summary>
    public IReadOnlyList<CptCode> Codes => Selections.Select(s => s.Code).ToArray();

    /// <summary>True if the code (e.g. "0331T") was selected.</summary>
    public bool Contains(string code) => Selections.Any(s => s.Code.Code == code.TrimStart('+'));
}
