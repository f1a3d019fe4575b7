using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Dicom.Pixels;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Export;
using Xunit.Abstractions;

namespace Photopeak.Reconstruction.Tests;

public sealed class ReconTomoDicomWriterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("photopeak-recontomo-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Volume3D Ramp()
    {
        var v = new Volume3D(16, 12, 5, 4.42, 4.42, 4.42);
        for (int i = 0; i < v.Voxels.Length; i++) v.Voxels[i] = i * 0.5f;
        return v;
    }

    [Fact]
    public void Slices_are_frames_with_slice_vector_and_scaled_values()
    {
        string path = Path.Combine(directory, "recon.dcm");
        var volume = Ramp();
        ReconTomoDicomWriter.Write(path, volume, new ReconTomoSeries { PatientId = "PP-1", Method = "OSEM 4x8" },
            Geometry.SpectGeometry.Circular(120, 16, 5, 4.42, 200, detectors: 2));
        var file = DicomFile.Open(path);
        var d = file.Dataset;
        Assert.Equal(["DERIVED", "PRIMARY", "RECON TOMO", "EMISSION"], d.GetStrings(DicomTags.ImageType));
        Assert.Equal(5, d.GetInt32(DicomTags.NumberOfFrames));
        Assert.Equal([DicomTags.SliceVector], d.GetTags(DicomTags.FrameIncrementPointer));
        Assert.Equal([1.0, 2, 3, 4, 5], d.GetDoubles(DicomTags.SliceVector));
        Assert.Equal(4.42, d.GetDouble(DicomTags.SpacingBetweenSlices));
        Assert.Equal([1.0, 0, 0, 0, 1, 0], d.GetItem(DicomTags.DetectorInformationSequence)!.GetDoubles(DicomTags.ImageOrientationPatient));
        double slope = d.GetItem(DicomTags.RealWorldValueMappingSequence)!.GetDouble(DicomTags.RealWorldValueSlope)!.Value;
        var pixels = new DicomPixelData(d, file.TransferSyntax, path);
        var frame = pixels.GetFrame(3); // frames run feet to head: frame index 3 holds volume slice 5 − 1 − 3 = 1
        int x = 7, y = 9;
        double stored = BitConverter.ToUInt16(frame.Span[((y * 16 + x) * 2)..]);
        Assert.Equal(volume[x, y, 1], stored * slope, volume[x, y, 1] * 1e-4 + slope);
    }

    [Fact]
    public void Each_frame_lies_where_image_position_plus_positive_spacing_along_the_slice_normal_puts_it()
    {
        // Slice s of the volume (0 = most superior) holds the value s + 1 everywhere, so each frame names its slice.
        var volume = new Volume3D(8, 6, 7, 4, 4, 5);
        for (int z = 0; z < 7; z++)
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 8; x++) volume[x, y, z] = z + 1;
        var centre = (X: 10.0, Y: -20.0, Z: 60.0);
        string path = Path.Combine(directory, "order.dcm");
        ReconTomoDicomWriter.Write(path, volume, new ReconTomoSeries { VolumeCentreMm = centre });
        var file = DicomFile.Open(path);
        var d = file.Dataset;
        var detector = d.GetItem(DicomTags.DetectorInformationSequence)!;
        var position = detector.GetDoubles(DicomTags.ImagePositionPatient);
        var o = detector.GetDoubles(DicomTags.ImageOrientationPatient);
        double[] normal = [o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]];
        double spacing = d.GetDouble(DicomTags.SpacingBetweenSlices)!.Value;
        Assert.True(spacing > 0, $"Spacing Between Slices {spacing}");
        double slope = d.GetItem(DicomTags.RealWorldValueMappingSequence)!.GetDouble(DicomTags.RealWorldValueSlope)!.Value;
        var pixels = new DicomPixelData(d, file.TransferSyntax, path);
        var slices = d.GetDoubles(DicomTags.SliceVector);
        for (int k = 0; k < 7; k++)
        {
            Assert.Equal(k + 1, slices[k]);
            int slice = (int)Math.Round(BitConverter.ToUInt16(pixels.GetFrame(k).Span) * slope) - 1;
            // Where the volume puts that slice: slice 0 at the top, centred on the axis.
            double expectedZ = centre.Z - (slice - (7 - 1) / 2.0) * 5;
            double frameZ = position[2] + k * spacing * normal[2];
            Assert.Equal(expectedZ, frameZ, 1e-6);
            Assert.Equal(centre.X - (8 - 1) / 2.0 * 4, position[0] + k * spacing * normal[0], 1e-6);
            Assert.Equal(centre.Y - (6 - 1) / 2.0 * 4, position[1] + k * spacing * normal[1], 1e-6);
        }
    }

    [Fact]
    public void Loader_returns_the_written_volume_superior_slice_first()
    {
        var volume = Ramp();
        string path = Path.Combine(directory, "roundtrip.dcm");
        ReconTomoDicomWriter.Write(path, volume, new ReconTomoSeries());
        var loaded = ReconTomoVolumeLoader.Load(NmAcquisition.Open(path));
        Assert.Equal((volume.SizeX, volume.SizeY, volume.SizeZ), (loaded.SizeX, loaded.SizeY, loaded.SizeZ));
        float slope = volume.Voxels.Max() / 65535f;
        for (int i = 0; i < volume.Voxels.Length; i++) Assert.Equal(volume.Voxels[i], loaded.Voxels[i], slope);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // head-first frames with a negative spacing
    public void Loader_gives_back_the_volume_centre_the_writer_was_given(bool headFirst)
    {
        var volume = Ramp();
        string path = Path.Combine(directory, "centre.dcm");
        ReconTomoDicomWriter.Write(path, volume, new ReconTomoSeries { VolumeCentreMm = (12.5, -30, 75) });
        if (headFirst)
        {
            var d = DicomFile.Open(path).Dataset.Clone();
            var detector = d.GetItem(DicomTags.DetectorInformationSequence)!.Clone();
            var p = detector.GetDoubles(DicomTags.ImagePositionPatient);
            detector.SetNumbers(DicomTags.ImagePositionPatient, p[0], p[1], p[2] + (volume.SizeZ - 1) * volume.VoxelSizeZMm);
            d.SetSequence(DicomTags.DetectorInformationSequence, detector);
            d.SetNumbers(DicomTags.SpacingBetweenSlices, -volume.VoxelSizeZMm);
            using var stream = File.Create(path);
            DicomWriter.Write(stream, d, TransferSyntax.ExplicitVRLittleEndian);
        }
        var a = NmAcquisition.Open(path);
        var centre = ReconTomoVolumeLoader.VolumeCentreMm(a, ReconTomoVolumeLoader.Load(a))!.Value;
        Assert.Equal(12.5, centre.X, 1e-6);
        Assert.Equal(-30, centre.Y, 1e-6);
        Assert.Equal(75, centre.Z, 1e-6);
    }

    [Fact]
    public void Loader_keeps_head_first_frames_with_a_negative_spacing_as_written()
    {
        // The same volume written head first with a negative spacing (as some vendors do) loads identically.
        var volume = Ramp();
        string path = Path.Combine(directory, "ours.dcm"), vendor = Path.Combine(directory, "vendor.dcm");
        ReconTomoDicomWriter.Write(path, volume, new ReconTomoSeries());
        var d = DicomFile.Open(path).Dataset.Clone();
        var frameBytes = volume.SizeX * volume.SizeY * 2;
        var ours = d[DicomTags.PixelData]!.Value.ToArray();
        var reversed = new byte[ours.Length];
        for (int k = 0; k < volume.SizeZ; k++)
            ours.AsSpan(k * frameBytes, frameBytes).CopyTo(reversed.AsSpan((volume.SizeZ - 1 - k) * frameBytes));
        d.SetBytes(DicomTags.PixelData, DicomVR.OW, reversed);
        d.SetNumbers(DicomTags.SpacingBetweenSlices, -volume.VoxelSizeZMm);
        using (var stream = File.Create(vendor)) DicomWriter.Write(stream, d, TransferSyntax.ExplicitVRLittleEndian);
        var a = ReconTomoVolumeLoader.Load(NmAcquisition.Open(path));
        var b = ReconTomoVolumeLoader.Load(NmAcquisition.Open(vendor));
        Assert.Equal(a.Voxels, b.Voxels);
        Assert.True(a.Voxels[0] < a.Voxels[^1]); // the ramp grows with the slice index: not both reversed
    }

    [Fact]
    public void Recon_tomo_file_passes_dciodvfy_without_errors()
    {
        if (!ExternalTool.Require("dciodvfy")) return;
        string path = Path.Combine(directory, "recon.dcm");
        // A vendor's long series description with the reconstruction appended (81 characters) is shortened to LO's 64.
        const string description = "SPECT ABDOMEN PELVIS OCTREOSCAN 24H BED 1 RECON OSEM 4i8s AC PSF TEW, Gauss 8 mm";
        ReconTomoDicomWriter.Write(path, Ramp(), new ReconTomoSeries { PatientId = "PP-1", SeriesDescription = description },
            Geometry.SpectGeometry.Circular(60, 16, 5, 4.42, 200));
        Assert.Equal(description[..64].TrimEnd(), DicomFile.Open(path).Dataset.GetString(DicomTags.SeriesDescription));
        var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
        var errors = (stdout + stderr).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToArray();
        foreach (var e in errors) output.WriteLine(e);
        Assert.Empty(errors);
    }
}
