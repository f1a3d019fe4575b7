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
            .InAcquisitionOrder();

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

    /// <summary>The acquisitions a blood-pool procedure analyses: the recognised ones, or, when the procedure was stated, every
    /// acquisition of <paramref name="type"/>; throws <see cref="ProcedureInputException"/> with <paramref name="whyNot"/> when
    /// there is none.</summary>
    public static IReadOnlyList<NmAcquisition> Selected(Study study, Pipeline.ProcedureRequest request, IReadOnlyList<NmAcquisition> recognised,
        NmImageType type, string? whyNot)
    {
        if (recognised.Count > 0) return recognised;
        var ofType = study.Acquisitions.Where(a => a.ImageType == type).ToList();
        if (!request.ProcedureStated || ofType.Count == 0)
            throw new ProcedureInputException($"study {study.StudyInstanceUid}: {whyNot}");
        return ofType;
    }

    private static readonly string[] FirstPassDescription = ["first pass", "first-pass", "firstpass", "fprna", "fpra", "angiocardiogra", "radionuclide angiogra"];

    /// <summary>The study's first-pass acquisitions: DYNAMIC with frames of at most 100 ms, or so described, in acquisition order.
    /// With static perfusion views beside them they belong to the perfusion study (its EF is part of 78453/78454).</summary>
    public static IReadOnlyList<NmAcquisition> FirstPass(Study study) =>
        study.Acquisitions.Any(a => a.ImageType == NmImageType.Static && Says(Tracer(a), PerfusionTracer)) ? [] : FirstPassAcquisitions(study);

    /// <summary>DYNAMIC acquisitions with first-pass frames or so described, whatever else the study holds (a perfusion study
    /// takes its first pass from here).</summary>
    public static IReadOnlyList<NmAcquisition> FirstPassAcquisitions(Study study) =>
        study.Acquisitions.Where(a => a.ImageType == NmImageType.Dynamic && (Says(Description(a), FirstPassDescription) || ShortFrames(a)))
            .InAcquisitionOrder();

    /// <summary>Why the study is not a first-pass study, or null when it is.</summary>
    public static string? WhyNotFirstPass(Study study)
    {
        var dynamic = study.Acquisitions.Where(a => a.ImageType == NmImageType.Dynamic).ToList();
        if (dynamic.Count == 0) return "no DYNAMIC acquisition (Image Type (0008,0008) value 3)";
        if (FirstPass(study).Count > 0) return null;
        if (study.Acquisitions.Any(a => a.ImageType == NmImageType.Static && Says(Tracer(a), PerfusionTracer)))
            return "the dynamic acquisition comes with perfusion views: a first pass during the perfusion injection belongs to the perfusion study";
        return "no DYNAMIC acquisition with frames of 100 ms or less (Actual Frame Duration (0018,1242)) or a first-pass series description";
    }

    // Any phase of short frames: a camera may put a slower phase before or after the first pass.
    private static bool ShortFrames(NmAcquisition a) =>
        a.FrameProblem is null && Enumerable.Range(0, a.Frames.Count).Any(f => a.FrameDurationMs(f) is > 0 and <= Photopeak.Procedures.CardiacFunction.FirstPassFrames.LongestFrameMs);

    private static string Tracer(NmAcquisition a) => string.Join(" ", a.Radiopharmaceuticals.Select(r =>
        $"{r.Name} {r.RadiopharmaceuticalCode?.Meaning}")).ToLowerInvariant();

    private static string Description(NmAcquisition a) => (a.SeriesDescription ?? "").ToLowerInvariant();

    private static bool Says(string text, string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));
}
