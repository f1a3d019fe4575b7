namespace Photopeak.Reconstruction.Export;

/// <summary>Patient, study and series attributes for a RECON TOMO output; UIDs are generated when absent.</summary>
public sealed record ReconTomoSeries
{
    public string PatientId { get; init; } = "";
    public string PatientName { get; init; } = "";
    public string PatientBirthDate { get; init; } = "";
    public string PatientSex { get; init; } = "";
    public string? StudyInstanceUid { get; init; }
    public string StudyDate { get; init; } = "";
    public string StudyTime { get; init; } = "";
    public string StudyId { get; init; } = "";
    public string AccessionNumber { get; init; } = "";
    public string? FrameOfReferenceUid { get; init; }
    public string? SeriesInstanceUid { get; init; }
    public int SeriesNumber { get; init; } = 900;
    /// <summary>Describes the reconstruction, e.g. "OSEM 4i8s AC PSF TEW, Gauss 8 mm".</summary>
    public string SeriesDescription { get; init; } = "Photopeak reconstruction";
    /// <summary>Reconstruction algorithm summary written to Convolution Kernel (0018,1210), e.g. "OSEM 4x8".</summary>
    public string Method { get; init; } = "";
    /// <summary>Unit of the voxel values, for the Real World Value Mapping (e.g. "counts", "Bq/ml").</summary>
    public string ValueUnit { get; init; } = "counts";
    /// <summary>Patient (LPS) position of the volume centre, mm (the axis of rotation at the middle row); origin when unknown.</summary>
    public (double X, double Y, double Z) VolumeCentreMm { get; init; }
    /// <summary>Acquisition Date (0008,0022) and Time (0008,0032) of the source projections (the scan start that Bq/ml refers to); empty = not written.</summary>
    public string AcquisitionDate { get; init; } = "";
    public string AcquisitionTime { get; init; } = "";
    /// <summary>Corrected Image (0028,0051) values, e.g. DECY, ATTN, SCAT; empty = not written.</summary>
    public IReadOnlyList<string> CorrectedImage { get; init; } = [];
    /// <summary>The source's Radiopharmaceutical Information Sequence item (tracer, dose, injection time, half-life), copied as it is; null = empty sequence.</summary>
    public Photopeak.Dicom.DicomDataset? Radiopharmaceutical { get; init; }
    /// <summary>SOP class and instance of the source projections, written to the Source Image Sequence; null = none.</summary>
    public (string SopClassUid, string SopInstanceUid)? Source { get; init; }
}
