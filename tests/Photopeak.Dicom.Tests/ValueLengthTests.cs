namespace Photopeak.Dicom.Tests;

/// <summary>Free text Photopeak composes is shortened to its VR's maximum (PS3.5 Table 6.2-1); a value copied from a received
/// file is written as it came, even when a vendor made it too long (refusing it would stop the recon or the query of that study).</summary>
public sealed class ValueLengthTests
{
    [Fact]
    public void Composed_free_text_is_shortened_to_the_VR_maximum()
    {
        var ds = new DicomDataset()
            .SetClipped(DicomTags.SeriesDescription, "SPECT ABDOMEN PELVIS OCTREOSCAN 24H BED 1 RECON OSEM 4i8s AC PSF TEW, Gauss 8 mm")
            .SetClipped(DicomTags.ConvolutionKernel, "FBP butterworth 0.5/cm");
        Assert.Equal("SPECT ABDOMEN PELVIS OCTREOSCAN 24H BED 1 RECON OSEM 4i8s AC PSF", ds.GetString(DicomTags.SeriesDescription));
        Assert.Equal("FBP butterworth", ds.GetString(DicomTags.ConvolutionKernel));
    }

    [Fact]
    public void Shortening_never_splits_a_character_outside_the_basic_plane()
    {
        var text = new string('a', 63) + "\U0001D11E";   // a musical symbol: two UTF-16 code units at 63 and 64
        var ds = new DicomDataset().Set(DicomTags.SpecificCharacterSet, "ISO_IR 192").SetClipped(DicomTags.SeriesDescription, text);
        Assert.Equal(new string('a', 63), ds.GetString(DicomTags.SeriesDescription));
    }

    [Fact]
    public void Short_text_is_kept_as_it_is()
    {
        var ds = new DicomDataset().SetClipped(DicomTags.SeriesDescription, new string('a', 64));
        Assert.Equal(64, ds.GetString(DicomTags.SeriesDescription)!.Length);
    }

    [Fact]
    public void A_copied_value_longer_than_its_VR_allows_is_written_as_it_came()
    {
        var accession = new string('7', 20);   // SH allows 16; some RIS send more
        var ds = new DicomDataset().Set(DicomTags.AccessionNumber, accession).Set(DicomTags.StudyDate, "20260101-20261231");
        Assert.Equal(accession, ds.GetString(DicomTags.AccessionNumber));
        Assert.Equal("20260101-20261231", ds.GetString(DicomTags.StudyDate));
    }
}
