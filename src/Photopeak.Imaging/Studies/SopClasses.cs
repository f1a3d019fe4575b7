namespace Photopeak.Imaging.Studies;

/// <summary>Names of the storage SOP classes Photopeak meets (PS3.6 Annex A), for people reading output.</summary>
public static class SopClasses
{
    public const string NuclearMedicineImage = "1.2.840.10008.5.1.4.1.1.20";
    public const string RetiredNuclearMedicineImage = "1.2.840.10008.5.1.4.1.1.5";
    public const string PositronEmissionTomographyImage = "1.2.840.10008.5.1.4.1.1.128";

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        [NuclearMedicineImage] = "Nuclear Medicine Image Storage",
        [RetiredNuclearMedicineImage] = "Nuclear Medicine Image Storage (Retired)",
        [PositronEmissionTomographyImage] = "Positron Emission Tomography Image Storage",
        ["1.2.840.10008.5.1.4.1.1.130"] = "Enhanced PET Image Storage",
        ["1.2.840.10008.5.1.4.1.1.7"] = "Secondary Capture Image Storage",
        ["1.2.840.10008.5.1.4.1.1.7.1"] = "Multi-frame Single Bit Secondary Capture Image Storage",
        ["1.2.840.10008.5.1.4.1.1.7.2"] = "Multi-frame Grayscale Byte Secondary Capture Image Storage",
        ["1.2.840.10008.5.1.4.1.1.7.3"] = "Multi-frame Grayscale Word Secondary Capture Image Storage",
        ["1.2.840.10008.5.1.4.1.1.7.4"] = "Multi-frame True Color Secondary Capture Image Storage",
        ["1.2.840.10008.5.1.4.1.1.2"] = "CT Image Storage",
        ["1.2.840.10008.5.1.4.1.1.2.1"] = "Enhanced CT Image Storage",
        ["1.2.840.10008.5.1.4.1.1.4"] = "MR Image Storage",
        ["1.2.840.10008.5.1.4.1.1.4.1"] = "Enhanced MR Image Storage",
        ["1.2.840.10008.5.1.4.1.1.6.1"] = "Ultrasound Image Storage",
        ["1.2.840.10008.5.1.4.1.1.1"] = "Computed Radiography Image Storage",
        ["1.2.840.10008.5.1.4.1.1.481.2"] = "RT Dose Storage",
        ["1.2.840.10008.5.1.4.1.1.481.5"] = "RT Plan Storage",
        ["1.2.840.10008.5.1.4.1.1.481.8"] = "RT Ion Plan Storage",
        ["1.2.840.10008.5.1.4.1.1.88.11"] = "Basic Text SR Storage",
        ["1.2.840.10008.5.1.4.1.1.88.22"] = "Enhanced SR Storage",
        ["1.2.840.10008.5.1.4.1.1.88.33"] = "Comprehensive SR Storage",
        ["1.2.840.10008.5.1.4.1.1.88.3"] = "Detail SR Storage - Trial (Retired)",
        ["1.2.840.10008.5.1.4.1.1.104.1"] = "Encapsulated PDF Storage",
        ["1.2.840.10008.5.1.4.1.1.66"] = "Raw Data Storage",
        ["1.2.840.10008.1.3.10"] = "Media Storage Directory Storage",
    };

    /// <summary>The SOP class name, or the UID itself when it is not in the table (null for null).</summary>
    public static string? NameOf(string? uid) => uid is null ? null : Names.GetValueOrDefault(uid, uid);

    /// <summary>True for the NM Image SOP classes (current and retired).</summary>
    public static bool IsNuclearMedicine(string? uid) => uid is NuclearMedicineImage or RetiredNuclearMedicineImage;
}
