namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>Geometric-mean split of one tracer: right and left lung and the three zones of each, in % of both lungs.</summary>
public sealed record LungSplit(double RightPercent, double LeftPercent, IReadOnlyList<double> RightZonesPercent, IReadOnlyList<double> LeftZonesPercent,
    IReadOnlyList<(int First, int Last)> RightZoneRows, IReadOnlyList<(int First, int Last)> LeftZoneRows)
{
    public static readonly string[] ZoneNames = ["upper", "middle", "lower"];
    /// <summary>Row-maximum fractions of the lung's peak that bound its craniocaudal extent (chosen on simulated LEHR studies, see tests).</summary>
    public const double TopFraction = 0.25, BottomFraction = 0.09;

    /// <summary>
    /// GM_R = sqrt(ANT_R · POST_R) with POST mirrored and the same ROI, %R = GM_R / (GM_R + GM_L) × 100; zones = three equal heights of
    /// each lung's craniocaudal extent (see Extent), %zone = GM_zone / (GM_R + GM_L) × 100 [CLINICAL §5][Sorenson1974].
    /// </summary>
    public static LungSplit Compute(float[] anterior, float[] posteriorMirrored, LungRoiSet rois, double topFraction = TopFraction, double bottomFraction = BottomFraction)
    {
        var right = rois.RightMask; var left = rois.LeftMask;
        var gmR = GeometricMean(anterior, posteriorMirrored, right);
        var gmL = GeometricMean(anterior, posteriorMirrored, left);
        var total = gmR + gmL;
        if (!(total > 0)) throw new LungRoiException("the lung ROIs hold no counts on the anterior and posterior views");
        var er = Extent(anterior, posteriorMirrored, right, rois.Rows, rois.Columns, topFraction, bottomFraction);
        var el = Extent(anterior, posteriorMirrored, left, rois.Rows, rois.Columns, topFraction, bottomFraction);
        // Both apices lie at about the same level; an apical defect must not lower a lung's top (and so shift all its zones).
        er.Top = Math.Min(er.Top, el.Top + 1); el.Top = Math.Min(el.Top, er.Top + 1);
        var (rz, rRows) = Zones(anterior, posteriorMirrored, right, rois.Columns, total, er);
        var (lz, lRows) = Zones(anterior, posteriorMirrored, left, rois.Columns, total, el);
        return new LungSplit(100 * gmR / total, 100 * gmL / total, rz, lz, rRows, lRows);
    }

    /// <summary>sqrt(ΣANT · ΣPOST) over a mask (conjugate-view geometric mean, CLINICAL §1.3).</summary>
    public static double GeometricMean(float[] anterior, float[] posteriorMirrored, bool[] mask)
    {
        double a = 0, p = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            a += anterior[i]; p += posteriorMirrored[i];
        }
        return Math.Sqrt(Math.Max(a, 0) * Math.Max(p, 0));
    }

    /// <summary>Rows of the three zones: thirds of the mask's craniocaudal (row) extent, top first.</summary>
    public static (int First, int Last)[] ZoneRows(bool[] mask, int cols)
    {
        int r0 = int.MaxValue, r1 = -1;
        for (var i = 0; i < mask.Length; i++) if (mask[i]) { r0 = Math.Min(r0, i / cols); r1 = Math.Max(r1, i / cols); }
        if (r1 < 0) throw new LungRoiException("a lung ROI is empty");
        var h = r1 - r0 + 1;
        var zones = new (int, int)[3];
        for (var z = 0; z < 3; z++)
            zones[z] = ((int)Math.Round(r0 + z * h / 3.0), (int)Math.Round(r0 + (z + 1) * h / 3.0) - 1);
        return zones;
    }

    /// <summary>
    /// First and last row of a lung's craniocaudal extent: where its row maximum of ANT + POST first reaches
    /// <paramref name="topFraction"/> of its peak (the apex is thin, so the blurred tail above it would add a row at 8 mm pixels) and
    /// last reaches <paramref name="bottomFraction"/> (the base ends at the diaphragm with a sharp count edge).
    /// </summary>
    public static (int Top, int Bottom) Extent(float[] ant, float[] post, bool[] mask, int rows, int cols, double topFraction, double bottomFraction)
    {
        var (rowMax, peak) = RowMaxima(ant, post, mask, rows, cols);
        var top = 0;
        while (top < rows - 1 && rowMax[top] < topFraction * peak) top++;
        var bottom = rows - 1;
        while (bottom > top && rowMax[bottom] < bottomFraction * peak) bottom--;
        return (top, bottom);
    }

    private static (double[] Percent, (int, int)[] Rows) Zones(float[] ant, float[] post, bool[] mask, int cols, double total, (int Top, int Bottom) extent)
    {
        var h = extent.Bottom - extent.Top + 1;
        var zr = new (int First, int Last)[3];
        for (var z = 0; z < 3; z++)
            zr[z] = ((int)Math.Round(extent.Top + z * h / 3.0), (int)Math.Round(extent.Top + (z + 1) * h / 3.0) - 1);
        // The first and last zones take whatever of the ROI lies above or below the extent, so every ROI count is in a zone.
        zr[0].First = 0; zr[2].Last = int.MaxValue;
        var pct = new double[3];
        for (var z = 0; z < 3; z++)
        {
            var zm = new bool[mask.Length];
            for (var i = 0; i < mask.Length; i++) zm[i] = mask[i] && i / cols >= zr[z].First && i / cols <= zr[z].Last;
            pct[z] = 100 * GeometricMean(ant, post, zm) / total;
        }
        zr[0].First = extent.Top; zr[2].Last = extent.Bottom;
        return (pct, zr);
    }
    /// <summary>Per row the largest ANT + POST value inside the lung ROI, and the largest over the ROI; throws when it holds no counts.</summary>
    internal static (double[] RowMax, double Peak) RowMaxima(float[] ant, float[] post, bool[] mask, int rows, int cols)
    {
        var rowMax = new double[rows]; double peak = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            var v = ant[i] + post[i];
            rowMax[i / cols] = Math.Max(rowMax[i / cols], v); peak = Math.Max(peak, v);
        }
        if (!(peak > 0)) throw new LungRoiException("a lung ROI holds no counts");
        return (rowMax, peak);
    }

}
