using Photopeak.Dicom.Text;

namespace Photopeak.Dicom.Tests;

public class CharacterSetTests
{
    private static string? PatientName(string relative) => DicomFile.Open(SharedData.PathOf(relative)).Dataset.GetString(DicomTags.PatientName);

    [Fact]
    public void Iso_2022_ir_87_person_name_decodes_all_three_component_groups() =>
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", PatientName("robustness/pydicom/chrH31.dcm"));

    [Fact]
    public void Utf8_chinese_person_name_decodes() => Assert.Equal("Wang^XiaoDong=王^小東=", PatientName("robustness/pydicom/chrX1.dcm"));

    [Fact]
    public void Gb18030_chinese_person_name_decodes() => Assert.Equal("Wang^XiaoDong=王^小东=", PatientName("robustness/pydicom/chrX2.dcm"));

    [Fact]
    public void Sequence_item_with_its_own_character_set_is_decoded_with_it()
    {
        var f = DicomFile.Open(SharedData.PathOf("robustness/pydicom/chrSQEncoding.dcm"));
        var item = Assert.Single(f.Dataset, e => e.IsSequence).Items!.Single();
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", item.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Latin1_text_under_iso_ir_100_round_trips_through_encode_and_decode()
    {
        var ds = new DicomDataset().Set(DicomTags.SpecificCharacterSet, "ISO_IR 100").Set(DicomTags.PatientName, "Müller^Jürgen");
        Assert.Equal(new byte[] { 0x4D, 0xFC }, ds[DicomTags.PatientName]!.Value[..2].ToArray());
        Assert.Equal("Müller^Jürgen", ds.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Utf8_text_under_iso_ir_192_round_trips()
    {
        var ds = new DicomDataset().Set(DicomTags.SpecificCharacterSet, "ISO_IR 192").Set(DicomTags.StudyDescription, "Szintigraphie Lunge – Perfusion");
        Assert.Equal("Szintigraphie Lunge – Perfusion", ds.GetString(DicomTags.StudyDescription));
    }

    [Fact]
    public void Empty_specific_character_set_means_the_default_repertoire()
    {
        var f = DicomFile.Open(SharedData.PathOf("robustness/pydicom/empty_charset_LEI.dcm"));
        Assert.Same(DicomCharacterSet.Default, f.Dataset.CharacterSet);
    }

    [Fact]
    public void Unknown_character_set_term_is_named_in_the_error()
    {
        var ds = new DicomDataset().Set(DicomTags.SpecificCharacterSet, "ISO_IR 999")
            .SetBytes(DicomTags.PatientName, DicomVR.PN, "Doe^J"u8.ToArray());
        var ex = Assert.Throws<UnsupportedCharacterSetException>(() => ds.GetString(DicomTags.PatientName));
        Assert.Contains("ISO_IR 999", ex.Message);
        Assert.Contains("(0008,0005)", ex.Message);
    }
}
