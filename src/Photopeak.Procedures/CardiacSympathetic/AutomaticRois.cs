using Photopeak.Imaging.Pixels;
using Photopeak.Procedures.PlanarHeart;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>
/// Reproducible automatic ROIs for mIBG anterior planar images [Okuda2011, J Nucl Cardiol 18:82]: a polygon on the heart's
/// silhouette, epicardial border with the cavity included as the guideline's whole-heart ROI [Flotats2010] (a circle at the
/// heart's usual position when no heart can be seen), and a fixed-size upper-mediastinum square on the midline, below the neck (thyroid) and between the
/// lung apices, in the upper third of the distance from the apices to the top of the heart and clear of it. The square is
/// 28 mm (the ~7 × 7-pixel square of the ADMIRE-HF core lab at 128², ≈4 mm pixels [Jacobson2010][?]), so it scales with pixel size.
/// The same method is applied to each image; on the late image the heart is searched near its early position.
/// </summary>
internal static class AutomaticRois
{
    public const string HeartMethod = "whole-heart polygon on the heart's silhouette (myocardium plus cavity, epicardial border), automatic: along 72 rays from the heart centre, where the profile falls to 28% of the way from the local background to the myocardial rim [Flotats2010][Okuda2011]";
    public const string HeartCircleMethod = "whole-heart circle, automatic (LV-centred; radius at the outer border of the heart + 2 mm) [Okuda2011]";
    public const string MediastinumMethod = "upper-mediastinum square 28 × 28 mm (ADMIRE-HF ~7 × 7 px at 128² [Jacobson2010]), automatic: midline, upper third between lung apices and heart, below the thyroid [Okuda2011]";

    /// <summary>Side of the mediastinal square, mm.</summary>
    public const double MediastinumSideMm = 28;
    // Expected heart (LV) radius for the detector template, mm; the final radius is measured.
    private const double TemplateHeartRadiusMm = 35;
    private const double SmoothingSigmaMm = 6;
    // The LV centre lies 80–240 mm below the thorax top, on the patient's left of the midline (image right) by up to 80 mm;
    // keeping to that side keeps the liver dome (patient's right) out of the search when the heart is faint, and the limit
    // keeps the surrounding ring inside the body (a ring over air would make any body edge look like a heart).
    private const double HeartSearchTopMm = 80, HeartSearchBottomMm = 240, HeartSearchRightOfMidlineMm = 0, HeartSearchLeftOfMidlineMm = 80;
    private const double LateSearchRadiusMm = 30;
    // Below this relative contrast the heart is not distinct from its surroundings.
    public const double MinimumHeartContrast = 0.08;
    // Usual LV centre in an adult anterior chest view: ~17 cm below the lung apices, ~4 cm left of the midline, whole-heart
    // radius ~4 cm [?: typical adult anatomy, our estimate; used only when the heart cannot be seen].
    private const double AnatomicHeartBelowThoraxTopMm = 170, AnatomicHeartLeftOfMidlineMm = 40, AnatomicHeartRadiusMm = 42;

