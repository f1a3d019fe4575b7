using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>The views of one tracer (perfusion or ventilation) found in a study, and which tracer it was.</summary>
public sealed record LungStudyViews(string Tracer, IReadOnlyList<LungView> Views)
{
    /// <summary>The view of a kind, or null.</summary>
    public LungView? Find(ViewKind kind) => Views.FirstOrDefault(v => v.Kind == kind);
}
