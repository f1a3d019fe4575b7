using Photopeak.Coding.Catalogue;

namespace Photopeak.Coding.Documentation;

/// <summary>Checks that a report contains every element its codes require (documentation check before signing and billing).</summary>
public static class DocumentationCheck
{
    /// <summary>Lists the required elements absent from <paramref name="present"/>, in enum order, each once with all codes requiring it.</summary>
    public static DocumentationCheckResult Check(IEnumerable<CptCode> codes, IReadOnlySet<ReportElement> present)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(present);
        var requiredBy = new SortedDictionary<ReportElement, List<CptCode>>();
        foreach (var code in codes)
            foreach (var element in CodeRequirements.For(code))
            {
                if (present.Contains(element)) continue;
                if (!requiredBy.TryGetValue(element, out var list)) requiredBy[element] = list = [];
                if (!list.Contains(code)) list.Add(code);
            }
        return new DocumentationCheckResult(
            requiredBy.Select(kv => new MissingElement(kv.Key, ReportElementNames.Of(kv.Key), kv.Value)).ToArray());
    }
}
