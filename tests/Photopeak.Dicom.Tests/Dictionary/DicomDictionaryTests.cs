namespace Photopeak.Dicom.Tests.Dictionary;

/// <summary>Lookups in the data dictionary (generated from DCMTK's dicom.dic), which finds a tag's row by binary search and
/// builds only that row's entry.</summary>
public class DicomDictionaryTests
{
    [Fact]
    public void Every_exact_entry_is_found_by_its_tag_and_every_current_one_by_its_keyword()
    {
        Assert.True(DicomDictionary.Entries.Count > 4_500);
        foreach (var entry in DicomDictionary.Entries)
        {
            Assert.Equal(entry, DicomDictionary.Lookup(new DicomTag(entry.Tag)));
            if (!entry.Retired) Assert.Equal(entry.Tag, DicomDictionary.Lookup(entry.Keyword)!.Tag);
        }
    }

    [Theory]
    [InlineData(0x0010, 0x0010, "PN", "PatientName")]
    [InlineData(0x0018, 0x1088, "IS", "HeartRate")]
    [InlineData(0x0054, 0x0200, "DS", "StartAngle")]
    [InlineData(0x6002, 0x0010, "US", "OverlayRows")]
    [InlineData(0x0009, 0x0000, "UL", "GroupLength")]
    [InlineData(0x0009, 0x0010, "LO", "PrivateCreator")]
    public void Tags_of_PS3_6_have_their_VR_and_keyword(ushort group, ushort element, string vr, string keyword)
    {
        var entry = DicomDictionary.Lookup(new DicomTag(group, element));
        Assert.NotNull(entry);
        Assert.Equal((vr, keyword), (entry.VR.ToString(), entry.Keyword));
    }

    [Theory]
    [InlineData(0x0009, 0x1001)]
    [InlineData(0x0011, 0x0001)]
    [InlineData(0xFFFF, 0xFFFE)]
    public void Private_and_unknown_tags_have_no_entry(ushort group, ushort element) =>
        Assert.Null(DicomDictionary.Lookup(new DicomTag(group, element)));

    [Fact]
    public void Lookups_from_many_threads_agree()
    {
        var tags = DicomDictionary.Entries.Select(e => e.Tag).ToArray();
        var found = new DicomDictionaryEntry?[8][];
        Parallel.For(0, found.Length, t => found[t] = [.. tags.Select(tag => DicomDictionary.Lookup(new DicomTag(tag)))]);
        foreach (var run in found) Assert.Equal(found[0], run);
    }
}
