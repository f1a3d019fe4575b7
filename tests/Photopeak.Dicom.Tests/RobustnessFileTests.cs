using Photopeak.Dicom.Pixels;

namespace Photopeak.Dicom.Tests;

/// <summary>What the reader gets out of each odd sample, beyond "it reads".</summary>
public class RobustnessFileTests
{
    private static DicomFile Open(string relative) => DicomFile.Open(SharedData.PathOf(relative));

    private static short[] Signed16(string relative)
    {
        var f = Open(relative);
        var bytes = new DicomPixelData(f.Dataset, f.TransferSyntax).GetFrame(0);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(bytes.Span).ToArray();
    }

    [Fact]
    public void Rle_big_endian_and_implicit_twins_decode_to_identical_signed_pixels()
    {
        var implicitPixels = Signed16("robustness/pydicom/MR_small_implicit.dcm");
        Assert.Equal(64 * 64, implicitPixels.Length);
        Assert.Equal(implicitPixels, Signed16("robustness/pydicom/MR_small_RLE.dcm"));
        Assert.Equal(implicitPixels, Signed16("robustness/pydicom/MR_small_bigendian.dcm"));
        Assert.Contains(implicitPixels, p => p > 1000);
    }

    [Fact]
    public void Signed_16_bit_pixels_keep_their_negative_values()
    {
        var pixels = Signed16("robustness/dcm4che/test16signed.dcm");
        Assert.Contains(pixels, p => p < 0);
    }

    [Fact]
    public void Rgb_rle_frames_decode_to_interleaved_samples_that_differ_between_frames()
    {
        var f = Open("robustness/pydicom/SC_rgb_rle_16bit_2frame.dcm");
        var px = new DicomPixelData(f.Dataset, f.TransferSyntax);
        Assert.Equal(2, px.NumberOfFrames);
        Assert.Equal(3, px.SamplesPerPixel);
        var first = px.GetFrame(0).ToArray();
        var second = px.GetFrame(1).ToArray();
        Assert.Equal(px.FrameBytes, first.Length);
        Assert.NotEqual(first, second);
        // pydicom's reference: the top-left pixel of frame 0 is pure red (65535, 0, 0) and frame 1 is its inverse (0, 65535, 65535).
        var p0 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(first.AsSpan(0, 6)).ToArray();
        var p1 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(second.AsSpan(0, 6)).ToArray();
        Assert.Equal(new ushort[] { 65535, 0, 0 }, p0);
        Assert.Equal(new ushort[] { 0, 65535, 65535 }, p1);
    }

    [Fact]
    public void Dicm_inside_the_data_set_is_not_mistaken_for_a_preamble()
    {
        var f = Open("robustness/dcm4che/no_preamble_dicm_in_data.dcm");
        Assert.False(f.HasPreamble);
        Assert.Equal("DICMA1", f.Dataset.GetString(DicomTags.StationName));
    }

    [Fact]
    public void Big_endian_file_without_meta_is_detected_and_values_are_swapped()
    {
        var be = Open("robustness/pydicom/ExplVR_BigEndNoMeta.dcm");
        var le = Open("robustness/pydicom/ExplVR_LitEndNoMeta.dcm");
        Assert.True(be.TransferSyntax.BigEndian);
        Assert.False(le.TransferSyntax.BigEndian);
        Assert.Equal(le.Dataset.Select(e => e.Tag), be.Dataset.Select(e => e.Tag));
        foreach (var e in le.Dataset.Where(e => !e.IsSequence))
            Assert.True(e.Value.Span.SequenceEqual(be.Dataset[e.Tag]!.Value.Span), $"{e.Tag} differs between byte orders");
    }

    [Fact]
    public void Undefined_length_UN_is_read_as_an_implicit_little_endian_sequence()
    {
        var f = Open("robustness/pydicom/UN_sequence.dcm");
        var sequence = Assert.Single(f.Dataset, e => e.IsSequence);
        Assert.NotEmpty(sequence.Items!);
        Assert.Contains(f.Warnings, w => w.Contains("CP-246"));

        var big = Open("robustness/fo-dicom/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm");
        Assert.True(big.Dataset[new DicomTag(0x0008, 0x2112)]!.IsSequence);
    }

