using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>
/// A tumour or inflammation tracer Photopeak localises with (CLINICAL §4 "Agents"): how the header names it, and where it
/// goes in a normal patient, so that uptake there is told apart from lesions and the report can say what was expected.
/// </summary>
public sealed record TumourTracer(string Name, IReadOnlyList<Radionuclide> Nuclides, IReadOnlyList<string> Stems, string PhysiologicalUptake)
{
    /// <summary>The tracers of this procedure family; pairs with their own codes (bone, brain, parathyroid, heart) are left out.</summary>
    public static IReadOnlyList<TumourTracer> Known { get; } =
    [
        // Physiological distributions: EANM procedure guidelines (mIBG Bombardieri 2010, somatostatin receptor Bombardieri 2010,
        // Ga-67 and labelled leukocytes Signore/de Vries 2010) [?: summarised, not quoted].
        new("I-123/I-131 iobenguane (mIBG)", [Radionuclide.I123, Radionuclide.I131], ["IOBENGUAN", "MIBG", "IODOBENZYLGUANIDIN", "ADREVIEW"],
            "salivary glands, heart, liver, spleen, faint adrenals, bowel, bladder"),
        new("In-111 pentetreotide", [Radionuclide.In111], ["PENTETREOTID", "OCTREOSCAN", "OCTREOTID"],
            "liver, spleen, kidneys, bladder, bowel, thyroid, pituitary"),
        new("Ga-67 citrate", [Radionuclide.Ga67], ["GALLIUM", "CITRAT", "GA67", "GA 67"],
            "liver, bone marrow, bowel, lacrimal and salivary glands, breasts"),
        new("labelled leukocytes", [Radionuclide.In111, Radionuclide.Tc99m], ["LEUKOCYT", "LEUCOCYT", "WBC", "WHITE BLOOD", "OXIN", "OXINAT"],
            "spleen, liver, bone marrow"),
        new("Tc-99m sestamibi", [Radionuclide.Tc99m], ["SESTAMIBI", "MIBI", "CARDIOLITE"],
            "salivary glands, thyroid, heart, liver, bowel, kidneys"),
    ];

    /// <summary>True when the thyroid is part of the tracer's normal distribution (its two lobes are then set aside,
    /// <see cref="ThyroidLobes"/>).</summary>
    public bool TakesUpThyroid => PhysiologicalUptake.Contains("thyroid", StringComparison.Ordinal);

    /// <summary>The tracer named by the Radiopharmaceutical Information Sequence, or else by the series descriptions (with the
    /// nuclide); null when none of <see cref="Known"/> is named.</summary>
    public static TumourTracer? Of(IReadOnlyList<NmAcquisition> acquisitions)
    {
        foreach (var rp in acquisitions.SelectMany(a => a.Radiopharmaceuticals))
        {
            var text = DescriptionText.Fold($"{rp.Name} {rp.RadiopharmaceuticalCode?.Meaning}");
            var named = Known.FirstOrDefault(t => DescriptionText.HasStem(text, t.Stems) && (rp.Radionuclide is null || t.Nuclides.Contains(rp.Radionuclide)));
            if (named is not null) return named;
            // Ga-67 is given as citrate: the nuclide alone names the agent.
            if (rp.Radionuclide == Radionuclide.Ga67) return Known.First(t => t.Nuclides.Contains(Radionuclide.Ga67));
        }
        var descriptions = DescriptionText.Fold(string.Join(' ', acquisitions.Select(a => a.SeriesDescription)));
        var nuclides = acquisitions.Select(a => a.Radionuclide).OfType<Radionuclide>().ToHashSet();
        return Known.FirstOrDefault(t => DescriptionText.HasStem(descriptions, t.Stems) && (nuclides.Count == 0 || nuclides.Overlaps(t.Nuclides)));
    }
}
