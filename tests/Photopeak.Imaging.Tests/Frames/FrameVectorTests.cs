using Photopeak.Dicom;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Studies;

namespace Photopeak.Imaging.Tests.Frames;

public class FrameVectorTests
{
    [Fact]
    public void Tomo_with_two_detectors_splits_into_2_detectors_x_60_views()
    {
        var a = SyntheticNm.Read(SyntheticNm.Tomo(2, 60));
        Assert.Equal(NmImageType.Tomo, a.ImageType);
        Assert.Equal(120, a.NumberOfFrames);
        Assert.Equal("2 detectors x 60 views", a.Layout.ToString());
        Assert.True(a.Layout.IsRegular);
        Assert.Equal(2, a.Layout.CountOf(FrameVector.Detector));
        Assert.Equal(60, a.Layout.CountOf(FrameVector.AngularView));
        Assert.Equal(1, a.Layout.CountOf(FrameVector.EnergyWindow));
        Assert.Null(a.Layout.CountOf(FrameVector.Slice));
        Assert.Equal(new FrameIndex(61, EnergyWindow: 1, Detector: 2, Rotation: 1, AngularView: 2), a.Frames[61]);
        var head2 = a.FramesWhere(FrameVector.Detector, 2);
        Assert.Equal(60, head2.Count);
        Assert.Equal(Enumerable.Range(1, 60), head2.Select(f => f.AngularView!.Value));
        Assert.Empty(a.Warnings);
        // Pixel value = frame number + 1, so frame 61 reads 62 everywhere.
        Assert.All(a.GetFrame(61).Pixels, v => Assert.Equal(62f, v));
    }

    [Fact]
    public void Tomo_rotation_and_detectors_are_read()
    {
        var a = SyntheticNm.Read(SyntheticNm.Tomo(2, 60));
        var rot = Assert.Single(a.Rotations);
        Assert.Equal(RotationDirection.ClockwiseSeenFromFeet, rot.Direction);
        Assert.Equal(3, rot.AngularStepDeg);
        Assert.Equal(180, rot.ScanArcDeg);
        Assert.Equal(60, rot.FramesInRotation);
        Assert.Equal(20000, rot.ActualFrameDurationMs);
        Assert.Equal(new double[] { 220, 221, 222 }, rot.RadialPositionsMm);
        Assert.Equal(2, a.Detectors.Count);
        Assert.Equal(180, a.Detectors[1].StartAngleDeg);
        Assert.Equal(0.5, a.Detectors[1].CenterOfRotationOffsetMm);
    }

    [Fact]
    public void Gated_planar_with_16_time_slots_reads_indices_and_gating_information()
    {
        var ds = SyntheticNm.Header("GATED", 16);
        ds.SetTags(DicomTags.FrameIncrementPointer, DicomTags.EnergyWindowVector, DicomTags.DetectorVector, DicomTags.RRIntervalVector, DicomTags.TimeSlotVector)
            .SetNumbers(DicomTags.EnergyWindowVector, Enumerable.Repeat(1.0, 16).ToArray()).SetNumbers(DicomTags.NumberOfEnergyWindows, 1)
            .SetNumbers(DicomTags.DetectorVector, Enumerable.Repeat(1.0, 16).ToArray()).SetNumbers(DicomTags.NumberOfDetectors, 1)
            .SetNumbers(DicomTags.RRIntervalVector, Enumerable.Repeat(1.0, 16).ToArray()).SetNumbers(DicomTags.NumberOfRRIntervals, 1)
            .SetNumbers(DicomTags.TimeSlotVector, Enumerable.Range(1, 16).Select(i => (double)i).ToArray()).SetNumbers(DicomTags.NumberOfTimeSlots, 16)
            .SetSequence(DicomTags.GatedInformationSequence, new DicomDataset().SetSequence(DicomTags.DataInformationSequence, new DicomDataset()
                .SetNumbers(DicomTags.FrameTime, 50).SetNumbers(DicomTags.NominalInterval, 800)
                .SetNumbers(DicomTags.LowRRValue, 720).SetNumbers(DicomTags.HighRRValue, 880)
                .SetNumbers(DicomTags.IntervalsAcquired, 600).SetNumbers(DicomTags.IntervalsRejected, 25)));
        var a = SyntheticNm.Read(ds);
        Assert.Equal(NmImageType.Gated, a.ImageType);
        Assert.Equal("16 time slots", a.Layout.ToString());
        Assert.Equal(Enumerable.Range(1, 16), a.Frames.Select(f => f.TimeSlot!.Value));
        Assert.All(a.Frames, f => Assert.Equal(1, f.RRInterval));
        var g = Assert.Single(a.GatedIntervals);
        Assert.Equal(new GatedInterval(1, 50, 800, 720, 880, 600, 25, 16), g);
        Assert.Equal(16, a.NumberOfTimeSlots);
    }

