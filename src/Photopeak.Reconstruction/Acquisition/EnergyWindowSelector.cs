using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Reconstruction.Acquisition;

/// <summary>
/// Finds the photopeak window and the adjacent lower and upper scatter windows (TEW [Ogawa1991], DEW [Jaszczak1984]).
/// The photopeak is the window centred on a line of the acquisition's nuclide; where the nuclide or such a window is not
/// known, the window named PEAK/EM/PP, else the one flanked by adjacent narrower windows, else the widest. A scatter window
/// lies wholly below (above) it within 30 % of its centre energy, and the one closest to the peak is chosen.
/// </summary>
public static class EnergyWindowSelector
{
    /// <summary>Photopeak, lower and upper scatter windows (scatter null where absent).</summary>
    public static (EnergyWindow Peak, EnergyWindow? Lower, EnergyWindow? Upper) Select(IReadOnlyList<EnergyWindow> windows, string? source = null)
    {
        Validate(windows, source);
        static bool NamedPeak(EnergyWindow w) => w.Name is { } n && (n.Contains("PEAK", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("EM", StringComparison.OrdinalIgnoreCase) || n.Contains("PP", StringComparison.OrdinalIgnoreCase));
        // Named peak first, then the window flanked by the most adjacent (narrower) windows, then the widest.
        int Flanks(EnergyWindow w) => windows.Count(o => o != w && o.WidthKeV < w.WidthKeV && o.SharesEdgeWith(w));
        var peak = windows.OrderByDescending(w => NamedPeak(w) && !w.IsNamedScatter ? 1 : 0).ThenByDescending(Flanks)
            .ThenByDescending(w => w.IsNamedScatter ? 0 : 1).ThenByDescending(w => w.WidthKeV).First();
        var (lower, upper) = Adjacent(windows, peak, [peak]);
        return (peak, lower, upper);
    }

    /// <summary>The windows an acquisition is reconstructed from: the window of each imaged line of its nuclide
    /// (<c>NmAcquisition.PhotopeakWindows</c>: every line of a multi-line nuclide acquired with a window per line, else the
    /// main one), else, the nuclide or its window unknown, the one photopeak of <see cref="Select"/>; each with its scatter
    /// windows. The loader reads these, and a protocol deciding TEW or DEW asks the same.</summary>
    // The nuclide's line decides before names and shapes: a Tc-99m DEW acquisition whose 92-125 keV Compton window is wider than
    // its unnamed 127-153 keV peak [Jaszczak1984] would otherwise be reconstructed from the Compton window.
    public static IReadOnlyList<(EnergyWindow Peak, EnergyWindow? Lower, EnergyWindow? Upper)> For(Imaging.Studies.NmAcquisition acquisition, string? source = null)
    {
        Validate(acquisition.EnergyWindows, source);
        var lines = acquisition.Radionuclide is null ? [] : acquisition.PhotopeakWindows;
        return lines.Count >= 1 ? SelectLines(acquisition.EnergyWindows, lines) : [Select(acquisition.EnergyWindows, source)];
    }

    private static void Validate(IReadOnlyList<EnergyWindow> windows, string? source)
    {
        if (windows.Count == 0)
            throw new StudyValidationException(source, DicomTags.EnergyWindowInformationSequence, "missing: the photopeak window cannot be identified");
        foreach (var w in windows)
            if (!(w.UpperKeV > w.LowerKeV) || w.LowerKeV < 0)
                throw new StudyValidationException(source, DicomTags.EnergyWindowRangeSequence, $"window {w.Number} '{w.Name}' has range {w.LowerKeV}-{w.UpperKeV} keV");
    }

    /// <summary>Each photopeak window of a multi-line nuclide (<paramref name="peaks"/>, as <c>NmAcquisition.PhotopeakWindows</c>
    /// finds them) with its own lower and upper scatter windows; another line's photopeak window is never taken as scatter.</summary>
    public static IReadOnlyList<(EnergyWindow Peak, EnergyWindow? Lower, EnergyWindow? Upper)> SelectLines(IReadOnlyList<EnergyWindow> windows,
        IReadOnlyList<EnergyWindow> peaks) => peaks.Select(p => { var (l, u) = Adjacent(windows, p, peaks); return (p, l, u); }).ToArray();

    // The scatter windows wholly below (above) the peak within 30 % of its centre energy, the closest to the peak.
    private static (EnergyWindow? Lower, EnergyWindow? Upper) Adjacent(IReadOnlyList<EnergyWindow> windows, EnergyWindow peak, IReadOnlyList<EnergyWindow> peaks)
    {
        double reach = 0.3 * peak.CentreKeV;
        var lower = windows.Where(w => !peaks.Contains(w) && w.UpperKeV <= peak.LowerKeV + 0.5 && w.UpperKeV >= peak.LowerKeV - reach)
            .OrderByDescending(w => w.UpperKeV).FirstOrDefault();
        var upper = windows.Where(w => !peaks.Contains(w) && w.LowerKeV >= peak.UpperKeV - 0.5 && w.LowerKeV <= peak.UpperKeV + reach)
            .OrderBy(w => w.LowerKeV).FirstOrDefault();
        return (lower, upper);
    }
}
