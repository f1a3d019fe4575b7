using Photopeak.Coding.Documentation;
using Photopeak.Reporting.Model;

namespace Photopeak.Server.Reports;

/// <summary>
/// What the physician states in the review for report elements no image or header can show (thyroid blockade, the stress
/// test, a comparison…): kept with the edited text, written into the draft where a reader looks for it (the technique, or a
/// findings line) and counted by the documentation check. Absent statements change nothing, so reports signed before
/// they existed keep their fingerprint.
/// </summary>
public static class PhysicianStatements
{
    /// <summary>Longest statement, characters.</summary>
    public const int MaxLength = 2000;

    // Elements of how the study was done go into the technique; the others are findings.
    private static readonly ReportElement[] Technique =
        [ReportElement.ThyroidBlockade, ReportElement.StressType, ReportElement.StressAdequacy, ReportElement.ParticleNumber, ReportElement.InjectionPosition];

    /// <summary>The elements a physician may state: facts of the patient and the procedure, not measurements.</summary>
    public static IReadOnlyList<ReportElement> Statable { get; } =
        [.. Technique, ReportElement.Comparison, ReportElement.RadiographCorrelation, ReportElement.Limitations, ReportElement.QualitativeInterpretation];

    /// <summary>Reads an element's name as the API carries it (its enum name, e.g. "thyroidBlockade", case ignored); null
    /// for an unknown name or one the physician cannot state.</summary>
    public static ReportElement? Parse(string name) =>
        Statable.Cast<ReportElement?>().FirstOrDefault(e => string.Equals(e.ToString(), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The element's name in the API: camel case ("thyroidBlockade").</summary>
    public static string Key(ReportElement element) => char.ToLowerInvariant(element.ToString()[0]) + element.ToString()[1..];

    /// <summary>The draft with the statements written in and documented.</summary>
    public static Report Apply(Report report, IReadOnlyDictionary<ReportElement, string> statements)
    {
        if (statements.Count == 0) return report;
        return report.Edit(r =>
        {
            var technique = r.Technique.Description;
            var findings = r.Findings.ToList();
            foreach (var element in Statable)
            {
                if (!statements.TryGetValue(element, out var text) || string.IsNullOrWhiteSpace(text)) continue;
                // A technique element says whose word it is: the header did not carry it (the technique may say so).
                var name = ReportElementNames.Of(element);
                if (Technique.Contains(element)) technique = (technique.TrimEnd() + $" {name} (stated by the physician): {text.Trim().TrimEnd('.')}.").Trim();
                else findings.Add($"{name}: {text.Trim().TrimEnd('.')}.");
            }
            var elements = new HashSet<ReportElement>(r.AdditionalElements);
            elements.UnionWith(statements.Where(s => !string.IsNullOrWhiteSpace(s.Value)).Select(s => s.Key));
            return r with { Technique = r.Technique with { Description = technique }, Findings = findings, AdditionalElements = elements };
        });
    }
}
