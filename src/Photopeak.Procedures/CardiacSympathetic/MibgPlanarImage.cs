using Photopeak.Imaging.Pixels;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// One anterior chest planar image of an mIBG study (photopeak window, anterior detector) with its timing: acquisition
/// start (0008,0022/0032), frame duration (0018,1242) and the mid-frame time used for decay correction (CLINICAL 1.2).
/// </summary>
public sealed record MibgPlanarImage(
    string Label,
    NmAcquisition Acquisition,
    int FrameIndex,
    Image2D Image,
    DateTime AcquisitionStart,
    double DurationSeconds,
    double? HoursAfterInjection,
    string ViewLabel,
    string? CollimatorName,
    double? ZoomFactor)
{
    /// <summary>Acquisition start plus half the frame duration: the time the counts are referred to.</summary>
    public DateTime MidTime => AcquisitionStart.AddSeconds(DurationSeconds / 2);

    /// <summary>Series description, else the file name: how the image is named in messages.</summary>
    public string Name => Acquisition.SeriesDescription ?? Path.GetFileName(Acquisition.SourcePath) ?? "unnamed series";

    public int Rows => Image.Height;
    public int Columns => Image.Width;

    /// <summary>Pixel spacing in mm (square pixels assumed for ROI geometry; rows and columns must agree within 1%).</summary>
    public double PixelMm => Image.PixelSpacingMm?.ColumnMm ?? throw new ProcedureInputException(
        $"{Name} ({Path.GetFileName(Acquisition.SourcePath)}): (0028,0030) PixelSpacing {Acquisition.MissingOrInvalid(Photopeak.Dicom.DicomTags.PixelSpacing)}; ROI sizes in mm cannot be set");
}
