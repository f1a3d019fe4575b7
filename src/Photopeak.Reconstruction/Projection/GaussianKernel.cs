namespace Photopeak.Reconstruction.Projection;

/// <summary>Symmetric, normalised 1-D Gaussian kernels whose discrete variance matches the requested σ².</summary>
internal static class GaussianKernel
{
    /// <summary>Kernel of odd length for standard deviation <paramref name="sigmaPixels"/>; [1] for σ≈0.</summary>
    /// <remarks>Below σ = 0.7 a sampled Gaussian has the wrong variance, so the 3-tap kernel [a, 1−2a, a] with a = σ²/2
    /// (variance exactly σ²) is used: repeated incremental blurs between depth planes then add variances correctly.</remarks>
    public static float[] Create(double sigmaPixels)
    {
        double s2 = sigmaPixels * sigmaPixels;
        if (s2 < 1e-6) return [1f];
        if (sigmaPixels < 0.7)
        {
            float a = (float)(s2 / 2);
            return [a, 1 - 2 * a, a];
        }
        int radius = (int)Math.Ceiling(3 * sigmaPixels);
        var k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) sum += k[i + radius] = Math.Exp(-i * i / (2 * s2));
        var result = new float[k.Length];
        for (int i = 0; i < k.Length; i++) result[i] = (float)(k[i] / sum);
        return result;
    }

    public static bool IsIdentity(float[] kernel) => kernel.Length == 1;
}
