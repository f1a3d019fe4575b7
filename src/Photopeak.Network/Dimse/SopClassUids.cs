namespace Photopeak.Network.Dimse;

/// <summary>SOP class UIDs of the services and storage classes Photopeak serves (PS3.4 Annex A, B.5, C.6, PS3.6 Annex A).</summary>
public static class SopClassUids
{
    /// <summary>Verification (C-ECHO).</summary>
    public const string Verification = "1.2.840.10008.1.1";
    /// <summary>Study Root Query/Retrieve Information Model - FIND.</summary>
    public const string StudyRootFind = "1.2.840.10008.5.1.4.1.2.2.1";
    /// <summary>Nuclear Medicine Image Storage.</summary>
    public const string NuclearMedicineImage = "1.2.840.10008.5.1.4.1.1.20";
    /// <summary>CT Image Storage.</summary>
    public const string CTImage = "1.2.840.10008.5.1.4.1.1.2";
    /// <summary>Enhanced CT Image Storage.</summary>
    public const string EnhancedCTImage = "1.2.840.10008.5.1.4.1.1.2.1";
    /// <summary>Positron Emission Tomography Image Storage.</summary>
    public const string PetImage = "1.2.840.10008.5.1.4.1.1.128";
    /// <summary>Secondary Capture Image Storage.</summary>
    public const string SecondaryCaptureImage = "1.2.840.10008.5.1.4.1.1.7";
    /// <summary>Multi-frame Grayscale Word Secondary Capture Image Storage.</summary>
    public const string MultiFrameGrayscaleWordSecondaryCapture = "1.2.840.10008.5.1.4.1.1.7.3";
    /// <summary>Multi-frame True Color Secondary Capture Image Storage.</summary>
    public const string MultiFrameTrueColorSecondaryCapture = "1.2.840.10008.5.1.4.1.1.7.4";
    /// <summary>Encapsulated PDF Storage.</summary>
    public const string EncapsulatedPdf = "1.2.840.10008.5.1.4.1.1.104.1";
    /// <summary>Basic Text SR Storage.</summary>
    public const string BasicTextSR = "1.2.840.10008.5.1.4.1.1.88.11";
    /// <summary>Enhanced SR Storage.</summary>
    public const string EnhancedSR = "1.2.840.10008.5.1.4.1.1.88.22";
    /// <summary>Comprehensive SR Storage.</summary>
    public const string ComprehensiveSR = "1.2.840.10008.5.1.4.1.1.88.33";

    /// <summary>Storage SOP classes a node accepts by C-STORE.</summary>
    public static IReadOnlySet<string> Storage { get; } = new HashSet<string>
    {
        NuclearMedicineImage, CTImage, EnhancedCTImage, PetImage, SecondaryCaptureImage, MultiFrameGrayscaleWordSecondaryCapture,
        MultiFrameTrueColorSecondaryCapture, EncapsulatedPdf, BasicTextSR, EnhancedSR, ComprehensiveSR,
    };

    /// <summary>Every abstract syntax a node accepts: verification, query and storage.</summary>
    public static IReadOnlySet<string> Accepted { get; } = new HashSet<string>(Storage) { Verification, StudyRootFind };
}
