namespace Photopeak.Dicom.IO;

/// <summary>
/// Resolves the "US or SS" attributes that hold pixel values (dicom.dic VR "xs") once an implicit VR data set is read:
/// they are SS when Pixel Representation (0028,0103) is 1 (PS3.5 Annex A.1, PS3.3 C.7.6.3.1.3), else US. The
/// dictionary alone says US, which turns a padding value of -1 into 65535.
/// </summary>
internal static class PixelValueVRResolver
{
    // LUT descriptors (also "xs") are left alone: their first and third values are always unsigned (PS3.3 C.11.1.1.1).
    private static readonly HashSet<uint> PixelValueTags =
    [
        0x00189810, 0x00221452, 0x00280071, 0x00280104, 0x00280105, 0x00280106, 0x00280107, 0x00280108, 0x00280109,
        0x00280110, 0x00280111, 0x00280120, 0x00280121, 0x00409211, 0x00409216, 0x00603004, 0x00603006,
    ];

    public static void Resolve(DicomDataset dataset, bool inheritedSigned = false)
    {
        var signed = dataset.Contains(DicomTags.PixelRepresentation) ? dataset.GetInt32(DicomTags.PixelRepresentation) == 1 : inheritedSigned;
        List<DicomElement>? replaced = null;
        foreach (var e in dataset)
        {
            if (e.Items is { } items)
            {
                foreach (var item in items) Resolve(item, signed);
            }
            else if (signed && e.VR == DicomVR.US && PixelValueTags.Contains(e.Tag.Value))
            {
                (replaced ??= []).Add(DicomElement.FromBytes(e.Tag, DicomVR.SS, e.Value).WithOffset(e.SourceOffset));
            }
        }
        if (replaced is null) return;
        foreach (var e in replaced) dataset.Add(e);
    }
}
