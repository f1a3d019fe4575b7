namespace Photopeak.Dicom.Tests;

/// <summary>Values longer than their VR allows (PS3.5 Table 6.2-1) are refused when set, naming the tag; free text Photopeak
/// composes is shortened instead; query ranges (DA, TM) are not limited.</summary>
public sealed class ValueLengthTests
{
    [Theory]
    [InlineData("0008,103E", 65)]   // Series Description, LO 64
    [InlineData("0054,0018", 17)]   // Energy Window Name, SH 16
    [InlineData("0008,0060", 17)]   // Modality, CS 16
    [InlineData("0020,000E", 65)]   // Series Instance UID, UI 64
    public void A_value_longer_than_its_VR_allows_is_refused_naming_the_tag(string tag, int length)
    {
        var t = DicomTag.Parse(tag);
        var ex = Assert.Throws<DicomValueException>(() => new DicomDataset().Set(t, new string('1', length)));
        Assert.Equal(t, ex.Tag);
        Assert.Contains($"{length} characters", ex.Message);
    }

    [Fact]
    public void Values_at_the_limit_and_each_value_of_a_multi_valued_element_are_accepted()
    {
        var ds = new DicomDataset()
            .Set(DicomTags.SeriesDescription, new string('a', 64))
            .Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "RECON TOMO", "EMISSION");
        Assert.Equal(64, ds.GetString(DicomTags.SeriesDescription)!.Length);
        Assert.Equal("RECON TOMO", ds.GetString(DicomTags.ImageType, 2));
    }

    [Fact]
    public void Composed_free_text_is_shortened_to_the_VR_maximum()
    {
        var ds = new DicomDataset().SetClipped(DicomTags.SeriesDescription, "SPECT ABDOMEN PELVIS OCTREOSCAN 24H BED 1 RECON OSEM 4i8s AC PSF TEW, Gauss 8 mm");
        Assert.Equal("SPECT ABDOMEN PELVIS OCTREOSCAN 24H BED 1 RECON OSEM 4i8s AC PSF", ds.GetString(DicomTags.SeriesDescription));
    }

    [Fact]
    public void A_date_range_query_key_is_not_limited_to_a_dates_length()
    {
        var ds = new DicomDataset().Set(DicomTags.StudyDate, "20260101-20261231");
        Assert.Equal("20260101-20261231", ds.GetString(DicomTags.StudyDate));
    }
}