    [Fact]
    public void Non_standard_vr_bytes_are_recovered_from_the_dictionary_with_a_warning()
    {
        var f = Open("robustness/fo-dicom/GH179A.dcm");
        var padding = f.Dataset[DicomTags.PixelPaddingValue]!;
        Assert.Equal(DicomVR.US, padding.VR);
        Assert.Contains(f.Warnings, w => w.Contains("(0028,0120)"));
    }

    [Fact]
    public void Private_sequence_with_an_empty_first_item_keeps_both_items()
    {
        var f = Open("robustness/fo-dicom/GH223.dcm");
        Assert.Contains(f.Dataset, e => e.IsSequence && e.Items!.Count == 2 && e.Items[0].Count == 0);
    }

    [Fact]
    public void Deflated_data_set_with_a_sequence_is_inflated_and_parsed()
    {
        var f = Open("robustness/fo-dicom/Issue1097_FailToOpenDeflatedFileWithSQ.dcm");
        Assert.True(f.TransferSyntax.Deflated);
        Assert.Contains(f.Dataset, e => e.IsSequence);
        var image = Open("robustness/pydicom/image_dfl.dcm");
        Assert.Equal(512, image.Dataset.GetInt32(DicomTags.Rows));
    }

    [Fact]
    public void Missing_transfer_syntax_falls_back_to_detection_with_a_warning_naming_the_tag()
    {
        var f = Open("robustness/pydicom/meta_missing_tsyntax.dcm");
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, f.TransferSyntax);
        Assert.Contains(f.Warnings, w => w.Contains("(0002,0010)"));
    }

    [Fact]
    public void Declared_length_of_three_gigabytes_is_refused_naming_offset_and_tag()
    {
        var ex = Assert.Throws<DicomFormatException>(() => Open("robustness/dcm4che/3gb-bulk-data-truncated.dcm"));
        Assert.Equal(DicomTags.PixelData, ex.Tag);
        Assert.Contains("3221225472", ex.Message);
        Assert.NotNull(ex.PartialDataset);
        Assert.True(ex.PartialDataset!.Contains(DicomTags.Rows), "the header read before the error stays available");
    }

    [Fact]
    public void Stray_byte_before_a_bare_data_set_is_not_recognisable_at_offset_zero()
    {
        var ex = Assert.Throws<DicomFormatException>(() => Open("robustness/pydicom/no_meta.dcm"));
        Assert.Equal(0, ex.Offset);
        Assert.Contains("not recognisable as DICOM", ex.Message);
    }

    [Fact]
    public void Number_of_frames_that_is_not_an_integer_is_named_when_frames_are_needed()
    {
        var f = Open("robustness/pydicom/badVR.dcm");
        Assert.Equal("1A", f.Dataset.GetString(DicomTags.NumberOfFrames));
        var ex = Assert.Throws<DicomValueException>(() => new DicomPixelData(f.Dataset, f.TransferSyntax));
        Assert.Equal(DicomTags.NumberOfFrames, ex.Tag);
    }

    [Fact]
    public void Encapsulated_fragment_containing_delimiter_bytes_is_read_by_its_length()
    {
        var f = Open("robustness/pydicom/JPEG2000-embedded-sequence-delimiter.dcm");
        var fragments = f.Dataset[DicomTags.PixelData]!.Fragments!;
        var fragment = Assert.Single(fragments.Items);
        Assert.Equal(250, fragment.Length); // DCMTK agrees: one 250-byte fragment holding FE FF DD E0 at byte 6
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0xDD, 0xE0 }, fragment[6..10].ToArray());
    }

    [Fact]
    public void Fragmented_jpeg_frames_without_offset_table_are_split_at_start_of_image_markers()
    {
        foreach (var file in new[] { "robustness/dicomparser/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm", "robustness/dicomparser/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm" })
        {
            var f = Open(file);
            var frames = new DicomPixelData(f.Dataset, f.TransferSyntax).FrameFragments();
            Assert.Equal(2, frames.Count);
            Assert.All(frames, fr => Assert.True(fr.Span[0] == 0xFF && fr.Span[1] == 0xD8));
        }
    }
}
