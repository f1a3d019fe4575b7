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

    /// <summary>Fraction of each pixel's area (4 × 4 sub-samples) whose line of sight crosses the LV (myocardium plus cavity) of
    /// the heart at <paramref name="phase"/>: the model's analytic outer ellipsoid cut at the base plane. The heart's true
    /// silhouette, for truth values of a silhouette (epicardial whole-heart) ROI.</summary>
    public static float[] SilhouetteWeights(HeartModel heart, double phase, ViewGeometry view)
    {
        var volume = heart.LvVolumeMl(phase);
        var b = HeartModel.ShortAxisMm(volume);
        var a = HeartModel.LongToShortRatio * b;
        var w = heart.WallMm(volume);
        Vector3 axis = heart.Axis, anterior = heart.Anterior, septal = heart.Septal;
        double rs = b + w, rl = a + w;
        var weights = new float[view.Rows * view.Columns];
        const int sub = 4;
        for (var r = 0; r < view.Rows; r++)
        for (var c = 0; c < view.Columns; c++)
        {
            var inside = 0;
            for (var i = 0; i < sub; i++)
            for (var j = 0; j < sub; j++)
            {
                var p0 = view.PixelCentre(r - 0.5 + (i + 0.5) / sub, c - 0.5 + (j + 0.5) / sub);
                var d0 = p0 - HeartModel.BaseCentre;
                var along = Vector3.Dot(d0, view.Normal);
                if ((d0 - along * view.Normal).Length() > rl + 1) continue; // the ray must pass within rl of the base centre
                for (var t = -150.0; t <= 150; t += 0.5)
                {
                    var q = d0 - (float)(along - t) * view.Normal;
                    double l = Vector3.Dot(q, axis);
                    if (l < 0) continue;
                    double x = Vector3.Dot(q, anterior) / rs, y = Vector3.Dot(q, septal) / rs, z = l / rl;
                    if (x * x + y * y + z * z <= 1) { inside++; break; }
                }
            }
            weights[r * view.Columns + c] = inside / (float)(sub * sub);
        }
        return weights;
    }

    /// <summary>Weighted mean of an image (weights as <see cref="SilhouetteWeights"/>).</summary>
    public static double WeightedMean(ReadOnlySpan<float> image, float[] weights)
    {
        double s = 0, n = 0;
        for (var i = 0; i < weights.Length; i++) { s += weights[i] * image[i]; n += weights[i]; }
        return s / n;
    }
}
