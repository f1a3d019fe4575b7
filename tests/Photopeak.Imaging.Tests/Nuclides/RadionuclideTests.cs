using Photopeak.Dicom;
using Photopeak.Imaging.Nuclides;

namespace Photopeak.Imaging.Tests.Nuclides;

public class RadionuclideTests
{
    [Theory]
    [InlineData("Tc-99m", "Tc-99m")]
    [InlineData("^99m^Technetium", "Tc-99m")]
    [InlineData("Technetium Tc-99m", "Tc-99m")]
    [InlineData("99m Technetium", "Tc-99m")]
    [InlineData("Tc99m", "Tc-99m")]
    [InlineData("99mTc-MDP", "Tc-99m")]
    [InlineData("I-123", "I-123")]
    [InlineData("Iodine^123", "I-123")]
    [InlineData("^123^Iodine", "I-123")]
    [InlineData("123I-mIBG", "I-123")]
    [InlineData("I-123 MIBG", "I-123")]
    [InlineData("Thallium-201", "Tl-201")]
    [InlineData("201Tl chloride", "Tl-201")]
    [InlineData("In-111 pentetreotide", "In-111")]
    [InlineData("Gallium^67 citrate", "Ga-67")]
    [InlineData("Sodium iodide I-131", "I-131")]
    [InlineData("F-18 FDG", "F-18")]
    [InlineData("^133^Xenon", "Xe-133")]
    [InlineData("Kr-81m", "Kr-81m")]
    public void Nuclide_is_recognised_from_common_names(string text, string expected)
    {
        Assert.Equal(expected, Radionuclide.FromText(text)?.Name);
    }

    [Theory]
    [InlineData("Tc-99")]
    [InlineData("I-125")]
    [InlineData("MIBG")]
    [InlineData("I-1234")]
    [InlineData("")]
    public void Other_texts_are_not_recognised(string text)
    {
        Assert.Null(Radionuclide.FromText(text));
    }

    [Theory]
    [InlineData("C-163A8", "Tc-99m")]
    [InlineData("72454006", "Tc-99m")]
    [InlineData("C-114A4", "I-123")]
    [InlineData("21572004", "I-123")]
    [InlineData("C-138A9", "Tl-201")]
    [InlineData("C-145A4", "In-111")]
    [InlineData("C-131A2", "Ga-67")]
    [InlineData("C-114B1", "I-131")]
    [InlineData("C-111A1", "F-18")]
    [InlineData("C-172A8", "Xe-133")]
    [InlineData("C-173A5", "Kr-81m")]
    public void Nuclide_is_recognised_from_cid_18_codes(string code, string expected)
    {
        Assert.Equal(expected, Radionuclide.FromCode(code)?.Name);
    }

    [Fact]
    public void Table_half_lives_are_the_pinned_nndc_values_in_hours()
    {
        Assert.Equal(6.0072, Radionuclide.Tc99m.HalfLifeHours, 1e-12);
        Assert.Equal(13.223, Radionuclide.I123.HalfLifeHours, 1e-12);
        Assert.Equal(73.008, Radionuclide.Tl201.HalfLifeHours, 1e-9);
        Assert.Equal(67.3128, Radionuclide.In111.HalfLifeHours, 1e-9);
        Assert.Equal(78.2688, Radionuclide.Ga67.HalfLifeHours, 1e-9);
        Assert.Equal(192.6048, Radionuclide.I131.HalfLifeHours, 1e-9);
        Assert.Equal(140.511, Radionuclide.Tc99m.PhotopeakKeV, 1e-9);
        Assert.Equal(158.97, Radionuclide.I123.PhotopeakKeV, 1e-9);
    }

    [Fact]
    public void Radiopharmaceutical_sequence_gives_dose_start_and_nuclide_with_a_half_life_warning()
    {
        var ds = SyntheticNm.Header("STATIC", 1);
        ds.SetSequence(DicomTags.RadiopharmaceuticalInformationSequence, new DicomDataset()
            .Set(DicomTags.Radiopharmaceutical, "Iobenguane I-123")
            .Set(DicomTags.RadiopharmaceuticalStartTime, "091500")
            .SetNumbers(DicomTags.RadionuclideTotalDose, 111)
            // 13.0 h: 1.7 % from the table's 13.223 h.
            .SetNumbers(DicomTags.RadionuclideHalfLife, 46800)
            .SetSequence(DicomTags.RadionuclideCodeSequence, SyntheticNm.Code("C-114A4", "SRT", "^123^Iodine"))
            .SetSequence(DicomTags.RadiopharmaceuticalCodeSequence, SyntheticNm.Code("C-B1045", "SRT", "Iobenguane I^123^")));
        var a = SyntheticNm.Read(ds);
        var rp = a.Radiopharmaceutical!;
        Assert.Equal("Iobenguane I-123", rp.Name);
        Assert.Equal(new DateTime(2025, 3, 1, 9, 15, 0), rp.StartDateTime);
        Assert.Equal(111, rp.TotalDoseMBq);
        Assert.Equal(46800, rp.HalfLifeSeconds);
        Assert.Same(Radionuclide.I123, rp.Radionuclide);
        Assert.Equal(new CodedEntry("C-B1045", "SRT", "Iobenguane I^123^"), rp.RadiopharmaceuticalCode);
        Assert.Contains(a.Warnings, w => w.StartsWith("(0018,1075) RadionuclideHalfLife", StringComparison.Ordinal) && w.Contains("I-123"));
    }

    [Fact]
    public void Half_life_within_one_percent_of_the_table_is_not_warned_about()
    {
        var ds = SyntheticNm.Header("STATIC", 1);
        ds.SetSequence(DicomTags.RadiopharmaceuticalInformationSequence, new DicomDataset()
            .Set(DicomTags.RadiopharmaceuticalStartDateTime, "20250301081500.5+0100")
            .SetNumbers(DicomTags.RadionuclideHalfLife, 21624)
            .SetSequence(DicomTags.RadionuclideCodeSequence, SyntheticNm.Code("72454006", "SCT", "Technetium-99m")));
        var a = SyntheticNm.Read(ds);
        Assert.Same(Radionuclide.Tc99m, a.Radionuclide);
        Assert.Equal(new DateTime(2025, 3, 1, 8, 15, 0, 500), a.Radiopharmaceutical!.StartDateTime);
        Assert.DoesNotContain(a.Warnings, w => w.Contains("RadionuclideHalfLife"));
    }

    [Fact]
    public void Unknown_nuclide_is_warned_about()
    {
        var ds = SyntheticNm.Header("STATIC", 1);
        ds.SetSequence(DicomTags.RadiopharmaceuticalInformationSequence, new DicomDataset()
            .SetSequence(DicomTags.RadionuclideCodeSequence, SyntheticNm.Code("C-144A3", "SRT", "^57^Cobalt")));
        var a = SyntheticNm.Read(ds);
        Assert.Null(a.Radionuclide);
        Assert.Contains(a.Warnings, w => w.Contains("not in Photopeak's table"));
    }
}
