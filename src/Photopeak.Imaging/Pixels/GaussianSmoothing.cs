namespace Photopeak.Imaging.Pixels;

/// <summary>Separable Gaussian blur of an image with edge clamping (σ in pixels, at least 0.5; kernel ±3σ).</summary>
public static class GaussianSmoothing
{
    /// <summary>The blurred copy of <paramref name="image"/> (<paramref name="rows"/> × <paramref name="cols"/>).</summary>
    public static float[] Apply(ReadOnlySpan<float> image, int rows, int cols, double sigmaPx)
    {
        sigmaPx = Math.Max(0.5, sigmaPx);
        var half = (int)Math.Ceiling(3 * sigmaPx);
        var k = new float[2 * half + 1];
        double ks = 0;
        for (var i = -half; i <= half; i++) { k[i + half] = (float)Math.Exp(-0.5 * i * i / (sigmaPx * sigmaPx)); ks += k[i + half]; }
        for (var i = 0; i < k.Length; i++) k[i] /= (float)ks;
        var tmp = new float[rows * cols];
        var result = new float[rows * cols];
        for (var y = 0; y < rows; y++)
        for (var x = 0; x < cols; x++)
        {
            float acc = 0;
            for (var i = -half; i <= half; i++) acc += k[i + half] * image[y * cols + Math.Clamp(x + i, 0, cols - 1)];
            tmp[y * cols + x] = acc;
        }
        for (var y = 0; y < rows; y++)
        for (var x = 0; x < cols; x++)
        {
            float acc = 0;
            for (var i = -half; i <= half; i++) acc += k[i + half] * tmp[Math.Clamp(y + i, 0, rows - 1) * cols + x];
            result[y * cols + x] = acc;
        }
        return result;
    }
}
