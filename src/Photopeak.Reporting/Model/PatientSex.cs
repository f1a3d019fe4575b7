namespace Photopeak.Reporting.Model;

/// <summary>Patient sex as DICOM (0010,0040) codes it: F, M, O, or unknown (empty).</summary>
public enum PatientSex
{
    Unknown,
    Female,
    Male,
    Other,
}
