namespace Photopeak.Imaging.Pixels;

/// <summary>Bilinear interpolation in a row-major image at a fractional (row, column), clamped to the image's edge.</summary>
public static class BilinearSampling
{
    public static double Sample(float[] image, int rows, int cols, double row, double col)
    {
        row = Math.Clamp(row, 0, rows - 1); col = Math.Clamp(col, 0, cols - 1);
        int y0 = (int)row, x0 = (int)col;
        int y1 = Math.Min(y0 + 1, rows - 1), x1 = Math.Min(x0 + 1, cols - 1);
        double fy = row - y0, fx = col - x0;
        return (1 - fy) * ((1 - fx) * image[y0 * cols + x0] + fx * image[y0 * cols + x1]) + fy * ((1 - fx) * image[y1 * cols + x0] + fx * image[y1 * cols + x1]);
    }
}