    /// <summary>Finds the landmarks of an image; <paramref name="heartHint"/> (row, column) restricts the heart search to its neighbourhood.</summary>
    public static ChestLandmarks FindLandmarks(MibgPlanarImage image, (double Row, double Column)? heartHint = null)
    {
        int rows = image.Rows, cols = image.Columns;
        var p = image.PixelMm;
        var s = GaussianSmoothing.Apply(image.Image.Pixels, rows, cols, SmoothingSigmaMm / p);

        // Body outline: 30% of the way from the level outside the body (median of the outer columns: scatter and, with LE
        // collimators, the 529 keV penetration halo) to the typical body level (median of the central third of columns).
        double max = 0;
        foreach (var v in s) max = Math.Max(max, v);
        if (!(max > 0)) throw new ProcedureInputException($"{image.Name}: the {image.Label} image has no counts");
        var edge = new List<float>(); var central = new List<float>();
        var margin = Math.Max(1, cols / 32);
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < margin; x++) { edge.Add(s[y * cols + x]); edge.Add(s[y * cols + cols - 1 - x]); }
            for (var x = cols / 3; x < 2 * cols / 3; x++) central.Add(s[y * cols + x]);
        }
        edge.Sort(); central.Sort();
        double outside = edge[edge.Count / 2], bodyLevel = central[central.Count / 2];
        var bodyThreshold = outside + 0.3 * (bodyLevel - outside);
        var width = new int[rows]; var centre = new double[rows];
        for (var y = 0; y < rows; y++)
        {
            double cs = 0; var w = 0;
            for (var x = 0; x < cols; x++) if (s[y * cols + x] > bodyThreshold) { w++; cs += x; }
            width[y] = w; centre[y] = w > 0 ? cs / w : cols / 2.0;
        }
        var sorted = width.Order().ToArray();
        var thoraxWidth = sorted[(int)(0.9 * (rows - 1))];
        // Thorax top: first row, from the top, where the body is at least 60% of the thorax width (the neck is ~1/3 of it).
        var top = 0;
        while (top < rows - 1 && width[top] < 0.6 * thoraxWidth) top++;
        var neckInField = top > 0 && width.Take(top).Any(w => w > 0);

        var midRows = Enumerable.Range(top, Math.Max(1, Math.Min(rows - top, (int)(150 / p)))).Where(y => width[y] > 0).ToList();
        var midline = midRows.Count > 0 ? midRows.Average(y => centre[y]) : cols / 2.0;

        // Heart: best disc-minus-ring contrast (a compact hot object, unlike the large liver) in the anatomical window.
        var rPx = TemplateHeartRadiusMm / p;
        int y0, y1, x0, x1;
        if (heartHint is { } h)
        {
            var r = LateSearchRadiusMm / p;
            y0 = (int)Math.Floor(h.Row - r); y1 = (int)Math.Ceiling(h.Row + r); x0 = (int)Math.Floor(h.Column - r); x1 = (int)Math.Ceiling(h.Column + r);
        }
        else
        {
            y0 = (int)(top + HeartSearchTopMm / p); y1 = (int)(top + HeartSearchBottomMm / p);
            x0 = (int)(midline - HeartSearchRightOfMidlineMm / p); x1 = (int)(midline + HeartSearchLeftOfMidlineMm / p);
        }
        y0 = Math.Clamp(y0, 0, rows - 1); y1 = Math.Clamp(y1, 0, rows - 1); x0 = Math.Clamp(x0, 0, cols - 1); x1 = Math.Clamp(x1, 0, cols - 1);
        double best = double.NegativeInfinity, bestRing = 1; int by = (y0 + y1) / 2, bx = (x0 + x1) / 2;
        for (var y = y0; y <= y1; y++)
        for (var x = x0; x <= x1; x++)
        {
            var ring = AnnulusMean(s, rows, cols, y, x, 1.5 * rPx, 2.2 * rPx);
            var score = AnnulusMean(s, rows, cols, y, x, 0, rPx) - ring;
            if (score > best) { best = score; bestRing = ring; by = y; bx = x; }
        }
        var contrast = bestRing > 0 ? best / bestRing : 0;
        // A maximum on the edge of the search window is not a blob inside it: the heart was not found.
        if (by == y0 || by == y1 || bx == x0 || bx == x1) contrast = 0;
        if (contrast < MinimumHeartContrast && heartHint is null)
        {
            // Too faint to find (severely reduced uptake): place the heart at its usual position from the landmarks.
            var ay = top + AnatomicHeartBelowThoraxTopMm / p; var ax = midline + AnatomicHeartLeftOfMidlineMm / p;
            return new ChestLandmarks(top, midline, ay, ax, AnatomicHeartRadiusMm / p, neckInField, contrast, true);
        }

        // Sub-pixel centre: centroid of the contrast score over the 3 × 3 neighbourhood of its maximum (no drift towards the liver).
        double cy = by, cx = bx;
        {
            double wy = 0, wx = 0, ws = 0;
            for (var y = Math.Max(0, by - 1); y <= Math.Min(rows - 1, by + 1); y++)
            for (var x = Math.Max(0, bx - 1); x <= Math.Min(cols - 1, bx + 1); x++)
            {
                var w = Math.Max(0, AnnulusMean(s, rows, cols, y, x, 0, rPx) - AnnulusMean(s, rows, cols, y, x, 1.5 * rPx, 2.2 * rPx));
                wy += w * y; wx += w * x; ws += w;
            }
            if (ws > 0) { cy = wy / ws; cx = wx / ws; }
        }
        var background = AnnulusMean(s, rows, cols, cy, cx, 1.6 * rPx, 2.2 * rPx);
        var radius = OuterBorderRadius(s, rows, cols, cy, cx, rPx, background);
        radius = Math.Clamp(radius + 2 / p, 25 / p, 60 / p);
        var outline = HeartSilhouette.Trace(image.Image.Pixels, rows, cols, p, cy, cx, rPx);
        return new ChestLandmarks(top, midline, cy, cx, radius, neckInField, contrast, false, outline);
    }

    /// <summary>Heart circle and mediastinal square on the early and late images. The heart is found on the early image (or the
    /// late one when clearly more distinct) and searched near that position on the other, so a faint heart follows the other image.</summary>
    public static (RoiDefinition[] Rois, ChestLandmarks Early, ChestLandmarks Late) PlacePair(MibgPlanarImage early, MibgPlanarImage late)
    {
        var e = FindLandmarks(early);
        var l = FindLandmarks(late);
        // The early image normally shows the heart best; the late one leads only when clearly more distinct.
        if (l.HeartContrast > 1.5 * e.HeartContrast && !l.HeartFromAnatomy)
            e = Follow(FindLandmarks(early, Scaled(l, late, early)), l, late, early);
        else
            l = Follow(FindLandmarks(late, Scaled(e, early, late)), e, early, late);
        return ([.. Rois(early, e), .. Rois(late, l)], e, l);
    }

    // Where the heart is not distinct on the second image, its circle is copied from the first (same place, same size in mm).
    private static ChestLandmarks Follow(ChestLandmarks found, ChestLandmarks reference, MibgPlanarImage from, MibgPlanarImage to)
    {
        // Twice the detection limit: near a known position a faint blob is more likely noise than the heart.
        if (found.HeartContrast >= 2 * MinimumHeartContrast) return found;
        var (row, column) = Scaled(reference, from, to);
        var k = from.PixelMm / to.PixelMm;
        var outline = reference.HeartOutline?.Select(v => new[] { Math.Round(row + (v[0] - reference.HeartRow) * k, 3), Math.Round(column + (v[1] - reference.HeartColumn) * k, 3) }).ToArray();
        return found with { HeartRow = row, HeartColumn = column, HeartRadiusPx = reference.HeartRadiusPx * k, HeartFromAnatomy = true, HeartOutline = outline };
    }

    // The heart position of one image as a hint for the other (same matrix expected; scaled if pixel sizes differ).
    private static (double, double) Scaled(ChestLandmarks from, MibgPlanarImage a, MibgPlanarImage b)
    {
        var k = a.PixelMm / b.PixelMm;
        return ((from.HeartRow - (a.Rows - 1) / 2.0) * k + (b.Rows - 1) / 2.0, (from.HeartColumn - (a.Columns - 1) / 2.0) * k + (b.Columns - 1) / 2.0);
    }

    /// <summary>Heart circle and mediastinal square for one image from its landmarks.</summary>
    public static RoiDefinition[] Rois(MibgPlanarImage image, ChestLandmarks l)
    {
        var p = image.PixelMm;
        var heart = l.HeartOutline is { } outline
            ? RoiDefinition.Polygon("heart", image.Label, l.HeartFromAnatomy ? HeartMethod + "; heart not distinct on this image: the other image's outline, moved to this heart position" : HeartMethod,
                outline, p)
            : RoiDefinition.Circle("heart", image.Label, l.HeartFromAnatomy ? HeartCircleMethod + "; heart not distinct: placed at its usual position from the landmarks" : HeartCircleMethod + "; no silhouette border found",
                l.HeartRow, l.HeartColumn, l.HeartRadiusPx, p);
        var side = Math.Max(2, (int)Math.Round(MediastinumSideMm / p));
        var heartTop = l.HeartRow - l.HeartRadiusPx;
        var centreRow = l.ThoraxTopRow + (heartTop - l.ThoraxTopRow) / 3;
        // Clear of the heart by at least 10 mm, and inside the image.
        centreRow = Math.Min(centreRow, heartTop - 10 / p - side / 2.0);
        var r0 = Math.Clamp((int)Math.Round(centreRow - (side - 1) / 2.0), 0, image.Rows - side);
        var c0 = Math.Clamp((int)Math.Round(l.MidlineColumn - (side - 1) / 2.0), 0, image.Columns - side);
        var med = RoiDefinition.Rectangle("mediastinum", image.Label, MediastinumMethod, r0, r0 + side - 1, c0, c0 + side - 1, p);
        return [heart, med];
    }

    // Outer border of the heart: where the radial mean profile, beyond its peak, falls to a quarter of the way from the
    // surrounding level to the peak (the whole heart, epicardial border included).
    private static double OuterBorderRadius(float[] s, int rows, int cols, double cy, double cx, double rPx, double background)
    {
        var bins = (int)Math.Ceiling(2 * rPx) + 1;
        var sum = new double[bins]; var count = new int[bins];
        var reach = 2 * rPx;
        for (var y = Math.Max(0, (int)(cy - reach)); y <= Math.Min(rows - 1, (int)(cy + reach) + 1); y++)
        for (var x = Math.Max(0, (int)(cx - reach)); x <= Math.Min(cols - 1, (int)(cx + reach) + 1); x++)
        {
            var b = (int)Math.Round(Math.Sqrt((y - cy) * (y - cy) + (x - cx) * (x - cx)));
            if (b >= bins) continue;
            sum[b] += s[y * cols + x]; count[b]++;
        }
        var peak = 0.0; var peakBin = 0;
        for (var b = 0; b <= Math.Min(bins - 1, (int)rPx); b++)
            if (count[b] > 0 && sum[b] / count[b] > peak) { peak = sum[b] / count[b]; peakBin = b; }
        var half = background + 0.25 * (peak - background);
        for (var b = peakBin + 1; b < bins; b++)
        {
            if (count[b] == 0) continue;
            var v = sum[b] / count[b];
            if (v < half)
            {
                var prev = sum[b - 1] / Math.Max(1, count[b - 1]);
                return b - 1 + (prev - half) / Math.Max(1e-9, prev - v);
            }
        }
        return rPx;
    }

    private static double AnnulusMean(float[] s, int rows, int cols, double cy, double cx, double r0, double r1)
    {
        double sum = 0; var n = 0;
        double r02 = r0 * r0, r12 = r1 * r1;
        for (var y = Math.Max(0, (int)Math.Floor(cy - r1)); y <= Math.Min(rows - 1, (int)Math.Ceiling(cy + r1)); y++)
        {
            var dy2 = (y - cy) * (y - cy);
            var row = y * cols;
            for (var x = Math.Max(0, (int)Math.Floor(cx - r1)); x <= Math.Min(cols - 1, (int)Math.Ceiling(cx + r1)); x++)
            {
                var d2 = dy2 + (x - cx) * (x - cx);
                if (d2 < r02 || d2 > r12) continue;
                sum += s[row + x]; n++;
            }
        }
        return n > 0 ? sum / n : 0;
    }
}
