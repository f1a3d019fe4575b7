using Photopeak.Dicom;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;

namespace Photopeak.Imaging.Tests.Acquisitions;

public class AcquisitionHeaderTests
{
    [Fact]
    public void Energy_window_gives_centre_and_width_in_kev_and_percent()
    {
        var w = new EnergyWindow(1, "TL201", 63, 81);
        Assert.Equal(72, w.CentreKeV);
        Assert.Equal(18, w.WidthKeV);
        Assert.Equal(25, w.WidthPercent, 1e-12);
        Assert.True(w.Contains(70.8));
        Assert.False(w.Contains(135.3));
        Assert.Equal("TL201 72 keV ±12.5% (63-81 keV)", w.ToString());
    }

    [Fact]
    public void Several_energy_windows_are_numbered_in_sequence_order()
    {
        var ds = SyntheticNm.Header("STATIC", 1).SetNumbers(DicomTags.NumberOfEnergyWindows, 2)
            .SetSequence(DicomTags.EnergyWindowInformationSequence, SyntheticNm.EnergyWindow(154.4, 188.6, "PEAK"), SyntheticNm.EnergyWindow(134, 146));
        var a = SyntheticNm.Read(ds);
        Assert.Equal(2, a.EnergyWindows.Count);
        Assert.Equal((1, "PEAK"), (a.EnergyWindows[0].Number, a.EnergyWindows[0].Name));
        Assert.Equal(171.5, a.EnergyWindows[0].CentreKeV, 1e-9);
        Assert.Equal((2, (string?)null), (a.EnergyWindows[1].Number, a.EnergyWindows[1].Name));
    }

    [Fact]
    public void Photopeak_window_is_the_narrowest_holding_the_main_photon_even_after_a_wide_total_window()
    {
        // A Tc-99m header (SyntheticNm) with a 20-300 keV "total" window first, then the 126-154 keV photopeak.
        var ds = SyntheticNm.Header("STATIC", 1).SetNumbers(DicomTags.NumberOfEnergyWindows, 2)
            .SetSequence(DicomTags.EnergyWindowInformationSequence, SyntheticNm.EnergyWindow(20, 300, "TOTAL"), SyntheticNm.EnergyWindow(126, 154, "PEAK"));
        var a = SyntheticNm.Read(ds);
        Assert.Equal(2, a.PhotopeakWindowNumber);
        Assert.Equal("PEAK", a.PhotopeakWindow?.Name);
        Assert.Equal(1, a.WindowHolding(250)?.Number);
        Assert.Null(a.WindowHolding(400));
    }

    [Theory]
    [InlineData("399321004", "SCT", ViewKind.Anterior, "ANT")]
    [InlineData("G-5216", "SRT", ViewKind.Posterior, "POST")]
    [InlineData("399074003", "SCT", ViewKind.LeftAnteriorOblique, "LAO")]
    [InlineData("G-5206", "SRT", ViewKind.RightAnteriorOblique, "RAO")]
    [InlineData("399136008", "SCT", ViewKind.LeftPosteriorOblique, "LPO")]
    [InlineData("G-5208", "SRT", ViewKind.RightPosteriorOblique, "RPO")]
    [InlineData("399118008", "SCT", ViewKind.LeftLateral, "LEFT LATERAL")]
    [InlineData("G-5222", "SRT", ViewKind.RightLateral, "RIGHT LATERAL")]
    [InlineData("G-A117", "SRT", ViewKind.Transverse, "TRANSVERSE")]
    [InlineData("103340004", "SCT", ViewKind.ShortAxis, "SHORT AXIS")]
    public void View_codes_of_cid_26_map_to_views(string value, string scheme, ViewKind kind, string label)
    {
        var detector = new DicomDataset().SetSequence(DicomTags.ViewCodeSequence, SyntheticNm.Code(value, scheme, "whatever"));
        var view = PlanarView.From(detector)!;
        Assert.Equal(kind, view.Kind);
        Assert.False(view.FromText);
        Assert.Equal(label, view.Label);
    }

    [Fact]
    public void View_modifier_gives_the_angulation()
    {
        var viewItem = SyntheticNm.Code("399321004", "SCT", "Anterior projection")
            .SetSequence(DicomTags.ViewModifierCodeSequence, SyntheticNm.Code("3583002", "SCT", "Caudal"));
        var view = PlanarView.From(new DicomDataset().SetSequence(DicomTags.ViewCodeSequence, viewItem))!;
        Assert.Equal(ViewKind.Anterior, view.Kind);
        Assert.Equal(ViewAngulation.Caudal, view.Angulation);
        Assert.Equal("ANT CAUD", view.Label);
        Assert.Equal("Caudal", view.Modifier!.Meaning);
    }

    [Theory]
    [InlineData("FACE ANT", ViewKind.Anterior)]
    [InlineData("POSTERIOR", ViewKind.Posterior)]
    [InlineData("LAO 45", ViewKind.LeftAnteriorOblique)]
    [InlineData("Left lateral", ViewKind.LeftLateral)]
    [InlineData("RIGHT_POSTERIOR_OBLIQUE", ViewKind.RightPosteriorOblique)]
    public void Vendor_view_texts_are_recognised(string text, ViewKind kind)
    {
        Assert.Equal(kind, PlanarView.Recognise(text));
    }

