namespace Photopeak.Procedures.CardiacFunction;

/// <summary>Binary morphology on pixel masks (row-major).</summary>
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
}
