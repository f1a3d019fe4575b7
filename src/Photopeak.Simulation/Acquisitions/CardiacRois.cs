using System.Numerics;
using Photopeak.Simulation.Phantoms;
using Photopeak.Simulation.Projection;
using Photopeak.Simulation.Truth;

namespace Photopeak.Simulation.Acquisitions;

/// <summary>Geometric ROIs of the chest used for the noiseless expected measurements: a circle over the LV
/// (smartMIBG-style, Okuda 2011) and a 28 × 28 mm square in the upper mediastinum (≈7 × 7 pixels at 128², as the
/// ADMIRE-HF core lab used [?]).</summary>
public static class CardiacRois
{
    public static Vector3 LvCentre(HeartModel heart)
    {
        var a = HeartModel.LongToShortRatio * HeartModel.ShortAxisMm(heart.EdvMl) + heart.WallEdMm;
        return HeartModel.BaseCentre + heart.Axis * (float)(a / 2);
    }

    public static readonly Vector3 MediastinumCentre = new(0, -5, 135);

    public static RoiTruth Heart(string name, string file, ViewGeometry v, HeartModel heart)
    {
        var (r, c) = ImagingSession.ToPixel(v, LvCentre(heart));
        var radiusMm = HeartModel.ShortAxisMm(heart.EdvMl) + heart.WallEdMm + 2;
        return new RoiTruth(name, file, null, "circle", Math.Round(r, 3), Math.Round(c, 3), Math.Round(radiusMm / v.PixelMm, 3));
    }

    public static RoiTruth Mediastinum(string name, string file, ViewGeometry v)
    {
        var (r, c) = ImagingSession.ToPixel(v, MediastinumCentre);
        var size = Math.Max(2, (int)Math.Round(28 / v.PixelMm));
        int r0 = (int)Math.Round(r - (size - 1) / 2.0), c0 = (int)Math.Round(c - (size - 1) / 2.0);
        return new RoiTruth(name, file, null, "rectangle", Row0: r0, Row1: r0 + size - 1, Col0: c0, Col1: c0 + size - 1);
    }
}