    [Fact]
    public void Unrecognised_view_text_gives_unknown_and_keeps_the_code()
    {
        var view = PlanarView.From(new DicomDataset().SetSequence(DicomTags.ViewCodeSequence, SyntheticNm.Code("XYZ", "99VENDOR", "VERTEX")))!;
        Assert.Equal(ViewKind.Unknown, view.Kind);
        Assert.Equal("VERTEX", view.Label);
    }

    [Fact]
    public void Bad_optional_numbers_become_warnings_naming_the_tag()
    {
        var ds = SyntheticNm.Tomo(1, 4);
        ds.Set(DicomTags.SpacingBetweenSlices, DicomVR.DS, "abc");
        var a = SyntheticNm.Read(ds);
        Assert.Null(a.SpacingBetweenSlicesMm);
        Assert.Contains(a.Warnings, w => w.StartsWith("(0018,0088) SpacingBetweenSlices", StringComparison.Ordinal) && w.Contains("abc"));
        Assert.Equal(4, a.NumberOfFrames);
    }

    [Fact]
    public void Image_type_value_3_classifies_every_nm_type()
    {
        foreach (var (term, type) in new[] { ("STATIC", NmImageType.Static), ("DYNAMIC", NmImageType.Dynamic), ("GATED", NmImageType.Gated),
                     ("WHOLE BODY", NmImageType.WholeBody), ("TOMO", NmImageType.Tomo), ("GATED TOMO", NmImageType.GatedTomo),
                     ("RECON TOMO", NmImageType.ReconTomo), ("RECON GATED TOMO", NmImageType.ReconGatedTomo) })
        {
            Assert.Equal(type, NmImageTypes.Parse(term));
            Assert.Equal(term, type.ToDicomTerm());
        }
        var odd = SyntheticNm.Read(SyntheticNm.Header("SCREEN SAVE", 1));
        Assert.Equal(NmImageType.Other, odd.ImageType);
        Assert.Contains(odd.Warnings, w => w.Contains("SCREEN SAVE"));
    }

    [Fact]
    public void Dynamic_phases_are_read()
    {
        var ds = SyntheticNm.Header("DYNAMIC", 1).SetSequence(DicomTags.PhaseInformationSequence,
            new DicomDataset().SetNumbers(DicomTags.ActualFrameDuration, 1000).SetNumbers(DicomTags.NumberOfFramesInPhase, 60).SetNumbers(DicomTags.PhaseDelay, 0),
            new DicomDataset().SetNumbers(DicomTags.ActualFrameDuration, 20000).SetNumbers(DicomTags.NumberOfFramesInPhase, 45).SetNumbers(DicomTags.PhaseDelay, 0));
        var a = SyntheticNm.Read(ds);
        Assert.Equal(2, a.Phases.Count);
        Assert.Equal(new Phase(2, 20000, 45, 0, null, null), a.Phases[1]);
    }

    [Fact]
    public void Frame_duration_comes_from_the_phase_the_rotation_or_the_top_level()
    {
        var ds = SyntheticNm.Header("DYNAMIC", 5)
            .SetTags(DicomTags.FrameIncrementPointer, DicomTags.EnergyWindowVector, DicomTags.DetectorVector, DicomTags.PhaseVector, DicomTags.TimeSliceVector)
            .SetNumbers(DicomTags.EnergyWindowVector, 1, 1, 1, 1, 1).SetNumbers(DicomTags.NumberOfEnergyWindows, 1)
            .SetNumbers(DicomTags.DetectorVector, 1, 1, 1, 1, 1).SetNumbers(DicomTags.NumberOfDetectors, 1)
            .SetNumbers(DicomTags.PhaseVector, 1, 1, 1, 2, 2).SetNumbers(DicomTags.NumberOfPhases, 2)
            .SetNumbers(DicomTags.TimeSliceVector, 1, 2, 3, 4, 5).SetNumbers(DicomTags.NumberOfTimeSlices, 5)
            .SetSequence(DicomTags.PhaseInformationSequence,
                new DicomDataset().SetNumbers(DicomTags.ActualFrameDuration, 1000).SetNumbers(DicomTags.NumberOfFramesInPhase, 3),
                new DicomDataset().SetNumbers(DicomTags.ActualFrameDuration, 30000).SetNumbers(DicomTags.NumberOfFramesInPhase, 2));
        var dynamic = SyntheticNm.Read(ds);
        Assert.Equal("5 frames over 2 phases, 5 time slices", dynamic.Layout.ToString());
        Assert.DoesNotContain(dynamic.Warnings, w => w.Contains("regular grid"));
        Assert.Equal(new double?[] { 1000, 1000, 1000, 30000, 30000 }, Enumerable.Range(0, 5).Select(dynamic.FrameDurationMs));

        var tomo = SyntheticNm.Read(SyntheticNm.Tomo(2, 3));
        Assert.Equal(20000, tomo.FrameDurationMs(4));

        var planar = SyntheticNm.Read(SyntheticNm.Header("STATIC", 1).SetNumbers(DicomTags.ActualFrameDuration, 300000));
        Assert.Equal(300000, planar.FrameDurationMs(0));
    }

    [Fact]
    public void Patient_name_is_not_part_of_the_model()
    {
        Assert.DoesNotContain(typeof(NmAcquisition).GetProperties(), p => p.Name.Contains("Name", StringComparison.Ordinal) && p.Name.Contains("Patient", StringComparison.Ordinal));
        Assert.DoesNotContain(typeof(Study).GetProperties(), p => p.Name.Contains("PatientName", StringComparison.Ordinal));
    }
}
