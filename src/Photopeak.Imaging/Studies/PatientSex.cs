namespace Photopeak.Imaging.Studies;

/// <summary>Patient's Sex (0010,0040): M, F, O, or unknown when absent or another value.</summary>
public enum PatientSex { Unknown, Male, Female, Other }
