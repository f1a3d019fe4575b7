namespace Photopeak.Coding.Documentation;

/// <summary>Result of checking a report's content against the elements its codes require.</summary>
public sealed record DocumentationCheckResult(IReadOnlyList<MissingElement> Missing)
{
    /// <summary>True when the report documents everything its codes require.</summary>
    public bool IsComplete => Missing.Count == 0;
}
