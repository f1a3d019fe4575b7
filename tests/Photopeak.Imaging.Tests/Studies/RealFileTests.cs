using Photopeak.Dicom;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Nuclides;
using Photopeak.Imaging.Studies;

namespace Photopeak.Imaging.Tests.Studies;

// Expected values read with DCMTK dcmdump 3.6.7 and pixel sums with pydicom/numpy (see MANIFEST.md in shared/data).
public class RealFileTests
{
    private static NmAcquisition Open(string relative) => NmAcquisition.Open(SharedData.PathOf(relative));

    [Fact]
    public void Dcm4che_heart_is_recon_tomo_with_13_slices_from_the_slice_vector()
    {
        var a = Open("nm/dcm4che/NM-MONO2-16-13x-heart.dcm");
        Assert.Equal(NmImageType.ReconTomo, a.ImageType);
        Assert.Equal(13, a.NumberOfFrames);
        Assert.Equal((64, 64), (a.Rows, a.Columns));
        Assert.Equal("13 slices", a.Layout.ToString());
        Assert.Equal(Enumerable.Range(1, 13), a.Frames.Select(f => f.Slice!.Value));
        Assert.All(a.Frames, f => Assert.Null(f.Detector));
        Assert.Equal(3.11583, a.PixelSpacingMm!.Value.RowMm, 1e-9);
        Assert.Equal(6.231669, a.SpacingBetweenSlicesMm!.Value, 1e-9);
        // Legacy "1993.11.24" and "09:53:00" forms are accepted.
        Assert.Equal(new DateTime(1993, 11, 24, 9, 53, 0), a.AcquisitionDateTime);
        Assert.Null(a.PatientId);
        Assert.Null(a.StudyDate);
        Assert.Equal(1, a.RescaleSlope);
        Assert.Equal(0, a.RescaleIntercept);
    }

    [Fact]
    public void Dcm4che_heart_frame_sums_match_pydicom()
    {
        var a = Open("nm/dcm4che/NM-MONO2-16-13x-heart.dcm");
        Assert.Equal(24620, a.GetFrame(0).Sum(), 0);
        Assert.Equal(51075, a.GetFrame(6).Sum(), 0);
        Assert.Equal(4f, a.GetFrame(6)[32, 30]);
        Assert.Equal(19945, a.GetFrame(12).Sum(), 0);
    }

    [Fact]
    public void Jaszczak_has_45_reconstructed_slices_and_a_360_degree_counter_clockwise_rotation()
    {
        var a = Open("nm/nmqc/Jaszack.dcm");
        Assert.Equal(NmImageType.ReconTomo, a.ImageType);
        Assert.Equal(45, a.NumberOfFrames);
        Assert.Equal(new[] { new FrameDimension(FrameVector.Slice, 45) }, a.Layout.Dimensions);
        Assert.Equal("45 slices", a.Layout.ToString());
        Assert.Equal((128, 128), (a.Rows, a.Columns));
        Assert.Equal(4.12999964, a.PixelSpacingMm!.Value.ColumnMm, 1e-9);
        Assert.Equal(-4.12999964, a.SpacingBetweenSlicesMm!.Value, 1e-9);

        var ew = Assert.Single(a.EnergyWindows);
        Assert.Equal(140, ew.CentreKeV, 1e-9);
        Assert.Equal(28, ew.WidthKeV, 1e-9);
        Assert.Equal(20, ew.WidthPercent, 1e-9);

        Assert.Same(Radionuclide.Tc99m, a.Radionuclide);
        Assert.Equal("C-163A8", a.Radiopharmaceutical!.RadionuclideCode!.Value);
        Assert.Equal(0, a.Radiopharmaceutical.TotalDoseMBq);

        var det = Assert.Single(a.Detectors);
        Assert.Equal("LEHR", det.CollimatorName);
        Assert.Equal(new[] { 1.14285719, 1.14285719 }, det.ZoomFactor);
        Assert.Equal(new[] { 0, -264.319977, -165.199986 }, det.ImagePositionPatientMm);

        var rot = Assert.Single(a.Rotations);
        Assert.Equal(RotationDirection.CounterClockwiseSeenFromFeet, rot.Direction);
        Assert.Equal(180, rot.StartAngleDeg);
        Assert.Equal(2.8125, rot.AngularStepDeg);
        Assert.Equal(360, rot.ScanArcDeg);
        Assert.Equal(45, rot.FramesInRotation);
        Assert.Equal(45000, rot.ActualFrameDurationMs);
        Assert.Equal("STEP AND SHOOT", rot.TypeOfDetectorMotion);
        Assert.Equal("123456", a.PatientId);
        Assert.Equal(new DateOnly(2014, 7, 28), a.StudyDate);
    }

    [Fact]
    public void Jaszczak_frame_values_match_pydicom()
    {
        var a = Open("nm/nmqc/Jaszack.dcm");
        var frame = a.GetFrame(22);
        Assert.Equal(2968124, frame.Sum(), 0);
        Assert.Equal(1296f, frame[64, 64]);
        Span<float> buffer = new float[128 * 128];
        a.GetFrame(44, buffer);
        double sum = 0;
        foreach (var v in buffer) sum += v;
        Assert.Equal(1414927, sum, 0);
    }

