namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Draft PE categories for the physician to confirm or change: PISAPED (perfusion + radiograph) [Miniati1996] and modified PIOPED II
/// [Sostman2008][Gottschalk2007]. Photopeak proposes from the detected defects; the physician's category is the one reported.
/// </summary>
public sealed record PulmonaryEmbolismAssessment(string Pisaped, string ModifiedPiopedII, string DraftImpression, IReadOnlyList<string> Caveats)
{
    /// <summary>Proposes categories from the defects; <paramref name="radiographKnown"/> false adds the caveat that both schemes need it.</summary>
    public static PulmonaryEmbolismAssessment Propose(IReadOnlyList<LungDefectFinding> defects, bool ventilation, bool radiographKnown)
    {
        var caveats = new List<string>();
        if (!radiographKnown)
            caveats.Add("No chest radiograph/CT correlation supplied: both schemes assume a regionally normal radiograph; confirm.");
        if (!ventilation)
            caveats.Add("No ventilation study: defects are treated as mismatched against a normal radiograph (perfusion-only reading).");
        caveats.Add("Draft proposed by software from automatic defect detection; the physician confirms the category.");
        if (defects.Count == 0)
            return new("normal", "normal (PE absent)", "Normal perfusion. No scintigraphic evidence of pulmonary embolism.", caveats);

        // Arithmetic equivalent of segments: large = 1, moderate = 0.5 (Gottschalk 2007); small defects do not count.
        double Weight(LungDefectFinding d) => d.Size == DefectSize.Large ? 1 : d.Size == DefectSize.Moderate ? 0.5 : 0;
        var mismatched = defects.Where(d => d.Matched != true).ToList();
        var matched = defects.Where(d => d.Matched == true).ToList();
        var mismatchEquivalent = mismatched.Sum(Weight);
        var segmental = defects.Where(d => d.Size != DefectSize.Small).ToList();

        var pisaped = mismatched.Any(d => d.Size != DefectSize.Small)
            ? "abnormal, compatible with PE (wedge-shaped, pleural-based defect(s))"
            : "abnormal, not compatible with PE";
        string pioped;
        if (mismatchEquivalent >= 2) pioped = "PE present (≥2 large mismatched segmental defects or arithmetic equivalent)";
        else if (segmental.Count == 0 && defects.Count <= 3) pioped = "very low probability (1–3 small segmental defects)";
        else if (mismatched.Count == 0 && matched.Count >= 2) pioped = "very low probability (≥2 matched defects with regionally normal radiograph)";
        else pioped = "nondiagnostic";

        var list = string.Join("; ", defects.Select(d => d.ToString()));
        var impression = pioped.StartsWith("PE present", StringComparison.Ordinal)
            ? $"Multiple mismatched segmental perfusion defects ({list}): high likelihood of pulmonary embolism (modified PIOPED II: PE present; PISAPED: {pisaped})."
            : $"Perfusion defects: {list}. Modified PIOPED II: {pioped}; PISAPED: {pisaped}. Correlate with chest radiograph/CT.";
        return new(pisaped, pioped, impression, caveats);
    }
}
