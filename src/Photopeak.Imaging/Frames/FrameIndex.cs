namespace Photopeak.Imaging.Frames;

/// <summary>
/// Where one frame sits in the acquisition: the 1-based DICOM indices from each vector named by the Frame Increment Pointer,
/// kept as written; null where the acquisition has no such vector. <see cref="Frame"/> is the 0-based position in Pixel Data.
/// </summary>
public sealed record FrameIndex(
    int Frame,
    int? EnergyWindow = null,
    int? Detector = null,
    int? Phase = null,
    int? Rotation = null,
    int? RRInterval = null,
    int? TimeSlot = null,
    int? Slice = null,
    int? AngularView = null,
    int? TimeSlice = null)
{
    /// <summary>The index for one vector, or null.</summary>
    public int? this[FrameVector vector] => vector switch
    {
        FrameVector.EnergyWindow => EnergyWindow,
        FrameVector.Detector => Detector,
        FrameVector.Phase => Phase,
        FrameVector.Rotation => Rotation,
        FrameVector.RRInterval => RRInterval,
        FrameVector.TimeSlot => TimeSlot,
        FrameVector.Slice => Slice,
        FrameVector.AngularView => AngularView,
        FrameVector.TimeSlice => TimeSlice,
        _ => null,
    };
}