    [Fact]
    public void Thyroid_static_reads_the_vendor_view_code_as_anterior_and_the_99SDM_nuclide_code()
    {
        var a = Open("nm/scintigraphy/thyroid_ant.dcm");
        Assert.Equal(NmImageType.Static, a.ImageType);
        Assert.Equal("1 energy window x 1 detector", a.Layout.ToString());
        var f = Assert.Single(a.Frames);
        Assert.Equal((1, 1), (f.EnergyWindow, f.Detector));
        Assert.Equal(167961, a.ActualFrameDurationMs);
        var ew = Assert.Single(a.EnergyWindows);
        Assert.Equal("99m Technetium", ew.Name);
        Assert.Equal(128.96350097656, ew.LowerKeV, 1e-9);
        Assert.Equal(149.87649536133, ew.UpperKeV, 1e-9);
        Assert.Same(Radionuclide.Tc99m, a.Radionuclide);
        var det = Assert.Single(a.Detectors);
        Assert.Equal(ViewKind.Anterior, det.View!.Kind);
        Assert.True(det.View.FromText);
        Assert.Equal("FACE ANT", det.View.Code!.Value);
        Assert.Equal("PARA", det.CollimatorType);
        Assert.Equal("@18886969", det.CollimatorName);
        Assert.Equal(new[] { 174.5 }, det.RadialPositionsMm);
        Assert.Equal(0, det.CenterOfRotationOffsetMm);
        Assert.Equal(new[] { 2.0, 2.0 }, det.ZoomFactor);
        Assert.Equal(199862, a.GetFrame(0).Sum(), 0);
        Assert.Equal(new DateTime(2016, 4, 11, 15, 34, 36, 585), a.AcquisitionDateTime);
    }

    [Fact]
    public void Wg04_whole_body_secondary_capture_loads_as_other_with_a_warning()
    {
        var a = Open("nm/wg04/NM1_UNC.dcm");
        Assert.False(a.IsNuclearMedicineSopClass);
        Assert.Equal("Secondary Capture Image Storage", a.SopClassName);
        Assert.Equal(NmImageType.Other, a.ImageType);
        Assert.Equal("WHOLE BODY", a.ImageTypeValues[2]);
        Assert.Contains(a.Warnings, w => w.Contains("(0008,0016)") && w.Contains("WHOLE BODY"));
        Assert.Equal((1024, 256), (a.Rows, a.Columns));
        Assert.Equal(2.26, a.PixelSpacingMm!.Value.RowMm, 1e-9);
        Assert.Equal("8NM1", a.PatientId);
        var image = a.GetFrame(0);
        Assert.Equal((256, 1024), (image.Width, image.Height));
        // Counts Accumulated (0018,0070) = 3596452: the file's own total agrees with the decoded pixels.
        Assert.Equal(3596452, image.Sum(), 0);
        Assert.Equal(278f, image.Pixels.Max());
    }

    [Fact]
    public void Wg04_rle_decodes_to_the_same_counts_as_the_uncompressed_file()
    {
        var unc = Open("nm/wg04/NM1_UNC.dcm").GetFrame(0).Pixels;
        var rle = Open("nm/wg04/NM1_RLE.dcm").GetFrame(0).Pixels;
        Assert.Equal(unc, rle);
    }

    [Fact]
    public void Wg04_jpeg_header_loads_but_frames_are_refused_with_the_syntax_named()
    {
        var a = Open("nm/wg04/NM1_JPLL.dcm");
        Assert.Equal((1024, 256), (a.Rows, a.Columns));
        var ex = Assert.Throws<UnsupportedTransferSyntaxException>(() => a.GetFrame(0));
        Assert.Contains("JPEG Lossless", ex.Message);
    }

    [Fact]
    public void Bad_number_of_frames_names_0028_0008_when_frames_are_asked_for_while_the_header_loads()
    {
        var a = Open("robustness/pydicom/badVR.dcm");
        Assert.Equal("id11111", a.PatientId);
        Assert.Equal(new DateOnly(2003, 8, 5), a.StudyDate);
        Assert.Equal((10, 10), (a.Rows, a.Columns));
        Assert.NotNull(a.FrameProblem);
        var ex = Assert.Throws<StudyValidationException>(() => a.Frames);
        Assert.Equal(DicomTags.NumberOfFrames, ex.Tag);
        Assert.Contains("(0028,0008) NumberOfFrames", ex.Message);
        Assert.Contains("1A", ex.Message);
        Assert.Contains("badVR.dcm", ex.Message);
        Assert.Throws<StudyValidationException>(() => a.GetFrame(0));
    }

    [Fact]
    public void Every_shared_nm_file_loads_its_header_without_throwing()
    {
        foreach (var path in SharedData.AllFiles().Where(p => p.StartsWith("nm/", StringComparison.Ordinal)))
        {
            var a = Open(path);
            Assert.NotNull(a.StudyInstanceUid);
            Assert.Null(a.FrameProblem);
            Assert.True(a.NumberOfFrames >= 1, path);
        }
    }
}
