using Photopeak.Dicom;
using Photopeak.Network.Dimse;

namespace Photopeak.Network.Tests;

/// <summary>Command sets as PS3.7 E.1 lays them out: implicit VR little endian, group length first and exact.</summary>
public class DimseCommandCodecTests
{
    [Fact]
    public void A_C_ECHO_response_encodes_as_PS3_7_lays_it_out()
    {
        var command = new DicomDataset();
        command.Set(DicomTags.AffectedSOPClassUID, DicomVR.UI, SopClassUids.Verification);
        command.SetNumbers(DicomTags.CommandField, DicomVR.US, 0x8030);
        command.SetNumbers(DicomTags.MessageIDBeingRespondedTo, DicomVR.US, 1);
        command.SetNumbers(DicomTags.CommandDataSetType, DicomVR.US, DimseMessage.NoDataSet);
        command.SetNumbers(DicomTags.Status, DicomVR.US, 0);
        var bytes = DimseCommandCodec.Encode(command);
        // (0000,0000) UL length 4, value = bytes after it; then (0000,0002) UI "1.2.840.10008.1.1\0" (18 bytes).
        Assert.Equal(new byte[] { 0, 0, 0, 0, 4, 0, 0, 0 }, bytes[..8]);
        Assert.Equal((uint)(bytes.Length - 12), BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(new byte[] { 0, 0, 2, 0, 18, 0, 0, 0 }, bytes[12..20]);
        var back = DimseCommandCodec.Decode(bytes);
        Assert.Equal(0x0101, back.GetInt32(DicomTags.CommandDataSetType));
        Assert.Equal(0x8030, back.GetInt32(DicomTags.CommandField));
        Assert.False(DimseMessage.AnnouncesDataset(back));
        var dataSetType = Convert.ToHexString(bytes).IndexOf("00000008020000000101", StringComparison.Ordinal);
        Assert.True(dataSetType >= 0, Convert.ToHexString(bytes));
    }
}
