namespace Photopeak.Dicom;

/// <summary>A transfer syntax (PS3.5 10, Annex A): how a data set is encoded.</summary>
public sealed record TransferSyntax(string Uid, string Name, bool ExplicitVR, bool BigEndian, bool Deflated, bool Encapsulated)
{
    public static readonly TransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);
    public static readonly TransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);
    public static readonly TransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);
    public static readonly TransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", true, true, false, false);
    public static readonly TransferSyntax RleLossless = new("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, true);

    /// <summary>Transfer syntaxes Photopeak can read; compressed ones other than RLE keep their pixels encapsulated.</summary>
    public static IReadOnlyList<TransferSyntax> Known { get; } =
    [
        ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, RleLossless,
        new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, true),
        new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, true),
        new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, true),
        new("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14 SV1)", true, false, false, true),
        new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", true, false, false, true),
        new("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless", true, false, false, true),
        new("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless Only", true, false, false, true),
        new("1.2.840.10008.1.2.4.91", "JPEG 2000", true, false, false, true),
        new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Lossless Only", true, false, false, true),
        new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000", true, false, false, true),
        new("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false, false, true),
    ];

    /// <summary>The known syntax for a UID; an unknown UID is assumed to be an encapsulated explicit VR LE syntax (PS3.5 A.4).</summary>
    public static TransferSyntax FromUid(string uid)
    {
        var trimmed = uid.TrimEnd('\0', ' ');
        foreach (var ts in Known)
        {
            if (ts.Uid == trimmed) return ts;
        }
        return new TransferSyntax(trimmed, "Unknown (" + trimmed + ")", true, false, false, true);
    }

    public bool IsJpegFamily => Uid.StartsWith("1.2.840.10008.1.2.4.", StringComparison.Ordinal);
}
