using System.Numerics;

namespace Photopeak.Dicom;

/// <summary>UIDs Photopeak creates and the SOP classes it uses.</summary>
public static class DicomUid
{
    /// <summary>A new UID under the 2.25 root: the decimal value of a random UUID (PS3.5 B.2, ITU-T X.667).</summary>
    public static string Generate() => FromUuid(Guid.NewGuid());

    /// <summary>The 2.25 UID of a given UUID (deterministic, e.g. for seeded simulations).</summary>
    public static string FromUuid(Guid uuid) => "2.25." + new BigInteger(uuid.ToByteArray(bigEndian: true), isUnsigned: true, isBigEndian: true);

    /// <summary>Photopeak's implementation class UID (0002,0012): 2.25 form of a fixed UUID.</summary>
    public const string ImplementationClass = "2.25.176546340536843302011364372713917040155";

    public const string ImplementationVersionName = "PHOTOPEAK_0_1";

    public const string NuclearMedicineImageStorage = "1.2.840.10008.5.1.4.1.1.20";
    public const string SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";
    public const string EncapsulatedPdfStorage = "1.2.840.10008.5.1.4.1.1.104.1";
}
