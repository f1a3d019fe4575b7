using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>What recognition found in a study: the early and late anterior images (late null when missing), any
/// SPECT acquisitions (TOMO or RECON TOMO), the tracer and how it was recognised, and warnings.</summary>
public sealed record MibgStudyInputs(
    MibgPlanarImage Early,
    MibgPlanarImage? Late,
    IReadOnlyList<NmAcquisition> Spect,
    Radiopharmaceutical? Radiopharmaceutical,
    DateTime? InjectionTime,
    string TracerEvidence,
    IReadOnlyList<string> Warnings)
{
    public string? PatientId => Early.Acquisition.PatientId;
}
