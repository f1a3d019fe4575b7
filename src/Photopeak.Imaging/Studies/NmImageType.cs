namespace Photopeak.Imaging.Studies;

/// <summary>
/// NM Image Type, value 3 of Image Type (0008,0008) (PS3.3 C.8.4.7.1.1). <see cref="Unknown"/>: no value 3;
/// <see cref="Other"/>: a value that is not an NM type, or an object that is not of an NM SOP class.
/// </summary>
public enum NmImageType
{
    Unknown,
    Static,
    Dynamic,
    Gated,
    WholeBody,
    Tomo,
    GatedTomo,
    ReconTomo,
    ReconGatedTomo,
    Other,
}

/// <summary>Text forms of <see cref="NmImageType"/>.</summary>
public static class NmImageTypes
{
    /// <summary>The type for a defined term such as "GATED TOMO", or null.</summary>
    public static NmImageType? Parse(string? value3) => value3?.Trim().ToUpperInvariant() switch
    {
        "STATIC" => NmImageType.Static,
        "DYNAMIC" => NmImageType.Dynamic,
        "GATED" => NmImageType.Gated,
        "WHOLE BODY" => NmImageType.WholeBody,
        "TOMO" => NmImageType.Tomo,
        "GATED TOMO" => NmImageType.GatedTomo,
        "RECON TOMO" => NmImageType.ReconTomo,
        "RECON GATED TOMO" => NmImageType.ReconGatedTomo,
        _ => null,
    };

    /// <summary>The DICOM defined term ("WHOLE BODY"), or UNKNOWN / OTHER.</summary>
    public static string ToDicomTerm(this NmImageType type) => type switch
    {
        NmImageType.WholeBody => "WHOLE BODY",
        NmImageType.GatedTomo => "GATED TOMO",
        NmImageType.ReconTomo => "RECON TOMO",
        NmImageType.ReconGatedTomo => "RECON GATED TOMO",
        _ => type.ToString().ToUpperInvariant(),
    };

    /// <summary>Vectors the NM Image module requires in the Frame Increment Pointer for each type (NM Multi-frame module, PS3.3 C.8.4.8).</summary>
    internal static Frames.FrameVector[] RequiredVectors(this NmImageType type) => type switch
    {
        NmImageType.Static or NmImageType.WholeBody => [Frames.FrameVector.EnergyWindow, Frames.FrameVector.Detector],
        NmImageType.Dynamic => [Frames.FrameVector.EnergyWindow, Frames.FrameVector.Detector, Frames.FrameVector.Phase, Frames.FrameVector.TimeSlice],
        NmImageType.Gated => [Frames.FrameVector.EnergyWindow, Frames.FrameVector.Detector, Frames.FrameVector.RRInterval, Frames.FrameVector.TimeSlot],
        NmImageType.Tomo => [Frames.FrameVector.EnergyWindow, Frames.FrameVector.Detector, Frames.FrameVector.Rotation, Frames.FrameVector.AngularView],
        NmImageType.GatedTomo => [Frames.FrameVector.EnergyWindow, Frames.FrameVector.Detector, Frames.FrameVector.Rotation, Frames.FrameVector.RRInterval, Frames.FrameVector.TimeSlot, Frames.FrameVector.AngularView],
        NmImageType.ReconTomo => [Frames.FrameVector.Slice],
        NmImageType.ReconGatedTomo => [Frames.FrameVector.RRInterval, Frames.FrameVector.TimeSlot, Frames.FrameVector.Slice],
        _ => [],
    };
}
