using Photopeak.Imaging.Acquisitions;

namespace Photopeak.Simulation.Camera;

/// <summary>The energy windows the simulated camera acquires, as the Imaging model reads them back.</summary>
public static class AcquisitionWindows
{
    /// <summary>The standard windows for a photopeak: ±10% photopeak and 7% lower and upper TEW windows adjacent to it
    /// (Ogawa 1991; Ichihara 1993), so that TEW and DEW (using the lower window) can be applied; numbered 1-3 as the
    /// Energy Window Vector counts them.</summary>
    public static IReadOnlyList<EnergyWindow> TripleWindow(double peakKeV) =>
    [
        new(1, "PHOTOPEAK", peakKeV * 0.90, peakKeV * 1.10),
        new(2, "LOWER SCATTER", peakKeV * 0.83, peakKeV * 0.90),
        new(3, "UPPER SCATTER", peakKeV * 1.10, peakKeV * 1.17),
    ];

    /// <summary>The windows for every imaged line of a nuclide: the main line's triple window (numbers 1-3, as
    /// <see cref="TripleWindow"/>), then a triple window per further line (4-6, ...), named with the line's energy when there
    /// are several, as cameras name In-111's 171 and 245 keV windows ("PHOTOPEAK 245", "LOWER SCAT 245").</summary>
    public static IReadOnlyList<EnergyWindow> ForLines(IReadOnlyList<double> linesKeV)
    {
        if (linesKeV.Count == 1) return TripleWindow(linesKeV[0]);
        var windows = new List<EnergyWindow>();
        foreach (var keV in linesKeV)
            foreach (var w in TripleWindow(keV))
                // Energy Window Name is SH (16 characters at most): "LOWER SCAT 245".
                windows.Add(w with { Number = windows.Count + 1, Name = FormattableString.Invariant($"{w.Name!.Replace("SCATTER", "SCAT")} {keV:0}") });
        return windows;
    }

    /// <summary>Index (0-based) of the photopeak window of line <paramref name="line"/> in <see cref="ForLines"/>.</summary>
    public static int PhotopeakIndex(int line) => 3 * line;
}
