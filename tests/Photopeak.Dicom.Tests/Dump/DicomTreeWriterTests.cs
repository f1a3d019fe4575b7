using Photopeak.Dicom.Dump;

namespace Photopeak.Dicom.Tests.Dump;

public class DicomTreeWriterTests
{
    private static string[] Lines(DicomFile file, DicomDumpOptions? options = null)
    {
        var sw = new StringWriter();
        new DicomTreeWriter(sw, options).WriteFile(file);
        return sw.ToString().Split(Environment.NewLine);
    }

    [Fact]
    public void Each_element_is_one_line_with_tag_vr_keyword_and_value()
    {
        var ds = new DicomDataset().Set(DicomTags.Modality, "NM").SetNumbers(DicomTags.Rows, DicomVR.US, 128)
            .Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "STATIC");
        var lines = Lines(new DicomFile(new DicomDataset(), ds, TransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("(0008,0060) CS Modality  [NM]", lines);
        Assert.Contains("(0028,0010) US Rows  128", lines);
        Assert.Contains("(0008,0008) CS ImageType  [ORIGINAL\\PRIMARY\\STATIC]", lines);
        Assert.Contains("# Transfer syntax: Explicit VR Little Endian (1.2.840.10008.1.2.1)", lines);
    }

    [Fact]
    public void Sequences_are_indented_with_item_numbers()
    {
        var item = new DicomDataset().SetNumbers(DicomTags.EnergyWindowLowerLimit, DicomVR.DS, 126);
        var ds = new DicomDataset().SetSequence(DicomTags.EnergyWindowInformationSequence,
            new DicomDataset().SetSequence(DicomTags.EnergyWindowRangeSequence, item), new DicomDataset());
        var lines = Lines(new DicomFile(new DicomDataset(), ds, TransferSyntax.ExplicitVRLittleEndian));
        var start = Array.IndexOf(lines, "(0054,0012) SQ EnergyWindowInformationSequence  2 items");
        Assert.True(start >= 0);
        Assert.Equal("  Item 1", lines[start + 1]);
        Assert.Equal("    (0054,0013) SQ EnergyWindowRangeSequence  1 item", lines[start + 2]);
        Assert.Equal("      Item 1", lines[start + 3]);
        Assert.Equal("        (0054,0014) DS EnergyWindowLowerLimit  [126]", lines[start + 4]);
        Assert.Equal("  Item 2", lines[start + 5]);
    }

    [Fact]
    public void Bulk_data_shows_its_size_and_long_values_are_cut()
    {
        var ds = new DicomDataset().SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[4096])
            .Set(DicomTags.StudyDescription, new string('x', 60))
            .SetNumbers(new DicomTag(0x0009, 0x1001), DicomVR.US, Enumerable.Range(0, 40).Select(i => (double)i).ToArray());
        var lines = Lines(new DicomFile(new DicomDataset(), ds, TransferSyntax.ExplicitVRLittleEndian), new DicomDumpOptions { MaxValueChars = 10, MaxBinaryValues = 3 });
        Assert.Contains("(7FE0,0010) OW PixelData  <4096 bytes>", lines);
        Assert.Contains("(0008,1030) LO StudyDescription  [xxxxxxxxxx]... (60 chars)", lines);
        Assert.Contains("(0009,1001) US PrivateTag  0\\1\\2\\... (40 values)", lines);
    }

    [Fact]
    public void Encapsulated_pixel_data_lists_its_fragments_with_sizes()
    {
        var file = DicomFile.Open(SharedData.PathOf("nm/wg04/NM1_RLE.dcm"));
        var lines = Lines(file);
        var start = Array.FindIndex(lines, l => l.StartsWith("(7FE0,0010) OB PixelData  encapsulated, 1 fragment", StringComparison.Ordinal));
        Assert.True(start >= 0, string.Join('\n', lines.TakeLast(5)));
        Assert.StartsWith("  Offset table  <", lines[start + 1]);
        var fragment = file.Dataset[DicomTags.PixelData]!.Fragments!.Items[0];
        Assert.Equal($"  Fragment 1  <{fragment.Length} bytes>", lines[start + 2]);
    }

    [Fact]
    public void Patient_names_and_birth_dates_are_masked_unless_asked_for()
    {
        var ds = new DicomDataset().Set(DicomTags.PatientName, "Doe^Jane").Set(DicomTags.PatientBirthDate, "19700101").Set(DicomTags.PatientID, "ID42");
        var file = new DicomFile(new DicomDataset(), ds, TransferSyntax.ExplicitVRLittleEndian);
        var masked = string.Join('\n', Lines(file));
        Assert.DoesNotContain("Doe", masked);
        Assert.DoesNotContain("19700101", masked);
        Assert.Contains("[ID42]", masked);
        Assert.Contains("[Doe^Jane]", string.Join('\n', Lines(file, new DicomDumpOptions { ShowPatientIdentity = true })));
    }

    [Fact]
    public void File_meta_comes_first_and_reader_warnings_last()
    {
        var file = DicomFile.Open(SharedData.PathOf("robustness/pydicom/no_meta_group_length.dcm"));
        var lines = Lines(file).Where(l => l.Length > 0).ToArray();
        Assert.Contains(lines, l => l.StartsWith("(0002,0010) UI TransferSyntaxUID", StringComparison.Ordinal));
        Assert.True(Array.FindIndex(lines, l => l.StartsWith("(0002,", StringComparison.Ordinal)) < Array.IndexOf(lines, "# Data set"));
        Assert.StartsWith("# Warnings (", lines[^2]);
        Assert.Contains("group length", lines[^1]);
    }
}
