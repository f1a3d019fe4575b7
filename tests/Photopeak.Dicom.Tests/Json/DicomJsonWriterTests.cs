using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Photopeak.Dicom.Json;

namespace Photopeak.Dicom.Tests.Json;

public class DicomJsonWriterTests
{
    private static JsonElement Write(DicomDataset ds, bool bulk = true)
    {
        var json = DicomJsonWriter.ToJson(ds, new DicomJsonOptions { IncludeBulkData = bulk, Indented = false });
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static DicomDataset Raw(DicomTag tag, DicomVR vr, string ascii) => new DicomDataset().SetBytes(tag, vr, Encoding.Latin1.GetBytes(ascii));

    [Fact]
    public void Keys_are_eight_upper_case_hex_digits_with_the_vr()
    {
        var root = Write(new DicomDataset().Set(DicomTags.SeriesDescription, "ANT"));
        var attr = root.GetProperty("0008103E");
        Assert.Equal("LO", attr.GetProperty("vr").GetString());
        Assert.Equal("ANT", attr.GetProperty("Value")[0].GetString());
    }

    [Fact]
    public void Top_level_bulk_data_can_be_written_as_a_BulkDataURI_and_nested_bulk_data_stays_left_out()
    {
        var item = new DicomDataset().SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[4]);
        var ds = new DicomDataset().SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[8]).SetSequence(DicomTags.IconImageSequence, item);
        var json = DicomJsonWriter.ToJson(ds, new DicomJsonOptions { IncludeBulkData = false, Indented = false, BulkDataUri = tag => "http://node/bulk/" + tag.ToJsonKey() });
        var root = JsonDocument.Parse(json).RootElement;
        var pixels = root.GetProperty("7FE00010");
        Assert.Equal("OW", pixels.GetProperty("vr").GetString());
        Assert.Equal("http://node/bulk/7FE00010", pixels.GetProperty("BulkDataURI").GetString());
        Assert.False(pixels.TryGetProperty("InlineBinary", out _));
        Assert.False(root.GetProperty("00880200").GetProperty("Value")[0].TryGetProperty("7FE00010", out _));
    }

    [Fact]
    public void Decimal_and_integer_strings_are_json_numbers_and_malformed_ones_are_normalised()
    {
        var root = Write(Raw(DicomTags.PixelSpacing, DicomVR.DS, "1.\\+2.5 ").SetBytes(DicomTags.InstanceNumber, DicomVR.IS, "+07 "u8.ToArray()));
        var spacing = root.GetProperty("00280030").GetProperty("Value");
        Assert.Equal(JsonValueKind.Number, spacing[0].ValueKind);
        Assert.Equal("1", spacing[0].GetRawText());
        Assert.Equal("2.5", spacing[1].GetRawText());
        Assert.Equal("7", root.GetProperty("00200013").GetProperty("Value")[0].GetRawText());
    }

    [Fact]
    public void A_number_string_that_is_not_a_number_is_kept_as_a_string()
    {
        var root = Write(Raw(DicomTags.NumberOfFrames, DicomVR.IS, "1A"));
        Assert.Equal("1A", root.GetProperty("00280008").GetProperty("Value")[0].GetString());
    }

    [Fact]
    public void Binary_numbers_are_json_numbers_with_their_exact_values()
    {
        var ds = new DicomDataset()
            .SetNumbers(DicomTags.Rows, DicomVR.US, 128)
            .SetNumbers(new DicomTag(0x0009, 0x1001), DicomVR.SS, -2, 3)
            .SetNumbers(new DicomTag(0x0009, 0x1002), DicomVR.FL, 0.1)
            .SetNumbers(new DicomTag(0x0009, 0x1003), DicomVR.FD, -1.25e-300)
            .SetNumbers(new DicomTag(0x0009, 0x1004), DicomVR.UL, 4000000000)
            .SetNumbers(new DicomTag(0x0009, 0x1005), DicomVR.SL, -2000000000);
        var root = Write(ds);
        Assert.Equal(128, root.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        Assert.Equal(-2, root.GetProperty("00091001").GetProperty("Value")[0].GetInt32());
        Assert.Equal(3, root.GetProperty("00091001").GetProperty("Value")[1].GetInt32());
        Assert.Equal(0.1f, root.GetProperty("00091002").GetProperty("Value")[0].GetSingle());
        Assert.Equal(-1.25e-300, root.GetProperty("00091003").GetProperty("Value")[0].GetDouble());
        Assert.Equal(4000000000u, root.GetProperty("00091004").GetProperty("Value")[0].GetUInt32());
        Assert.Equal(-2000000000, root.GetProperty("00091005").GetProperty("Value")[0].GetInt32());
    }

    [Fact]
    public void Float_nan_and_infinity_are_written_as_strings_because_json_numbers_cannot_hold_them()
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, float.NaN);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4), float.PositiveInfinity);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(8), float.NegativeInfinity);
        var values = Write(new DicomDataset().SetBytes(new DicomTag(0x0009, 0x1002), DicomVR.FL, bytes)).GetProperty("00091002").GetProperty("Value");
        Assert.Equal(["NaN", "Infinity", "-Infinity"], values.EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Person_names_are_objects_with_one_member_per_component_group()
    {
        var root = Write(Raw(DicomTags.PatientName, DicomVR.PN, "Yamada^Tarou=YAMADA^TAROU=yamada^tarou\\=Ideo"));
        var values = root.GetProperty("00100010").GetProperty("Value");
        Assert.Equal("Yamada^Tarou", values[0].GetProperty("Alphabetic").GetString());
        Assert.Equal("YAMADA^TAROU", values[0].GetProperty("Ideographic").GetString());
        Assert.Equal("yamada^tarou", values[0].GetProperty("Phonetic").GetString());
        Assert.False(values[1].TryGetProperty("Alphabetic", out _));
        Assert.Equal("Ideo", values[1].GetProperty("Ideographic").GetString());
    }

    [Fact]
    public void Attribute_tags_are_eight_hex_digit_strings()
    {
        var root = Write(new DicomDataset().SetTags(DicomTags.FrameIncrementPointer, DicomTags.EnergyWindowVector, DicomTags.DetectorVector));
        var values = root.GetProperty("00280009").GetProperty("Value");
        Assert.Equal(["00540010", "00540020"], values.EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Empty_elements_have_no_value_and_empty_values_in_a_list_are_null()
    {
        var root = Write(new DicomDataset().SetBytes(DicomTags.AccessionNumber, DicomVR.SH, Array.Empty<byte>())
            .SetBytes(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\\\STATIC "u8.ToArray()));
        var empty = root.GetProperty("00080050");
        Assert.Equal("SH", empty.GetProperty("vr").GetString());
        Assert.False(empty.TryGetProperty("Value", out _));
        var values = root.GetProperty("00080008").GetProperty("Value");
        Assert.Equal(3, values.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, values[1].ValueKind);
        Assert.Equal("STATIC", values[2].GetString());
    }

    [Fact]
    public void Text_vrs_keep_backslashes_and_leading_spaces()
    {
        var root = Write(Raw(DicomTags.ImageComments, DicomVR.LT, "  a\\b  "));
        Assert.Equal("  a\\b", root.GetProperty("00204000").GetProperty("Value")[0].GetString());
    }

    [Fact]
    public void Sequences_are_arrays_of_item_objects_and_an_empty_sequence_has_no_value()
    {
        var item = new DicomDataset().SetNumbers(DicomTags.EnergyWindowLowerLimit, DicomVR.DS, 126);
        var window = new DicomDataset().SetSequence(DicomTags.EnergyWindowRangeSequence, item);
        var root = Write(new DicomDataset().SetSequence(DicomTags.EnergyWindowInformationSequence, window, new DicomDataset())
            .SetSequence(DicomTags.ReferencedImageSequence));
        var items = root.GetProperty("00540012").GetProperty("Value");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(126, items[0].GetProperty("00540013").GetProperty("Value")[0].GetProperty("00540014").GetProperty("Value")[0].GetDouble());
        Assert.Empty(items[1].EnumerateObject());
        Assert.False(root.GetProperty("00081140").TryGetProperty("Value", out _));
    }

    [Fact]
    public void Bulk_data_is_inline_base64_or_left_out_with_no_bulk()
    {
        var pixels = new byte[] { 1, 2, 3, 4, 250, 251 };
        var ds = new DicomDataset().SetBytes(DicomTags.PixelData, DicomVR.OW, pixels).SetBytes(new DicomTag(0x0009, 0x1010), DicomVR.UN, new byte[] { 9, 8 });
        var root = Write(ds);
        Assert.Equal(pixels, Convert.FromBase64String(root.GetProperty("7FE00010").GetProperty("InlineBinary").GetString()!));
        Assert.False(root.GetProperty("7FE00010").TryGetProperty("Value", out _));
        Assert.Equal([9, 8], Convert.FromBase64String(root.GetProperty("00091010").GetProperty("InlineBinary").GetString()!));
        var noBulk = Write(ds, bulk: false);
        Assert.Empty(noBulk.EnumerateObject());
    }

    [Fact]
    public void Encapsulated_pixel_data_is_inline_binary_of_its_item_encoded_value_field()
    {
        var bot = new byte[] { 0, 0, 0, 0 };
        var fragments = new DicomFragments(bot, [new byte[] { 1, 2, 3 }, new byte[] { 4, 5 }]);
        var ds = new DicomDataset().Add(DicomElement.FromFragments(DicomTags.PixelData, DicomVR.OB, fragments));
        var bytes = Convert.FromBase64String(Write(ds).GetProperty("7FE00010").GetProperty("InlineBinary").GetString()!);
        byte[] expected =
        [
            0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0, 0, 0, 0,
            0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 1, 2, 3, 0,
            0xFE, 0xFF, 0x00, 0xE0, 2, 0, 0, 0, 4, 5,
            0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Group_lengths_are_left_out()
    {
        var root = Write(new DicomDataset().SetNumbers(new DicomTag(0x0008, 0x0000), DicomVR.UL, 42).Set(DicomTags.Modality, "NM"));
        Assert.Equal(["00080060"], root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Items_inherit_the_parent_character_set_and_their_own_one_overrides_it()
    {
        // Latin-1 "Müller" in the parent's ISO_IR 100; the second item declares UTF-8 and holds "Jürgen" in UTF-8.
        var inherited = new DicomDataset().SetBytes(DicomTags.PatientName, DicomVR.PN, Encoding.Latin1.GetBytes("M\u00fcller"));
        var own = new DicomDataset().SetBytes(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192"u8.ToArray())
            .SetBytes(DicomTags.PatientName, DicomVR.PN, Encoding.UTF8.GetBytes("J\u00fcrgen "));
        var root = Write(new DicomDataset().Set(DicomTags.SpecificCharacterSet, "ISO_IR 100")
            .SetSequence(DicomTags.OtherPatientIDsSequence, inherited, own));
        var items = root.GetProperty("00101002").GetProperty("Value");
        Assert.Equal("M\u00fcller", items[0].GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal("J\u00fcrgen", items[1].GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
    }

    [Fact]
    public void Iso_2022_japanese_person_names_are_decoded_in_all_three_groups()
    {
        var file = DicomFile.Open(SharedData.PathOf("robustness/pydicom/chrH31.dcm"));
        var name = Write(file.Dataset).GetProperty("00100010").GetProperty("Value")[0];
        Assert.Equal("Yamada^Tarou", name.GetProperty("Alphabetic").GetString());
        Assert.Equal("\u5c71\u7530^\u592a\u90ce", name.GetProperty("Ideographic").GetString());
        Assert.Equal("\u3084\u307e\u3060^\u305f\u308d\u3046", name.GetProperty("Phonetic").GetString());
    }

    [Fact]
    public void An_unknown_character_set_fails_before_anything_is_written()
    {
        var ds = new DicomDataset().SetBytes(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 999"u8.ToArray()).Set(DicomTags.Modality, "NM");
        using var ms = new MemoryStream();
        Assert.Throws<Photopeak.Dicom.Text.UnsupportedCharacterSetException>(() => DicomJsonWriter.Write(ms, ds));
        Assert.Equal(0, ms.Length);
    }

    [Fact]
    public void Every_readable_shared_file_gives_valid_json_with_one_key_per_non_group_length_element()
    {
        foreach (var file in SharedData.AllFiles())
        {
            DicomFile dicom;
            try { dicom = DicomFile.Open(SharedData.PathOf(file)); }
            catch (DicomFormatException) { continue; }
            using var doc = JsonDocument.Parse(DicomJsonWriter.ToJson(dicom.Dataset));
            Assert.Equal(dicom.Dataset.Count(e => !e.Tag.IsGroupLength), doc.RootElement.EnumerateObject().Count());
        }
    }
}