    [Fact]
    public void Vector_with_fewer_values_than_frames_names_the_vector_tag()
    {
        var ds = SyntheticNm.Tomo(2, 4);
        ds.SetNumbers(DicomTags.DetectorVector, 1, 1, 1, 1, 2, 2, 2);
        var a = SyntheticNm.Read(ds);
        var ex = Assert.Throws<StudyValidationException>(() => a.Frames);
        Assert.Equal(DicomTags.DetectorVector, ex.Tag);
        Assert.Contains("(0054,0020) DetectorVector", ex.Message);
        Assert.Contains("7 values", ex.Message);
        Assert.Contains("synthetic.dcm", ex.Message);
        // The header still loads.
        Assert.Equal(2, a.Detectors.Count);
    }

    [Fact]
    public void Index_beyond_the_declared_count_names_the_vector_and_the_count_attribute()
    {
        var ds = SyntheticNm.Tomo(2, 4);
        ds.SetNumbers(DicomTags.NumberOfDetectors, 1);
        var ex = Assert.Throws<StudyValidationException>(() => SyntheticNm.Read(ds).Layout);
        Assert.Equal(DicomTags.DetectorVector, ex.Tag);
        Assert.Contains("(0054,0021) NumberOfDetectors = 1", ex.Message);
    }

    [Fact]
    public void Angular_view_beyond_frames_in_rotation_is_refused()
    {
        var ds = SyntheticNm.Tomo(1, 4);
        ds.SetNumbers(DicomTags.AngularViewVector, 1, 2, 3, 5);
        var ex = Assert.Throws<StudyValidationException>(() => SyntheticNm.Read(ds).Frames);
        Assert.Equal(DicomTags.AngularViewVector, ex.Tag);
        Assert.Contains("NumberOfFramesInRotation = 4", ex.Message);
    }

    [Theory]
    [InlineData(32784)]
    [InlineData(17)]
    [InlineData(0)]
    public void Bits_stored_beyond_bits_allocated_is_refused_naming_the_tag(int bitsStored)
    {
        // Found by AFL++ on the study target: the value reached the pixel converter, which threw ArgumentException.
        var ds = SyntheticNm.Header("STATIC", 1).SetNumbers(DicomTags.BitsStored, bitsStored);
        var ex = Assert.Throws<StudyValidationException>(() => SyntheticNm.Read(ds).GetFrame(0));
        Assert.Equal(DicomTags.BitsStored, ex.Tag);
        Assert.Contains("invalid", ex.Message);
    }

    [Fact]
    public void Vector_named_by_the_pointer_but_absent_is_refused()
    {
        var ds = SyntheticNm.Tomo(1, 4);
        ds.Remove(DicomTags.RotationVector);
        var ex = Assert.Throws<StudyValidationException>(() => SyntheticNm.Read(ds).Frames);
        Assert.Equal(DicomTags.RotationVector, ex.Tag);
        Assert.Contains("absent", ex.Message);
    }

    [Fact]
    public void Zero_index_is_refused_as_not_one_based()
    {
        var ds = SyntheticNm.Tomo(1, 4);
        ds.SetNumbers(DicomTags.AngularViewVector, 0, 1, 2, 3);
        var ex = Assert.Throws<StudyValidationException>(() => SyntheticNm.Read(ds).Frames);
        Assert.Contains("1-based", ex.Message);
    }

    [Fact]
    public void Missing_count_attribute_is_a_warning_not_an_error()
    {
        var ds = SyntheticNm.Tomo(2, 4);
        ds.Remove(DicomTags.NumberOfDetectors);
        var a = SyntheticNm.Read(ds);
        Assert.Equal(8, a.NumberOfFrames);
        Assert.Contains(a.Warnings, w => w.StartsWith("(0054,0021) NumberOfDetectors: absent", StringComparison.Ordinal));
    }

    [Fact]
    public void Tomo_without_an_angular_view_vector_is_warned_about()
    {
        var ds = SyntheticNm.Header("TOMO", 3);
        ds.SetTags(DicomTags.FrameIncrementPointer, DicomTags.EnergyWindowVector).SetNumbers(DicomTags.EnergyWindowVector, 1, 1, 1).SetNumbers(DicomTags.NumberOfEnergyWindows, 1);
        var a = SyntheticNm.Read(ds);
        Assert.Contains(a.Warnings, w => w.Contains("AngularViewVector") && w.Contains("TOMO"));
    }

    [Fact]
    public void Irregular_layouts_say_so()
    {
        var ds = SyntheticNm.Header("STATIC", 3);
        ds.SetTags(DicomTags.FrameIncrementPointer, DicomTags.EnergyWindowVector, DicomTags.DetectorVector)
            .SetNumbers(DicomTags.EnergyWindowVector, 1, 2, 1).SetNumbers(DicomTags.NumberOfEnergyWindows, 2)
            .SetNumbers(DicomTags.DetectorVector, 1, 1, 2).SetNumbers(DicomTags.NumberOfDetectors, 2);
        var a = SyntheticNm.Read(ds);
        Assert.False(a.Layout.IsRegular);
        Assert.Equal("3 frames over 2 energy windows, 2 detectors", a.Layout.ToString());
        Assert.Contains(a.Warnings, w => w.Contains("regular grid"));
    }
}
