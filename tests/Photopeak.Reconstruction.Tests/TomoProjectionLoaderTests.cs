using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Geometry;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Reconstruction.Tests;

public sealed class TomoProjectionLoaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("photopeak-tomo-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private (SimulationResult Result, string Directory) Simulate(string kind, SimulationOptions options)
    {
        var result = Simulator.Simulate(kind, options with { Reduced = true });
        string dir = Path.Combine(folder, kind + options.GetHashCode());
        Simulator.Write(result, dir);
        return (result, dir);
    }

    public static TheoryData<string, int, double, bool> Acquisitions => new()
    {
        { "mibg-spect", 2, 360, true },
        { "mibg-spect", 2, 180, false },
        { "tumour-spect", 1, 360, true },
    };

    [Theory]
    [MemberData(nameof(Acquisitions))]
    public void Geometry_read_back_equals_what_the_simulator_wrote(string kind, int detectors, double arcDeg, bool bodyContour)
    {
        var (result, dir) = Simulate(kind, new SimulationOptions { Detectors = detectors, ScanArcDeg = arcDeg, BodyContour = bodyContour, Views = 32 });
        var series = result.Series.First(s => s.Rotation is not null);
        var tomo = TomoProjectionLoader.Load(NmAcquisition.Open(Path.Combine(dir, series.FileName)));
        var g = tomo.Photopeak.Geometry;
        var rot = series.Rotation!;

        Assert.Equal(detectors, g.Detectors);
        Assert.Equal(rot.ViewsPerDetector, g.ViewsPerDetector);
        Assert.Equal(arcDeg, g.ArcDeg, 6);
        Assert.Equal(!bodyContour, g.IsCircular);
        // Every view's angle and radius as the simulator placed the detector (angles to 0.01°, radii to the 0.1 mm written).
        for (int v = 0; v < g.NumberOfViews; v++)
        {
            double truthAngle = rot.StartAngleDeg + rot.Direction.AngleSign() * ((v / rot.ViewsPerDetector) * arcDeg / detectors + (v % rot.ViewsPerDetector) * rot.AngularStepDeg);
            double diff = Math.Abs(((g.ViewAngleDeg(v) - truthAngle) % 360 + 540) % 360 - 180);
            Assert.True(diff < 0.01, $"view {v}: {g.ViewAngleDeg(v)}° read, {truthAngle}° simulated");
            Assert.Equal(rot.RadialPositionsMm[v % rot.ViewsPerDetector], g.ViewRadiusMm(v), 1);
        }
        Assert.Equal(series.Camera.Windows[0].LowerKeV, tomo.PhotopeakCentreKeV - tomo.PhotopeakWidthKeV / 2, 1);
        Assert.NotNull(tomo.LowerScatter);
        Assert.NotNull(tomo.UpperScatter);
    }

    [Fact]
    public void Projections_hold_every_photopeak_count_of_the_file()
    {
        var (result, dir) = Simulate("tumour-spect", new SimulationOptions { BedPositions = 1 });
        var acquisition = NmAcquisition.Open(Path.Combine(dir, result.Series[0].FileName));
        var tomo = TomoProjectionLoader.Load(acquisition);
        double expected = 0;
        foreach (var f in acquisition.Frames)
            if (f.EnergyWindow == 1) expected += acquisition.GetFrame(f.Frame).Sum();
        Assert.Equal(expected, tomo.Photopeak.Counts.Sum(c => (double)c), 0);
        Assert.True(expected > 0);
    }

    [Fact]
    public void Missing_start_angle_is_reported_with_its_tag()
    {
        var (result, dir) = Simulate("tumour-spect", new SimulationOptions { BedPositions = 1 });
        var file = DicomFile.Open(Path.Combine(dir, result.Series[0].FileName));
        file.Dataset.GetItem(DicomTags.RotationInformationSequence)!.Remove(DicomTags.StartAngle);
        var ex = Assert.Throws<StudyValidationException>(() => TomoProjectionLoader.Load(NmAcquisition.FromFile(file)));
        Assert.Equal(DicomTags.StartAngle, ex.Tag);
    }

    [Fact]
    public void Angular_step_inconsistent_with_the_views_is_reported()
    {
        var (result, dir) = Simulate("tumour-spect", new SimulationOptions { BedPositions = 1 });
        var file = DicomFile.Open(Path.Combine(dir, result.Series[0].FileName));
        file.Dataset.GetItem(DicomTags.RotationInformationSequence)!.SetNumbers(DicomTags.AngularStep, 7);
        var ex = Assert.Throws<StudyValidationException>(() => TomoProjectionLoader.Load(NmAcquisition.FromFile(file)));
        Assert.Equal(DicomTags.AngularStep, ex.Tag);
    }

    [Fact]
    public void Energy_windows_are_found_by_range_whatever_their_order()
    {
        var windows = new[]
        {
            new Photopeak.Imaging.Acquisitions.EnergyWindow(1, "SC1", 108, 126),
            new Photopeak.Imaging.Acquisitions.EnergyWindow(2, "EM", 126, 154),
            new Photopeak.Imaging.Acquisitions.EnergyWindow(3, null, 154, 160),
            new Photopeak.Imaging.Acquisitions.EnergyWindow(4, "FAR", 300, 400),
        };
        var (peak, lower, upper) = EnergyWindowSelector.Select(windows);
        Assert.Equal(2, peak.Number);
        Assert.Equal(1, lower!.Number);
        Assert.Equal(3, upper!.Number);
    }

    [Theory]
    [InlineData("nm/dcm4che/NM-MONO2-16-13x-heart.dcm", 64, 64, 13, 3.11583, 6.231669)]
    [InlineData("nm/nmqc/Jaszack.dcm", 128, 128, 45, 4.13, 4.13)]
    public void Real_recon_tomo_files_load_as_volumes_with_their_spacing(string file, int nx, int ny, int nz, double pixelMm, double sliceMm)
    {
        var volume = ReconTomoVolumeLoader.Load(NmAcquisition.Open(SharedData.PathOf(file)));
        Assert.Equal((nx, ny, nz), (volume.SizeX, volume.SizeY, volume.SizeZ));
        Assert.Equal(pixelMm, volume.VoxelSizeXMm, 3);
        Assert.Equal(sliceMm, volume.VoxelSizeZMm, 3);
        Assert.True(volume.Sum() > 0);
    }

    [Fact]
    public void Collimator_catalogue_knows_the_simulator_collimators_and_rejects_others()
    {
        Assert.Equal(1.11, CollimatorCatalogue.Find("lehr")!.HoleDiameterMm);
        Assert.Equal(40.64, CollimatorCatalogue.Find("ME")!.HoleLengthMm);
        Assert.Null(CollimatorCatalogue.Find("PINHOLE-X"));
    }
}
