namespace Photopeak.Dicom.Tests.Conformance;

/// <summary>The "US or SS" pixel-value attributes read from implicit VR follow Pixel Representation, as DCMTK resolves them.</summary>
public class ImplicitVRPixelValueTests
{
    [Fact]
    public void Implicit_vr_pixel_value_attributes_are_signed_when_pixel_representation_is_1()
    {
        var implicitFile = DicomFile.Open(SharedData.PathOf("robustness/pydicom/MR_small_implicit.dcm"));
        var explicitFile = DicomFile.Open(SharedData.PathOf("robustness/pydicom/MR_small_bigendian.dcm"));
        Assert.Equal(1, implicitFile.Dataset.GetInt32(DicomTags.PixelRepresentation));
        foreach (var tag in new[] { DicomTags.SmallestImagePixelValue, DicomTags.LargestImagePixelValue })
        {
            Assert.Equal(explicitFile.Dataset[tag]!.VR, implicitFile.Dataset[tag]!.VR);
            Assert.Equal(DicomVR.SS, implicitFile.Dataset[tag]!.VR);
            Assert.Equal(explicitFile.Dataset.GetInt64(tag), implicitFile.Dataset.GetInt64(tag));
        }
    }

    [Fact]
    public void A_negative_padding_value_reads_as_negative_from_implicit_vr()
    {
        var ds = new DicomDataset().SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 1)
            .SetBytes(DicomTags.PixelPaddingValue, DicomVR.US, new byte[] { 0x00, 0x80 });
        var bytes = Photopeak.Dicom.IO.DicomWriter.ToBytes(ds, TransferSyntax.ImplicitVRLittleEndian);
        var read = DicomFile.Read(bytes).Dataset;
        Assert.Equal(DicomVR.SS, read[DicomTags.PixelPaddingValue]!.VR);
        Assert.Equal(-32768, read.GetInt64(DicomTags.PixelPaddingValue));
    }
}
