using Photopeak.Dicom;

namespace Photopeak.Imaging.Frames;

/// <summary>The NM frame index vectors a Frame Increment Pointer (0028,0009) may name (PS3.3 C.8.4.8).</summary>
public enum FrameVector
{
    EnergyWindow,
    Detector,
    Phase,
    Rotation,
    RRInterval,
    TimeSlot,
    Slice,
    AngularView,
    TimeSlice,
}

/// <summary>Tags and words for <see cref="FrameVector"/>.</summary>
public static class FrameVectors
{
    /// <summary>The vector attribute, e.g. Detector Vector (0054,0020).</summary>
    public static DicomTag Tag(this FrameVector v) => v switch
    {
        FrameVector.EnergyWindow => DicomTags.EnergyWindowVector,
        FrameVector.Detector => DicomTags.DetectorVector,
        FrameVector.Phase => DicomTags.PhaseVector,
        FrameVector.Rotation => DicomTags.RotationVector,
        FrameVector.RRInterval => DicomTags.RRIntervalVector,
        FrameVector.TimeSlot => DicomTags.TimeSlotVector,
        FrameVector.Slice => DicomTags.SliceVector,
        FrameVector.AngularView => DicomTags.AngularViewVector,
        FrameVector.TimeSlice => DicomTags.TimeSliceVector,
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    /// <summary>The attribute declaring how many values the vector's indices may take (null for Angular View, counted per rotation).</summary>
    public static DicomTag? CountTag(this FrameVector v) => v switch
    {
        FrameVector.EnergyWindow => DicomTags.NumberOfEnergyWindows,
        FrameVector.Detector => DicomTags.NumberOfDetectors,
        FrameVector.Phase => DicomTags.NumberOfPhases,
        FrameVector.Rotation => DicomTags.NumberOfRotations,
        FrameVector.RRInterval => DicomTags.NumberOfRRIntervals,
        FrameVector.TimeSlot => DicomTags.NumberOfTimeSlots,
        FrameVector.Slice => DicomTags.NumberOfSlices,
        FrameVector.TimeSlice => DicomTags.NumberOfTimeSlices,
        _ => null,
    };

    /// <summary>The vector a tag names, or null if the tag is not an NM frame vector.</summary>
    public static FrameVector? FromTag(DicomTag tag)
    {
        foreach (var v in Enum.GetValues<FrameVector>())
        {
            if (v.Tag() == tag) return v;
        }
        return null;
    }

    /// <summary>"detector" / "detectors" and so on, for layouts such as "2 detectors x 60 views".</summary>
    public static string Noun(this FrameVector v, int count)
    {
        var singular = v switch
        {
            FrameVector.EnergyWindow => "energy window",
            FrameVector.Detector => "detector",
            FrameVector.Phase => "phase",
            FrameVector.Rotation => "rotation",
            FrameVector.RRInterval => "R-R interval",
            FrameVector.TimeSlot => "time slot",
            FrameVector.Slice => "slice",
            FrameVector.AngularView => "view",
            FrameVector.TimeSlice => "time slice",
            _ => v.ToString(),
        };
        return count == 1 ? singular : singular + "s";
    }
}
