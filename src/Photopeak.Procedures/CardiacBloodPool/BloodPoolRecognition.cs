using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.CardiacBloodPool;

/// <summary>Tells a gated equilibrium blood-pool study (Tc-99m red cells; MUGA, ERNA, RNV) from the header.</summary>
internal static class BloodPoolRecognition
{
    private static readonly string[] BloodPoolTracer = ["red blood cell", "red cell", "erythrocyte", "rbc", "pyrophosphate", "ultratag"];
    private static readonly string[] BloodPoolDescription = ["blood pool", "bloodpool", "muga", "erna", "rnv", "ventriculogra", "gated pool", "gbp"];
    private static readonly string[] PerfusionTracer = ["sestamibi", "mibi", "tetrofosmin", "myoview", "thallium", "tl-201", "201tl"];

    /// <summary>The study's GATED acquisitions that show a blood-pool study, in acquisition order.</summary>
    public static IReadOnlyList<NmAcquisition> GatedBloodPool(Study study) =>
        study.Acquisitions.Where(a => a.ImageType == NmImageType.Gated && !Says(Tracer(a), PerfusionTracer)
                && (Says(Tracer(a), BloodPoolTracer) || Says(Description(a), BloodPoolDescription)))
            .OrderBy(a => a.AcquisitionDateTime ?? DateTime.MaxValue).ThenBy(a => a.SeriesNumber ?? int.MaxValue).ToList();

    /// <summary>Why the study is not a gated blood-pool study, or null when it is.</summary>
    public static string? WhyNot(Study study)
    {
        var gated = study.Acquisitions.Where(a => a.ImageType == NmImageType.Gated).ToList();
        if (gated.Count == 0) return "no GATED acquisition (Image Type (0008,0008) value 3)";
        if (GatedBloodPool(study).Count > 0) return null;
        if (gated.Any(a => Says(Tracer(a), PerfusionTracer)))
            return "the gated acquisition is of a perfusion tracer (sestamibi, tetrofosmin or thallium): its EF belongs to the perfusion study";
        return "a GATED acquisition without a blood-pool tracer (Tc-99m red blood cells in the Radiopharmaceutical Information Sequence) or a blood-pool series description (blood pool, MUGA, ERNA, RNV)";
    }

    private static string Tracer(NmAcquisition a) => string.Join(" ", a.Radiopharmaceuticals.Select(r =>
        $"{r.Name} {r.RadiopharmaceuticalCode?.Meaning}")).ToLowerInvariant();

    private static string Description(NmAcquisition a) => (a.SeriesDescription ?? "").ToLowerInvariant();

    private static bool Says(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));
}
