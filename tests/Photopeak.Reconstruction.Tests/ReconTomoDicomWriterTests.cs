using Photopeak.Dicom;
using Photopeak.Dicom.Pixels;
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
        var frame = pixels.GetFrame(3);
        int x = 7, y = 9;
        double stored = BitConverter.ToUInt16(frame.Span[((y * 16 + x) * 2)..]);
        Assert.Equal(volume[x, y, 3], stored * slope, volume[x, y, 3] * 1e-4 + slope);
    }

    [Fact]
    public void Recon_tomo_file_passes_dciodvfy_without_errors()
    {
        if (!ExternalTool.Require("dciodvfy")) return;
        string path = Path.Combine(directory, "recon.dcm");
        ReconTomoDicomWriter.Write(path, Ramp(), new ReconTomoSeries { PatientId = "PP-1" }, Geometry.SpectGeometry.Circular(60, 16, 5, 4.42, 200));
        var (_, stdout, stderr) = ExternalTool.Run("dciodvfy", [path]);
        var errors = (stdout + stderr).Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToArray();
        foreach (var e in errors) output.WriteLine(e);
        Assert.Empty(errors);
    }
}
