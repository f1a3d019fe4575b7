using Photopeak.Imaging.Acquisitions;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Reconstruction.Interfile;

namespace Photopeak.Reconstruction.Tests;

public sealed class InterfileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("photopeak-interfile-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Volume_written_then_read_is_identical()
    {
        var rng = new Random(7);
        var volume = new Volume3D(12, 10, 7, 4.42, 4.42, 3.3);
        for (int i = 0; i < volume.Voxels.Length; i++) volume.Voxels[i] = (float)(rng.NextDouble() * 1e4 - 10);
        string header = Path.Combine(directory, "recon.hv");
        string data = InterfileWriter.WriteVolume(header, volume);
        Assert.Equal(Path.Combine(directory, "recon.v"), data);
        Assert.Equal(12 * 10 * 7 * 4, new FileInfo(data).Length);
        var back = InterfileReader.ReadVolume(header);
        Assert.Equal((12, 10, 7), (back.SizeX, back.SizeY, back.SizeZ));
        Assert.Equal((4.42, 4.42, 3.3), (back.VoxelSizeXMm, back.VoxelSizeYMm, back.VoxelSizeZMm));
        Assert.Equal(volume.Voxels, back.Voxels);
        var text = File.ReadAllText(header);
        Assert.StartsWith("!INTERFILE", text);
        Assert.Contains("!imaging modality := nucmed", text);
        Assert.Contains("!number format := float", text);
        Assert.Contains("!matrix size [3] := 7", text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Projections_written_then_read_keep_counts_and_geometry(bool bodyContour)
    {
        var g = new SpectGeometry
        {
            NumberOfViews = 6, Bins = 8, Rows = 5, PixelSpacingMm = 4.8, RowSpacingMm = 3.2, StartAngleDeg = 180, ArcDeg = 360,
            Direction = RotationDirection.CounterClockwiseSeenFromFeet, Detectors = 2, RadiusMm = 231.5, CenterOfRotationOffsetMm = -1.25,
            RadialPositionsMm = bodyContour ? [200, 210.5, 220, 230, 240, 250.25] : null,
        };
        var p = new ProjectionSet(g);
        for (int i = 0; i < p.Counts.Length; i++) p.Counts[i] = i * 3 % 17;
        string header = Path.Combine(directory, "proj.hs");
        InterfileWriter.WriteProjections(header, p);
        var back = InterfileReader.ReadProjections(header);
        Assert.Equal(p.Counts, back.Counts);
        Assert.Equal(g.NumberOfViews, back.Geometry.NumberOfViews);
        Assert.Equal((8, 5, 4.8, 3.2), (back.Geometry.Bins, back.Geometry.Rows, back.Geometry.PixelSpacingMm, back.Geometry.SliceSpacingMm));
        for (int v = 0; v < 6; v++)
        {
            Assert.Equal(g.ViewAngleDeg(v), back.Geometry.ViewAngleDeg(v), 9);
            Assert.Equal(g.ViewRadiusMm(v), back.Geometry.ViewRadiusMm(v), 9);
        }
        Assert.Equal(-1.25, back.Geometry.CenterOfRotationOffsetMm);
        Assert.Contains("!number of projections := 6", File.ReadAllText(header));
        Assert.Contains("!extent of rotation := 360", File.ReadAllText(header));
    }

    [Fact]
    public void Truncated_data_file_is_reported_with_its_path_and_size()
    {
        string header = Path.Combine(directory, "short.hv");
        string data = InterfileWriter.WriteVolume(header, new Volume3D(4, 4, 4, 1, 1, 1));
        File.WriteAllBytes(data, new byte[100]);
        var e = Assert.Throws<InterfileFormatException>(() => InterfileReader.ReadVolume(header));
        Assert.Contains("short.v", e.Message);
        Assert.Contains("256", e.Message);
    }

    [Theory]
    [InlineData("999999", "999999", "999999", "4", "more than 134217728 values")]
    [InlineData("0", "16", "16", "4", "'matrix size [1]' is 0")]
    [InlineData("16", "16", "16", "0", "voxel size lies above 0")]
    [InlineData("16", "16", "16", "1e308", "voxel size lies above 0")]
    public void A_header_declaring_an_impossible_volume_is_refused_before_anything_is_allocated(string nx, string ny, string nz, string mm, string message)
    {
        // One byte of data: were the declared size allocated or read, the test would run out of memory or time.
        string header = Path.Combine(directory, "huge.hv");
        File.WriteAllBytes(Path.Combine(directory, "huge.v"), [0]);
        File.WriteAllText(header, $"""
            !INTERFILE :=
            matrix size [1] := {nx}
            matrix size [2] := {ny}
            matrix size [3] := {nz}
            scaling factor (mm/pixel) [1] := {mm}
            scaling factor (mm/pixel) [2] := 4
            scaling factor (mm/pixel) [3] := 4
            number format := float
            number of bytes per pixel := 4
            name of data file := huge.v
            !END OF INTERFILE :=
            """);
        var e = Assert.Throws<InterfileFormatException>(() => InterfileReader.ReadVolume(header));
        Assert.Contains(message, e.Message);
        Assert.Contains("huge.hv", e.Message);
    }

    [Fact]
    public void Only_the_declared_bytes_are_read_from_a_larger_data_file()
    {
        string header = Path.Combine(directory, "padded.hv");
        var volume = new Volume3D(3, 2, 2, 2, 2, 2);
        for (int i = 0; i < volume.Voxels.Length; i++) volume.Voxels[i] = i * 0.5f;
        string data = InterfileWriter.WriteVolume(header, volume);
        using (var stream = new FileStream(data, FileMode.Append)) stream.Write(new byte[4096]);
        Assert.Equal(volume.Voxels, InterfileReader.ReadVolume(header).Voxels);
    }
}
