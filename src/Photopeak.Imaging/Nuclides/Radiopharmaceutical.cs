namespace Photopeak.Imaging.Nuclides;

/// <summary>
/// One item of the Radiopharmaceutical Information Sequence (0054,0016). <see cref="TotalDoseMBq"/> is Radionuclide Total
/// Dose (0018,1074), which the NM module states in MBq but PET in Bq [DICOM C.8.4.10.1.7]; it is converted for PET SOP classes.
/// <see cref="HalfLifeSeconds"/> is as written in the file (0018,1075); <see cref="Radionuclide"/> is the table entry recognised
/// from the codes or names, whose half-life is the one to compute with.
/// </summary>
public sealed record Radiopharmaceutical(
    string? Name,
    DateTime? StartDateTime,
    double? TotalDoseMBq,
    double? HalfLifeSeconds,
    CodedEntry? RadionuclideCode,
    CodedEntry? RadiopharmaceuticalCode,
    Radionuclide? Radionuclide);
