using Photopeak.Dicom.IO;

namespace Photopeak.Dicom.Tests;

/// <summary>Data sets without preamble or meta, as the network carries them, and Part 10 files wrapped around such bytes.</summary>
public class BareDatasetTests
{
    public static TheoryData<string> ReadableSharedFiles() => RoundTripTests.ReadableSharedFiles();

    [Theory]
    [MemberData(nameof(ReadableSharedFiles))]
    public void Data_set_bytes_after_the_meta_read_alone_give_the_same_elements(string file)
    {
        var bytes = File.ReadAllBytes(SharedData.PathOf(file));
        var original = DicomFile.Read(bytes);
        if (original.TransferSyntax.BigEndian) return;
        var bare = DicomFile.ReadDataset(bytes.AsMemory(original.DatasetOffset), original.TransferSyntax);
        RoundTripTests.AssertSameElements(original.Dataset, bare, vrPreserved: true);
    }

    [Theory]
    [MemberData(nameof(ReadableSharedFiles))]
    public void Part10_wrapped_around_received_bytes_keeps_them_unchanged(string file)
    {
        var bytes = File.ReadAllBytes(SharedData.PathOf(file));
        var original = DicomFile.Read(bytes);
        if (original.TransferSyntax.BigEndian || original.FileMetaInformation.Count == 0) return;
        var sopClass = original.Dataset.GetString(DicomTags.SOPClassUID) ?? "1.2.3";
        var sopInstance = original.Dataset.GetString(DicomTags.SOPInstanceUID) ?? "1.2.3.4";
        using var ms = new MemoryStream();
        DicomWriter.WritePart10(ms, bytes.AsSpan(original.DatasetOffset), original.TransferSyntax, sopClass, sopInstance, "MODALITY");
        var written = ms.ToArray();
        var again = DicomFile.Read(written);
        Assert.Equal(original.TransferSyntax.Uid, again.TransferSyntax.Uid);
        Assert.Equal("MODALITY", again.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle));
        Assert.Equal(sopInstance, again.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID));
        Assert.True(written.AsSpan(again.DatasetOffset).SequenceEqual(bytes.AsSpan(original.DatasetOffset)));
    }

    [Fact]
    public void Command_set_in_group_0000_reads_as_implicit_vr_little_endian()
    {
        var command = new DicomDataset()
            .Set(DicomTags.AffectedSOPClassUID, DicomVR.UI, "1.2.840.10008.1.1")
            .SetNumbers(DicomTags.CommandField, DicomVR.US, 0x0030)
            .SetNumbers(DicomTags.MessageID, DicomVR.US, 7)
            .SetNumbers(DicomTags.CommandDataSetType, DicomVR.US, 0x0101)
            .SetNumbers(DicomTags.CommandGroupLength, DicomVR.UL, 0);
        var bytes = DicomWriter.EncodeDataset(command, TransferSyntax.ImplicitVRLittleEndian);
        var read = DicomFile.ReadDataset(bytes, TransferSyntax.ImplicitVRLittleEndian);
        Assert.Equal(0x0030, read.GetInt32(DicomTags.CommandField));
        Assert.Equal(bytes.Length - 12, read.GetInt32(DicomTags.CommandGroupLength));
        Assert.Equal("1.2.840.10008.1.1", read.GetString(DicomTags.AffectedSOPClassUID));
    }

    [Fact]
    public void Deflated_bare_data_set_round_trips()
    {
        var ds = new DicomDataset().Set(DicomTags.PatientID, DicomVR.LO, "ID-1").Set(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.3");
        var bytes = DicomWriter.EncodeDataset(ds, TransferSyntax.DeflatedExplicitVRLittleEndian);
        var read = DicomFile.ReadDataset(bytes, TransferSyntax.DeflatedExplicitVRLittleEndian);
        Assert.Equal("ID-1", read.GetString(DicomTags.PatientID));
        Assert.Equal("1.2.3", read.GetString(DicomTags.StudyInstanceUID));
    }
}
