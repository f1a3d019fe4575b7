using Photopeak.Coding.Catalogue;

namespace Photopeak.Coding.Documentation;

/// <summary>An element the report lacks, its readable name, and the codes that require it.</summary>
public sealed record MissingElement(ReportElement Element, string Name, IReadOnlyList<CptCode> RequiredBy)
{
    public override string ToString() => $"{Name} (required by {string.Join(", ", RequiredBy.Select(c => c.Display))})";
}
