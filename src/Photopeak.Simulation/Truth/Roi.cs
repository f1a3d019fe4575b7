namespace Photopeak.Simulation.Truth;

/// <summary>Evaluates <see cref="RoiTruth"/> regions on images (for the noiseless expected measurements and for tests).</summary>
public static class Roi
{
    /// <summary>True where the pixel centre lies in the ROI.</summary>
    public static bool[] Mask(RoiTruth roi, int rows, int columns)
    {
        var mask = new bool[rows * columns];
        switch (roi.Shape)
        {
            case "circle":
                for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                {
                    var dr = r - roi.CentreRow!.Value; var dc = c - roi.CentreColumn!.Value;
                    mask[r * columns + c] = dr * dr + dc * dc <= roi.RadiusPx!.Value * roi.RadiusPx.Value;
                }
                break;
            case "rectangle":
                for (var r = Math.Max(0, roi.Row0!.Value); r <= Math.Min(rows - 1, roi.Row1!.Value); r++)
                for (var c = Math.Max(0, roi.Col0!.Value); c <= Math.Min(columns - 1, roi.Col1!.Value); c++)
                    mask[r * columns + c] = true;
                break;
            case "mask":
                foreach (var s in roi.Spans!)
                    for (var c = s[1]; c <= s[2]; c++) mask[s[0] * columns + c] = true;
                break;
            default: throw new ArgumentException($"ROI {roi.Name}: unknown shape '{roi.Shape}'");
        }
        return mask;
    }

    /// <summary>Mean counts per pixel inside the ROI.</summary>
    public static double Mean(ReadOnlySpan<float> image, bool[] mask)
    {
        double sum = 0; var n = 0;
        for (var i = 0; i < mask.Length; i++) if (mask[i]) { sum += image[i]; n++; }
        return n == 0 ? throw new ArgumentException("empty ROI") : sum / n;
    }

    /// <summary>Total counts inside the ROI.</summary>
    public static double Sum(ReadOnlySpan<float> image, bool[] mask)
    {
        double sum = 0;
        for (var i = 0; i < mask.Length; i++) if (mask[i]) sum += image[i];
        return sum;
    }

    /// <summary>Run-length spans of a boolean mask.</summary>
    public static List<int[]> Spans(bool[] mask, int rows, int columns)
    {
        var spans = new List<int[]>();
        for (var r = 0; r < rows; r++)
        {
            var c = 0;
            while (c < columns)
            {
                if (!mask[r * columns + c]) { c++; continue; }
                var start = c;
                while (c < columns && mask[r * columns + c]) c++;
                spans.Add([r, start, c - 1]);
            }
        }
        return spans;
    }

    /// <summary>Mirrors a mask left-right (to pair a POST ROI with an ANT one).</summary>
    public static bool[] MirrorColumns(bool[] mask, int rows, int columns)
    {
        var m = new bool[mask.Length];
        for (var r = 0; r < rows; r++) for (var c = 0; c < columns; c++) m[r * columns + c] = mask[r * columns + columns - 1 - c];
        return m;
    }
}
