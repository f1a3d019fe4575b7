using Photopeak.Dicom;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures.TumourLocalisation;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Service;
using Photopeak.Simulation.Acquisitions;

namespace Photopeak.Procedures.Tests.TumourLocalisation;

/// <summary>The tumour protocol chooses TEW, DEW or no scatter correction from the scatter windows the loader reads
/// (EnergyWindowSelector), so a camera whose scatter windows leave a gap below and above the photopeak is corrected as it is
/// loaded (it used to be reconstructed without correction, the protocol asking for windows touching the peak).</summary>
public sealed class TumourScatterWindowTests
{
    private static NmAcquisition WithWindows((double Lower, double Upper, string Name)[] ranges)
    {
        var dir = Directory.CreateTempSubdirectory("photopeak-tumour-windows-").FullName;
        try
        {
            var result = Simulator.Simulate("tumour-spect", new SimulationOptions { BedPositions = 1, Reduced = true });
            Simulator.Write(result, dir);
            var file = DicomFile.Open(Path.Combine(dir, result.Series[0].FileName));
            file.Dataset.SetSequence(DicomTags.EnergyWindowInformationSequence, [.. ranges.Select(r => new DicomDataset()
                .SetSequence(DicomTags.EnergyWindowRangeSequence, new DicomDataset()
                    .SetNumbers(DicomTags.EnergyWindowLowerLimit, r.Lower).SetNumbers(DicomTags.EnergyWindowUpperLimit, r.Upper))
                .Set(DicomTags.EnergyWindowName, r.Name))]);
            return NmAcquisition.FromFile(file);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Scatter_windows_a_few_keV_from_the_I123_photopeak_give_TEW_as_the_loader_reads_them()
    {
        // I-123 at 159 keV ±10 %, scatter windows 4 keV below and above it.
        var a = WithWindows([(143.1, 174.9, "EM"), (125, 139, "SC1"), (179, 193, "SC2")]);
        var loaded = EnergyWindowSelector.For(a).Single();
        Assert.Equal((2, 3), (loaded.Lower!.Number, loaded.Upper!.Number));
        var warnings = new List<string>();
        Assert.Equal(ScatterCorrection.Tew, TumourVolume.Settings(a, null, warnings).Scatter);
        Assert.DoesNotContain(warnings, w => w.Contains("scatter", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lower_window_only_gives_DEW_and_none_at_all_is_said()
    {
        var dew = WithWindows([(143.1, 174.9, "EM"), (110, 135, "SC1"), (230, 250, "OTHER")]);
        Assert.Equal(ScatterCorrection.Dew, TumourVolume.Settings(dew, null, []).Scatter);
        // Windows beyond 30 % of the photopeak energy are not scatter windows of it.
        var none = WithWindows([(143.1, 174.9, "EM"), (60, 90, "LOW"), (250, 280, "HIGH")]);
        var warnings = new List<string>();
        Assert.Equal(ScatterCorrection.None, TumourVolume.Settings(none, null, warnings).Scatter);
        Assert.Contains(warnings, w => w.Contains("no scatter window beside the photopeak", StringComparison.Ordinal));
    }

    [Fact]
    public void The_window_on_the_nuclides_line_is_the_photopeak_though_a_wider_unnamed_Compton_window_lies_below_it()
    {
        // DEW as Jaszczak acquired it, unnamed: a 100-142 keV Compton window wider than the 143-175 keV I-123 peak. Names and
        // widths alone took the Compton window for the photopeak.
        var a = WithWindows([(143.1, 174.9, "W1"), (100, 142, "W2"), (230, 250, "W3")]);
        Assert.Equal(2, EnergyWindowSelector.Select(a.EnergyWindows).Peak.Number);
        var loaded = EnergyWindowSelector.For(a).Single();
        Assert.Equal((1, 2), (loaded.Peak.Number, loaded.Lower!.Number));
        Assert.Null(loaded.Upper);
        Assert.Equal(ScatterCorrection.Dew, TumourVolume.Settings(a, null, []).Scatter);
    }
}
