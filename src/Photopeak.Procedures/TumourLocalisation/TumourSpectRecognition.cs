using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>
/// Tells a tumour or inflammation SPECT study from the other procedures by its header: a known tracer
/// (<see cref="TumourTracer"/>), SPECT projections (TOMO), and nothing that makes it a cardiac study (static planar heart
/// images of mIBG, a heart or myocardial series description) or parathyroid imaging (a series or study description naming
/// the parathyroid glands), which have codes of their own.
/// </summary>
public static class TumourSpectRecognition
{
    // Folded stems of series descriptions that make a SPECT cardiac (myocardial perfusion, mIBG heart) rather than tumour imaging.
    private static readonly string[] CardiacStems = ["HEART", "CARDIAC", "CARDIO", "MYOCARD", "HERZ", "COEUR", "CUORE", "CORAZON", "MPI"];
    // Folded stems that name the parathyroid glands (English and French, Spanish and Italian, Portuguese, German, Dutch):
    // sestamibi SPECT of the neck for an adenoma is parathyroid imaging, coded 78070–78072, not tumour localisation.
    private static readonly string[] ParathyroidStems = ["PARATHYR", "PARATIROID", "PARATIREOID", "NEBENSCHILD", "BIJSCHILDKLIER"];

    /// <summary>Why the study is not tumour SPECT, or null when it is.</summary>
    public static string? WhyNot(Study study)
    {
        var all = study.Acquisitions.ToList();
        var tomo = Tomo(study);
        if (tomo.Count == 0)
            return all.Any(a => a.ImageType is NmImageType.ReconTomo)
                ? "only reconstructed slices (RECON TOMO); tumour localisation reconstructs from the projections (TOMO)"
                : "no SPECT projections (Image Type (0008,0008) TOMO)";
        var tracer = TumourTracer.Of(all);
        if (tracer is null)
            return "the Radiopharmaceutical Information Sequence (0054,0016) and series descriptions name no tumour or inflammation tracer (" +
                string.Join(", ", TumourTracer.Known.Select(t => t.Name)) + ")";
        var cardiac = all.FirstOrDefault(a => DescriptionText.HasStem(DescriptionText.Fold(a.SeriesDescription), CardiacStems));
        if (cardiac is not null) return $"series '{cardiac.SeriesDescription}' names the heart: cardiac SPECT has its own codes";
        var parathyroid = all.Select(a => a.SeriesDescription).Concat(all.Select(a => a.File.Dataset.GetString(Photopeak.Dicom.DicomTags.StudyDescription)))
            .FirstOrDefault(d => DescriptionText.HasStem(DescriptionText.Fold(d), ParathyroidStems));
        if (parathyroid is not null) return $"'{parathyroid}' names the parathyroid glands: parathyroid imaging has its own codes (78070–78072)";
        if (all.Any(a => a.ImageType == NmImageType.Static))
            return "static planar images beside the SPECT: the protocol of cardiac (mIBG heart-to-mediastinum) or planar imaging, not tumour SPECT";
        return null;
    }

    /// <summary>The SPECT projection acquisitions of the study, in acquisition order.</summary>
    public static List<NmAcquisition> Tomo(Study study) => study.Acquisitions.Where(a => a.ImageType == NmImageType.Tomo)
        .OrderBy(a => a.AcquisitionDateTime ?? DateTime.MaxValue).ThenBy(a => a.SeriesNumber ?? 0).ThenBy(a => a.SourcePath, StringComparer.Ordinal).ToList();
}
