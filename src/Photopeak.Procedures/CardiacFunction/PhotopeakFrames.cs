using Photopeak.Imaging.Frames;
using Photopeak.Imaging.Studies;

namespace Photopeak.Procedures.CardiacFunction;

/// <summary>The frames a cardiac function analysis reads: the first detector's, in the photopeak window (window 1, with a
/// warning, when no window holds the photopeak), in acquisition order.</summary>
internal static class PhotopeakFrames
{
    public static List<FrameIndex> Of(NmAcquisition acq, string source, List<string> warnings)
    {
        var window = acq.PhotopeakWindowNumber ?? 1;
        if (acq.PhotopeakWindowNumber is null && acq.EnergyWindows.Count > 1) warnings.Add($"{source}: no energy window holds the photopeak; window 1 used");
        return acq.Frames.Where(f => (f.EnergyWindow ?? 1) == window && (f.Detector ?? 1) == 1).ToList();
    }
}
