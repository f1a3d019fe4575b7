using Photopeak.Reconstruction.Projection;

namespace Photopeak.Reconstruction.Tests;

public class PlaneBlurTests
{
    [Theory]
    [InlineData(0.3, 0.4)]  // 3-tap kernels in both directions (the incremental depth blur)
    [InlineData(1.5, 0.5)]  // sampled Gaussian along bins, 3-tap along z
    [InlineData(0.6, 2.2)]  // long kernel along z
    public void Blur_equals_a_direct_truncated_convolution(double sigmaBins, double sigmaZ)
    {
        const int bins = 11, nz = 13;
        var kb = GaussianKernel.Create(sigmaBins);
        var kz = GaussianKernel.Create(sigmaZ);
        var rng = new Random(2);
        var plane = new float[bins * nz];
        for (int i = 0; i < plane.Length; i++) plane[i] = (float)rng.NextDouble();
        var expected = new double[plane.Length];
        int rb = kb.Length / 2, rz = kz.Length / 2;
        for (int b = 0; b < bins; b++)
            for (int z = 0; z < nz; z++)
                for (int i = -rb; i <= rb; i++)
                    for (int j = -rz; j <= rz; j++)
                    {
                        int bb = b + i, zz = z + j;
                        if (bb < 0 || bb >= bins || zz < 0 || zz >= nz) continue;
                        expected[b * nz + z] += kb[i + rb] * kz[j + rz] * plane[bb * nz + zz];
                    }
        PlaneBlur.Apply(plane, new float[plane.Length], bins, nz, kb, kz);
        for (int i = 0; i < plane.Length; i++) Assert.Equal(expected[i], plane[i], 5);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.65)]
    [InlineData(1.3)]
    public void Kernel_variance_equals_sigma_squared(double sigma)
    {
        var k = GaussianKernel.Create(sigma);
        int r = k.Length / 2;
        double sum = 0, variance = 0;
        for (int i = 0; i < k.Length; i++) { sum += k[i]; variance += k[i] * (i - r) * (i - r); }
        Assert.Equal(1, sum, 6);
        // Exact for the 3-tap kernel; the sampled Gaussian truncated at 3σ loses < 1% of its variance.
        Assert.InRange(variance / (sigma * sigma), sigma < 0.7 ? 0.99999 : 0.99, sigma < 0.7 ? 1.00001 : 1.01);
    }
}
