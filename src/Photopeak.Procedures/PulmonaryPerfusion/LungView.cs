using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Pixels;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>One planar view of a lung study: its kind, the photopeak frame read from the acquisition, and how it was recognised.</summary>
public sealed record LungView(ViewKind Kind, string Label, NmAcquisition Acquisition, int Frame, Image2D Image, bool RecognisedFromDescription)
{
    /// <summary>Acquisition duration of the frame in seconds, or null when the file gives none.</summary>
    public double? DurationSeconds => Acquisition.FrameDurationMs(Frame) is { } ms ? ms / 1000 : null;
}
