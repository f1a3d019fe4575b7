using Photopeak.Dicom;
using Photopeak.Procedures.Results;
using Photopeak.Reporting.Model;

namespace Photopeak.Procedures.Pipeline;

/// <summary>
/// What an analysis produced: the shared result, its result.json text (the shared shape; a procedure may add keys such as
/// its own ROI form), the draft report, the instances it was made from (for the DICOM report's references and patient data),
/// and the few lines a terminal summary shows.
/// </summary>
public sealed record ProcedureOutcome(
    ProcedureResult Result,
    string ResultJson,
    Report Report,
    IReadOnlyList<DicomDataset> Sources,
    IReadOnlyList<SummaryLine> Summary)
{
    /// <summary>The images the ROIs were drawn on, by the ROIs' "image" names (e.g. early, late), as the analysis read them:
    /// what a viewer draws the ROIs over. Empty where a procedure does not offer them (yet).</summary>
    public IReadOnlyDictionary<string, Photopeak.Imaging.Pixels.Image2D> RoiImages { get; init; } = new Dictionary<string, Photopeak.Imaging.Pixels.Image2D>();

    /// <summary>The reconstructed volumes the analysis measured, in patient coordinates, by name (e.g. day-1, spect): what a
    /// viewer shows as orthogonal slices. Empty for planar procedures.</summary>
    public IReadOnlyDictionary<string, CardiacSpect.PatientVolume> Volumes { get; init; } = new Dictionary<string, CardiacSpect.PatientVolume>();
}

/// <summary>One labelled line of the terminal summary (e.g. "H/M early / late", "1.95 / 1.71").</summary>
public sealed record SummaryLine(string Label, string Text);
