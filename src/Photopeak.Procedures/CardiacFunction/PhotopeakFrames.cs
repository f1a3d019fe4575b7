using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>The frames a cardiac function analysis reads: one detector's (the one facing the view the method is built for,
/// when the header says which), in the photopeak window (window 1, with a warning, when no window holds the photopeak), in
/// acquisition order.</summary>
internal static class PhotopeakFrames
{
    /// <summary>The frames and the number of the detector they come from. Of several detectors, the first whose view is one of
    /// <paramref name="wanted"/> (in that order of preference) is read; without one, the lowest-numbered, with a warning
    /// naming the views there were.</summary>
    public static (List<FrameIndex> Frames, int Detector) Of(NmAcquisition acq, string source, List<string> warnings, params ViewKind[] wanted)
    {
        var window = acq.PhotopeakWindowNumber ?? 1;
        if (acq.PhotopeakWindowNumber is null && acq.EnergyWindows.Count > 1) warnings.Add($"{source}: no energy window holds the photopeak; window 1 used");
        var inWindow = acq.Frames.Where(f => (f.EnergyWindow ?? 1) == window).ToList();
        var detectors = inWindow.Select(f => f.Detector ?? 1).Distinct().Order().ToList();
        var detector = detectors.Count > 0 ? detectors[0] : 1;
        if (detectors.Count > 1)
        {
            var views = detectors.ToDictionary(d => d, d => acq.DetectorNumbered(d)?.View?.Kind);
            var chosen = wanted.SelectMany(w => detectors.Where(d => views[d] == w)).Take(1).ToList();
            var names = string.Join(", ", detectors.Select(d => $"{d} {(views[d] is { } k ? PlanarView.ShortLabel(k) : "view not recorded")}"));
            if (chosen.Count == 1)
            {
                detector = chosen[0];
                warnings.Add($"{source}: {detectors.Count} detectors ({names}); detector {detector} ({PlanarView.ShortLabel(views[detector]!.Value)}) analysed");
            }
            else
                warnings.Add($"{source}: {detectors.Count} detectors ({names}), none facing {string.Join(" or ", wanted.Select(PlanarView.ShortLabel))}: detector {detector} analysed; state the views with --views to choose");
        }
        return (inWindow.Where(f => (f.Detector ?? 1) == detector).ToList(), detector);
    }
}
