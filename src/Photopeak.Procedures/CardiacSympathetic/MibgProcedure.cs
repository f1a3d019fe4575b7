using Photopeak.Procedures.CardiacSpect;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.Pipeline;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>Cardiac sympathetic innervation imaging with I-123 mIBG (0331T planar, 0332T with SPECT), CLINICAL §2.</summary>
public sealed class MibgProcedure : IProcedure
{
    public string Name => "mibg";
    public string ResultName => MibgAnalysis.ProcedureId;
    public string Title => "I-123 mIBG cardiac sympathetic imaging";

    /// <summary>Fits when the tracer (code or name) or, without a Radiopharmaceutical Information Sequence, a series description says mIBG,
    /// unless the study is mIBG tumour SPECT (<see cref="TumourLocalisation.TumourSpectRecognition"/>).</summary>
    public ProcedureFit Fits(Study study) =>
        MibgStudyRecognition.WhyNotMibg(study) is { } why ? ProcedureFit.No(why)
        : TumourLocalisation.TumourSpectRecognition.WhyNot(study) is null
            ? ProcedureFit.No("SPECT beds without static heart images: mIBG tumour imaging (tumour-spect), not cardiac innervation")
            : ProcedureFit.Yes("I-123 mIBG named in the header");

    /// <summary>Analyses with the request's <see cref="MibgOptions"/>, ROIs (and the SPECT LV axis) from <c>--rois</c> when given.</summary>
    public ProcedureOutcome Analyse(Study study, ProcedureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inputs = MibgStudyRecognition.Recognise(study, request.ProcedureStated);
        if (request.LoadWarnings.Count > 0) inputs = inputs with { Warnings = [.. inputs.Warnings, .. request.LoadWarnings] };
        var rois = request.RoisPath is null ? null : ResultJson.ReadRois(request.RoisPath);
        var analysis = MibgAnalysis.Analyse(inputs, rois, request.OptionsOf<MibgOptions>().SiteConversion);
        var sources = new List<NmAcquisition> { analysis.Inputs.Early.Acquisition };
        if (analysis.Inputs.Late is { } late) sources.Add(late.Acquisition);
        sources.AddRange(analysis.Inputs.Spect);
        var images = new Dictionary<string, Photopeak.Imaging.Pixels.Image2D> { ["early"] = analysis.Inputs.Early.Image };
        if (analysis.Inputs.Late is { } lateImage) images["late"] = lateImage.Image;
        // The SPECT's polar map beside them (no ROI on it): the review shows what the segment scores were read from.
        if (analysis.Spect is { } assessed) images["polar-map"] = assessed.Map.BullsEye(128);
        return new ProcedureOutcome(analysis.Result, ResultJson.Serialize(analysis.Result), MibgReportBuilder.Build(analysis),
            sources.Distinct().Select(a => a.DerivationSource()).ToList(), MibgSummary.Lines(analysis.Result))
        {
            RoiImages = images,
            Volumes = analysis.Spect is { } spect ? new Dictionary<string, PatientVolume> { ["spect"] = spect.Volume } : new Dictionary<string, PatientVolume>(),
        };
    }

    /// <summary>Loads <paramref name="path"/> and analyses the mIBG study in it (tests and calibration call this directly; the
    /// command line goes through <see cref="ProcedureRunner"/>). Throws <see cref="ProcedureInputException"/> when there is no
    /// usable mIBG study.</summary>
    public static MibgAnalysisResult Run(string path, IReadOnlyList<RoiDefinition>? rois = null, ConversionCoefficient? siteConversion = null)
    {
        var loaded = StudyLoader.Load(path);
        var selection = ProcedureRegistry.Default.Select(loaded.Studies, "mibg", path);
        var inputs = MibgStudyRecognition.Recognise(selection.Study);
        var notes = ProcedureRunner.LoadNotes(loaded).Concat(selection.Notes).ToList();
        if (notes.Count > 0) inputs = inputs with { Warnings = [.. inputs.Warnings, .. notes] };
        return MibgAnalysis.Analyse(inputs, rois, siteConversion);
    }
}
