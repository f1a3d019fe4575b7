namespace Photopeak.Procedures.CardiacFunction;

/// <summary>Morphology on pixel masks and count images (row-major) with digital disks (dx² + dy² ≤ r² + r).</summary>
internal static class Morphology
{
    /// <summary>Dilation by a digital disk of radius <paramref name="radius"/> pixels (dx² + dy² ≤ r² + r).</summary>
    public static bool[] Dilate(bool[] mask, int rows, int cols, int radius)
    {
        var result = new bool[mask.Length];
        for (var y = 0; y < rows; y++)
        for (var x = 0; x < cols; x++)
        {
            if (!mask[y * cols + x]) continue;
            for (var dy = -radius; dy <= radius; dy++)
            for (var dx = -radius; dx <= radius; dx++)
            {
                int yy = y + dy, xx = x + dx;
                if (yy >= 0 && yy < rows && xx >= 0 && xx < cols && dx * dx + dy * dy <= radius * radius + radius) result[yy * cols + xx] = true;
            }
        }
        return result;
    }

    /// <summary>The 4-connected region of the pixels <paramref name="accept"/>ed that holds <paramref name="seed"/> (which
    /// is in it whatever <paramref name="accept"/> says of it).</summary>
    public static bool[] Grow(int seed, int rows, int cols, Func<int, bool> accept)
    {
        var inside = new bool[rows * cols];
        var stack = new Stack<int>(); stack.Push(seed); inside[seed] = true;
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            int r = p / cols, c = p % cols;
            foreach (var (dr, dc) in (ReadOnlySpan<(int, int)>)[(-1, 0), (1, 0), (0, -1), (0, 1)])
            {
                int rr = r + dr, cc = c + dc;
                if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
                var q = rr * cols + cc;
                if (inside[q] || !accept(q)) continue;
                inside[q] = true; stack.Push(q);
            }
        }
        return inside;
    }

    /// <summary>Grey opening (erosion, then dilation) by a disk of radius <paramref name="radius"/> pixels: what remains of an
    /// image when every structure narrower than the disk is removed.</summary>
    public static float[] GreyOpening(float[] image, int rows, int cols, int radius) =>
        Extreme(Extreme(image, rows, cols, radius, min: true), rows, cols, radius, min: false);

    private static float[] Extreme(float[] image, int rows, int cols, int radius, bool min)
    {
        var result = new float[image.Length];
        for (var y = 0; y < rows; y++)
        for (var x = 0; x < cols; x++)
        {
            var best = min ? float.MaxValue : float.MinValue;
            for (var dy = -radius; dy <= radius; dy++)
            {
                var yy = y + dy;
                if (yy < 0 || yy >= rows) continue;
                for (var dx = -radius; dx <= radius; dx++)
                {
                    var xx = x + dx;
                    if (xx < 0 || xx >= cols || dx * dx + dy * dy > radius * radius + radius) continue;
                    var v = image[yy * cols + xx];
                    best = min ? Math.Min(best, v) : Math.Max(best, v);
                }
            }
            result[y * cols + x] = best;
        }
        return result;
    }
}
