using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Nuclides;
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
        var peak = Assert.Single(tomo.Peaks);
        Assert.Equal(series.Camera.Windows[0].LowerKeV, tomo.PhotopeakCentreKeV - peak.WidthKeV / 2, 1);
        Assert.NotNull(peak.LowerScatter);
        Assert.NotNull(peak.UpperScatter);
    }

    [Theory]
    [InlineData("In-111", new[] { 245.35, 171.28 })]
    [InlineData("Ga-67", new[] { 93.31, 184.58, 300.22 })]
    public void Photopeak_windows_of_a_multi_line_nuclide_are_summed_each_with_its_own_scatter_windows_and_mu_at_their_effective_energy(string nuclide, double[] linesKeV)
    {
        var (result, dir) = Simulate("tumour-spect", new SimulationOptions { BedPositions = 1, Nuclide = nuclide });
        var acquisition = NmAcquisition.Open(Path.Combine(dir, result.Series[0].FileName));
        var tomo = TomoProjectionLoader.Load(acquisition);

        // Each line (main first) ±10 % with TEW windows of 7 % either side: three windows per line.
        Assert.Equal(3 * linesKeV.Length, acquisition.EnergyWindows.Count);
        Assert.Equal(linesKeV.Length, tomo.Peaks.Count);
        for (int i = 0; i < linesKeV.Length; i++) Assert.Equal(linesKeV[i], tomo.Peaks[i].CentreKeV, 0);
        foreach (var p in tomo.Peaks)
        {
            Assert.NotNull(p.LowerScatter);
            Assert.NotNull(p.UpperScatter);
            // A line's scatter windows are its neighbours, never the other line's photopeak window.
            Assert.InRange(p.LowerWidthKeV, 0.069 * p.CentreKeV, 0.071 * p.CentreKeV);
        }
        double expected = 0;
        foreach (var f in acquisition.Frames)
            if (f.EnergyWindow is { } w && tomo.Peaks.Any(p => p.Number == w)) expected += acquisition.GetFrame(f.Frame).Sum();
        Assert.Equal(expected, tomo.Photopeak.Counts.Sum(c => (double)c), 0);

        // μ of water at the effective energy = the count-weighted mean of the lines' μ.
        double Counts(PhotopeakWindow p) => p.Counts.Counts.Sum(c => (double)c);
        var meanMu = tomo.Peaks.Sum(p => Counts(p) * CtAttenuationMap.MuPerMm(p.CentreKeV).Water) / tomo.Peaks.Sum(Counts);
        Assert.InRange(tomo.PhotopeakCentreKeV, linesKeV.Min(), linesKeV.Max());
        Assert.Equal(meanMu, CtAttenuationMap.MuPerMm(tomo.PhotopeakCentreKeV).Water, 6);
    }

    [Theory]
    [InlineData("SC")]
    [InlineData(null)]
    public void A_scatter_window_holding_a_minor_line_is_not_taken_for_a_photopeak(string? scatterName)
    {
        // Tl-201 as a camera may acquire it: 70 keV (±15 %) and 167 keV (±10 %) photopeaks and a scatter window under 167 keV,
        // 125–150.7 keV, which holds Tl-201's minor 135 keV gamma line.
        var (result, dir) = Simulate("tumour-spect", new SimulationOptions { BedPositions = 1 });
        var file = DicomFile.Open(Path.Combine(dir, result.Series[0].FileName));
        var ds = file.Dataset;
        var rp = ds.GetItem(DicomTags.RadiopharmaceuticalInformationSequence)!;
        rp.SetSequence(DicomTags.RadionuclideCodeSequence, new DicomDataset()
            .Set(DicomTags.CodeValue, "C-138A9").Set(DicomTags.CodingSchemeDesignator, "SRT").Set(DicomTags.CodeMeaning, "^201^Thallium"));
        (double Lower, double Upper, string? Name)[] ranges = [(59.5, 80.5, "EM 70"), (150.7, 184.2, "EM 167"), (125, 150.7, scatterName)];
        ds.SetSequence(DicomTags.EnergyWindowInformationSequence, [.. ranges.Select(r =>
        {
            var item = new DicomDataset().SetSequence(DicomTags.EnergyWindowRangeSequence, new DicomDataset()
                .SetNumbers(DicomTags.EnergyWindowLowerLimit, r.Lower).SetNumbers(DicomTags.EnergyWindowUpperLimit, r.Upper));
            if (r.Name is { } n) item.Set(DicomTags.EnergyWindowName, n);
            return item;
        })]);
        var acquisition = NmAcquisition.FromFile(file);
        Assert.Equal(Radionuclide.Tl201, acquisition.Radionuclide);
        Assert.Equal([1, 2], acquisition.PhotopeakWindows.Select(w => w.Number).Order());
        var tomo = TomoProjectionLoader.Load(acquisition);
        // The 167 keV peak keeps its lower scatter window; the 70 keV peak has none (a warning says so).
        Assert.NotNull(tomo.Peaks.Single(p => p.Number == 2).LowerScatter);
        Assert.Null(tomo.Peaks.Single(p => p.Number == 1).LowerScatter);
        Assert.Contains(tomo.Warnings, w => w.Contains("70 keV photopeak window", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scatter_window_between_two_lines_serves_both_and_a_photopeak_is_never_taken_for_scatter()
    {
        // In-111 as a camera may set it: 15 % photopeaks at 171 and 245 keV, one window between them, none outside.
        var windows = new[]
        {
            new Photopeak.Imaging.Acquisitions.EnergyWindow(1, "In111 171", 158.4, 184.1),
            new Photopeak.Imaging.Acquisitions.EnergyWindow(2, "In111 245", 227.0, 263.7),
            new Photopeak.Imaging.Acquisitions.EnergyWindow(3, "SC", 200, 227.0),
        };
        var lines = EnergyWindowSelector.SelectLines(windows, [windows[1], windows[0]]);
        Assert.Equal(2, lines[0].Peak.Number);
        Assert.Equal(3, lines[0].Lower!.Number);
        Assert.Null(lines[0].Upper);
        Assert.Equal(1, lines[1].Peak.Number);
        Assert.Null(lines[1].Lower);
        // 200 keV starts 16 keV above the 171 window: within 30 % of its centre, so it is its upper window.
        Assert.Equal(3, lines[1].Upper!.Number);
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
