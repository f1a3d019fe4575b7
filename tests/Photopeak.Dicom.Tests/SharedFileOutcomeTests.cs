using Photopeak.Dicom.Pixels;

namespace Photopeak.Dicom.Tests;

/// <summary>Every shared sample either reads, or raises the documented exception; the expected outcome of each file is written here.</summary>
public class SharedFileOutcomeTests
{
    // Header: "ok" or the exception type the reader must raise. Pixels: "ok", "none" (no Pixel Data), or the exception type GetFrame raises.
    public static readonly TheoryData<string, string, string> Expected = new()
    {
        { "nm/dcm4che/NM-MONO2-16-13x-heart.dcm", "ok", "ok" },
        { "nm/nmqc/FourBar.dcm", "ok", "ok" },
        { "nm/nmqc/Jaszack.dcm", "ok", "ok" },
        { "nm/nmqc/Lin_X.dcm", "ok", "ok" },
        { "nm/nmqc/QuadrantBar.dcm", "ok", "ok" },
        { "nm/nmqc/Spatial_Resol_X.dcm", "ok", "ok" },
        { "nm/nmqc/UNIFORMIDAD_1.dcm", "ok", "ok" },
        { "nm/scintigraphy/thyroid_ant.dcm", "ok", "ok" },
        { "nm/wg04/NM1_J2KI.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "nm/wg04/NM1_J2KR.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "nm/wg04/NM1_JLSL.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "nm/wg04/NM1_JLSN.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "nm/wg04/NM1_JPLL.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "nm/wg04/NM1_JPLY.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "nm/wg04/NM1_RLE.dcm", "ok", "ok" },
        { "nm/wg04/NM1_UNC.dcm", "ok", "ok" },
        // Pixel Data declares 3 GiB in a 100 kB file: refused before any allocation.
        { "robustness/dcm4che/3gb-bulk-data-truncated.dcm", nameof(DicomFormatException), "-" },
        // (0040,A170) holds CS text where today's dictionary says SQ: kept as UN with a warning.
        { "robustness/dcm4che/Tag-0040-A170-VR-CS.dcm", "ok", "none" },
        { "robustness/dcm4che/no_preamble_dicm_in_data.dcm", "ok", "none" },
        { "robustness/dcm4che/test16signed.dcm", "ok", "ok" },
        { "robustness/dicomparser/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "robustness/dicomparser/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "robustness/dicomparser/CT0012.not_fragmented_bot_rle.dcm", "ok", "ok" },
        { "robustness/fo-dicom/1403-OB.dcm", "ok", "ok" },
        { "robustness/fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm", "ok", "ok" },
        { "robustness/fo-dicom/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm", "ok", "ok" },
        { "robustness/fo-dicom/GH179A.dcm", "ok", "none" },
        { "robustness/fo-dicom/GH184.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "robustness/fo-dicom/GH223.dcm", "ok", "none" },
        // ACR-NEMA 12-bit packed pixels: header reads, pixels are refused clearly.
        { "robustness/fo-dicom/GH340.dcm", "ok", nameof(UnsupportedPixelDataException) },
        { "robustness/fo-dicom/GH487.dcm", "ok", "none" },
        { "robustness/fo-dicom/Issue1097_FailToOpenDeflatedFileWithSQ.dcm", "ok", "none" },
        { "robustness/pydicom/ExplVR_BigEndNoMeta.dcm", "ok", "none" },
        { "robustness/pydicom/ExplVR_LitEndNoMeta.dcm", "ok", "none" },
        { "robustness/pydicom/JPEG2000-embedded-sequence-delimiter.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "robustness/pydicom/MR_small_RLE.dcm", "ok", "ok" },
        { "robustness/pydicom/MR_small_bigendian.dcm", "ok", "ok" },
        { "robustness/pydicom/MR_small_implicit.dcm", "ok", "ok" },
        { "robustness/pydicom/MR_truncated.dcm", nameof(DicomFormatException), "-" },
        { "robustness/pydicom/SC_rgb_jpeg_dcmtk.dcm", "ok", nameof(UnsupportedTransferSyntaxException) },
        { "robustness/pydicom/SC_rgb_rle_16bit_2frame.dcm", "ok", "ok" },
        { "robustness/pydicom/SC_rgb_small_odd_big_endian.dcm", "ok", "ok" },
        { "robustness/pydicom/UN_sequence.dcm", "ok", "none" },
        // Number of Frames is "1A": the header reads; pixel access names (0028,0008).
        { "robustness/pydicom/badVR.dcm", "ok", nameof(DicomValueException) },
        { "robustness/pydicom/chrH31.dcm", "ok", "ok" },
        { "robustness/pydicom/chrSQEncoding.dcm", "ok", "none" },
        { "robustness/pydicom/chrX1.dcm", "ok", "ok" },
        { "robustness/pydicom/chrX2.dcm", "ok", "ok" },
        { "robustness/pydicom/empty_charset_LEI.dcm", "ok", "none" },
        { "robustness/pydicom/image_dfl.dcm", "ok", "ok" },
        // These two hold a 2-byte Pixel Data element but no Rows/Columns: pixel access names (0028,0010).
        { "robustness/pydicom/meta_missing_tsyntax.dcm", "ok", nameof(DicomValueException) },
        { "robustness/pydicom/nested_priv_SQ.dcm", "ok", nameof(DicomValueException) },
        // A stray byte before an explicit VR LE data set with no meta: not recognisable as DICOM at offset 0.
        { "robustness/pydicom/no_meta.dcm", nameof(DicomFormatException), "-" },
        { "robustness/pydicom/no_meta_group_length.dcm", "ok", "none" },
        { "robustness/pydicom/priv_SQ.dcm", "ok", "none" },
        { "robustness/pydicom/rtplan_truncated.dcm", nameof(DicomFormatException), "-" },
        { "robustness/pydicom/test-SR.dcm", "ok", "none" },
    };

    [Fact]
    public void Every_shared_file_has_a_written_expectation()
    {
        var listed = Expected.Select(row => (string)row[0]).ToHashSet();
        var missing = SharedData.AllFiles().Where(f => !listed.Contains(f)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Shared_file_reads_or_raises_the_documented_exception(string file, string header, string pixels)
    {
        var path = SharedData.PathOf(file);
        Assert.True(File.Exists(path), $"{file} is missing from ../shared/data");
        DicomFile dicom;
        try
        {
            dicom = DicomFile.Open(path);
        }
        catch (Exception ex)
        {
            Assert.Equal(header, ex.GetType().Name);
            var format = Assert.IsType<DicomFormatException>(ex);
            Assert.Contains(path, format.Message);
            Assert.Contains("offset", format.Message);
            return;
        }
        Assert.Equal("ok", header);
        Assert.NotEmpty(dicom.Dataset);

        string outcome;
        if (!dicom.Dataset.Contains(DicomTags.PixelData)) outcome = "none";
        else
        {
            try
            {
                var px = new DicomPixelData(dicom.Dataset, dicom.TransferSyntax, path);
                for (var i = 0; i < px.NumberOfFrames; i++) Assert.Equal(px.FrameBytes, px.GetFrame(i).Length);
                outcome = "ok";
            }
            catch (Exception ex) when (ex is UnsupportedTransferSyntaxException or UnsupportedPixelDataException or DicomValueException or DicomFormatException)
            {
                outcome = ex.GetType().Name;
            }
        }
        Assert.Equal(pixels, outcome);
    }
}
