namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Six sectors per lung on a conjugate view: three zones × lateral and medial halves, index = zone × 2 + half (half 0 = lateral, 1 =
/// medial). Fractions are of the lung's own counts, so they do not depend on the right/left split. The geometry is set from landmarks a
/// segmental defect barely moves (see <see cref="Geometry"/>), not from the lung's count distribution, so a defect cannot shift the
/// sector borders onto healthy lung.
/// </summary>
internal static class LungSectors
{
    public const int Count = 6;
    public static readonly string[] HalfNames = ["lateral", "medial"];

    /// <summary>Sector borders of one lung in continuous pixel coordinates (pixel r spans r − 0.5 to r + 0.5): the two zone borders (upper/middle,
    /// middle/lower) and the column between the lateral and medial halves. A pixel straddling a border is shared by overlap, so the
    /// sector shares change smoothly with the borders instead of jumping by a whole row.</summary>
    public sealed record SectorGeometry(double UpperBorderRow, double LowerBorderRow, double BoundaryColumn);

    /// <summary>
    /// Sector borders of both lungs [0 = right, 1 = left]. Height: from the higher apex of the two lungs (an apical defect must not lower
    /// one) to the lower of the lung's own base and the other lung's base shifted by <see cref="BaseOffsetRows"/> (a basal defect must not
    /// lift it); extents as in <see cref="LungSplit.Extent"/> but interpolated between rows. Lateral/medial border: halfway between the
    /// lung's lateral edge (second outermost ROI column, the chest wall) and its medial edge (second innermost ROI column).
    /// </summary>
    public static SectorGeometry[] Geometry(float[] anterior, float[] posteriorMirrored, LungRoiSet rois)
    {
        int rows = rois.Rows, cols = rois.Columns;
        var right = rois.RightMask; var left = rois.LeftMask;
        var er = Extent(anterior, posteriorMirrored, right, rows, cols);
        var el = Extent(anterior, posteriorMirrored, left, rows, cols);
        var top = Math.Min(er.Top, el.Top);
        // The left base lies about a row below the right (the right hemidiaphragm is higher; one 8 mm row on the simulated studies).
        double bottomR = Math.Max(er.Bottom, el.Bottom - BaseOffsetRows), bottomL = Math.Max(el.Bottom, er.Bottom + BaseOffsetRows);

        // Right lung on the image left (anterior view as stored): its lateral edge is its smallest column.
        var firstR = new List<int>(); var lastR = new List<int>(); var firstL = new List<int>(); var lastL = new List<int>();
        for (var r = 0; r < rows; r++)
        {
            int a = -1, b = -1, c = -1, d = -1;
            for (var x = 0; x < cols; x++)
            {
                if (right[r * cols + x]) { if (a < 0) a = x; b = x; }
                if (left[r * cols + x]) { if (c < 0) c = x; d = x; }
            }
            if (a >= 0) { firstR.Add(a); lastR.Add(b); }
            if (c >= 0) { firstL.Add(c); lastL.Add(d); }
        }
        if (firstR.Count < 2 || firstL.Count < 2) throw new LungRoiException("a lung ROI spans fewer than two rows");
        firstR.Sort(); lastL.Sort();
        var lateralR = firstR[1]; var lateralL = lastL[^2];
        // Medial edge: the second innermost ROI column (the heart and mediastinum border; a defect notches only some rows).
        lastR.Sort(); firstL.Sort();
        int innerR = lastR[^2], innerL = firstL[1];
        return [Sectors(top, bottomR, (lateralR + innerR) / 2.0), Sectors(top, bottomL, (lateralL + innerL) / 2.0)];
        static SectorGeometry Sectors(double top, double bottom, double column)
        {
            // Extent from the upper edge of the top row to the lower edge of the bottom row, in thirds.
            double a = top - 0.5, h = bottom + 0.5 - a;
            return new SectorGeometry(a + h / 3, a + 2 * h / 3, column);
        }
    }

    /// <summary>Rows between the lungs' bases in a normal study (left lower), for borrowing a base lifted by a basal defect.</summary>
    public const double BaseOffsetRows = 1;

    /// <summary>Top and bottom of a lung's craniocaudal extent as fractional rows: where the in-ROI row maximum of ANT + POST crosses
    /// <see cref="LungSplit.TopFraction"/> and <see cref="LungSplit.BottomFraction"/> of its peak, interpolated between rows.</summary>
    public static (double Top, double Bottom) Extent(float[] ant, float[] post, bool[] mask, int rows, int cols)
    {
        var (rowMax, peak) = LungSplit.RowMaxima(ant, post, mask, rows, cols);
        double tf = LungSplit.TopFraction * peak, bf = LungSplit.BottomFraction * peak;
        var top = 0;
        while (top < rows - 1 && rowMax[top] < tf) top++;
        var bottom = rows - 1;
        while (bottom > top && rowMax[bottom] < bf) bottom--;
        double t = top, b = bottom;
        if (top > 0 && rowMax[top] > rowMax[top - 1]) t = top - (rowMax[top] - tf) / (rowMax[top] - rowMax[top - 1]);
        if (bottom < rows - 1 && rowMax[bottom] > rowMax[bottom + 1]) b = bottom + (rowMax[bottom] - bf) / (rowMax[bottom] - rowMax[bottom + 1]);
        return (t, b);
    }

    /// <summary>Sector fractions of one lung on one image (the image registered to the ROI, i.e. POST already mirrored); ROI rows above
    /// or below the zones count to the first or last zone.</summary>
    public static double[] Fractions(float[] image, bool[] mask, int cols, bool rightLung, SectorGeometry geometry)
    {
        double sw = 0;
        var f = new double[Count];
        Span<double> zw = stackalloc double[3];
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            var r = i / cols; var c = i % cols;
            double v = image[i];
            sw += v;
            // Overlap of the pixel's row span with each zone (the first and last zones are open-ended).
            zw[0] = Math.Clamp(geometry.UpperBorderRow - (r - 0.5), 0, 1);
            zw[2] = Math.Clamp(r + 0.5 - geometry.LowerBorderRow, 0, 1);
            zw[1] = 1 - zw[0] - zw[2];
            // Anterior image as stored: the right lung's lateral side is towards column 0, the left lung's towards the last column.
            var lateralShare = Math.Clamp(rightLung ? geometry.BoundaryColumn - (c - 0.5) : c + 0.5 - geometry.BoundaryColumn, 0, 1);
            for (var z = 0; z < 3; z++)
            {
                f[z * 2] += v * zw[z] * lateralShare;
                f[z * 2 + 1] += v * zw[z] * (1 - lateralShare);
            }
        }
        for (var k = 0; k < Count; k++) f[k] /= Math.Max(sw, 1e-9);
        return f;
    }
}
