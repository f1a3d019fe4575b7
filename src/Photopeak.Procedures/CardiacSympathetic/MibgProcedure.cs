using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>The mIBG procedure from a folder of DICOM files: load, pick the mIBG study, recognise its images, analyse.</summary>
public static class MibgProcedure
{
    /// <summary>Loads <paramref name="path"/> and analyses the mIBG study in it. Unreadable files become warnings.
    /// Throws <see cref="ProcedureInputException"/> when there is no usable mIBG study.</summary>
    public static MibgAnalysisResult Run(string path, IReadOnlyList<RoiDefinition>? rois = null, ConversionCoefficient? siteConversion = null) =>
        Run(StudyLoader.Load(path), path, rois, siteConversion);

    /// <summary>As <see cref="Run(string, IReadOnlyList{RoiDefinition}?, ConversionCoefficient?)"/> on studies already loaded from <paramref name="path"/>.</summary>
    public static MibgAnalysisResult Run(StudyLoadResult loaded, string path, IReadOnlyList<RoiDefinition>? rois = null, ConversionCoefficient? siteConversion = null)
    {
        if (loaded.Studies.Count == 0)
            throw new ProcedureInputException($"{path}: no readable DICOM study{(loaded.Unreadable.Count > 0 ? $" ({loaded.Unreadable.Count} unreadable files, e.g. {Path.GetFileName(loaded.Unreadable[0].Path)}: {loaded.Unreadable[0].Reason})" : "")}");
        var candidates = loaded.Studies.Where(MibgStudyRecognition.LooksLikeMibg).ToList();
        var study = candidates.Count > 0 ? candidates[0] : loaded.Studies[0];
        var inputs = MibgStudyRecognition.Recognise(study);
        var extra = new List<string>();
        if (loaded.Unreadable.Count > 0) extra.Add($"{loaded.Unreadable.Count} file(s) not read: {string.Join("; ", loaded.Unreadable.Take(3).Select(u => $"{Path.GetFileName(u.Path)} ({u.Reason})"))}");
        if (candidates.Count > 1) extra.Add($"{candidates.Count} mIBG studies in {path}; the first ({study.StudyInstanceUid}) was analysed");
        if (extra.Count > 0) inputs = inputs with { Warnings = [.. inputs.Warnings, .. extra] };
        return MibgAnalysis.Analyse(inputs, rois, siteConversion);
    }
}
