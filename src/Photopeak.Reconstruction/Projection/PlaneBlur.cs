using System.Numerics.Tensors;

namespace Photopeak.Reconstruction.Projection;

/// <summary>Separable Gaussian blur of a detector plane stored [bin][z] (z contiguous), zero outside the plane.</summary>
/// <remarks>Zero boundaries and symmetric kernels make the operator a symmetric matrix, so it is its own adjoint.</remarks>
internal static class PlaneBlur
{
    /// <summary>Blurs <paramref name="plane"/> in place; <paramref name="scratch"/> has the plane's length.</summary>
    public static void Apply(Span<float> plane, Span<float> scratch, int bins, int nz, float[] kernelBins, float[] kernelZ)
    {
        bool blurBins = !GaussianKernel.IsIdentity(kernelBins), blurZ = !GaussianKernel.IsIdentity(kernelZ);
        if (!blurBins && !blurZ) return;
        if (blurBins)
        {
            int r = kernelBins.Length / 2;
            for (int b = 0; b < bins; b++)
            {
                var dest = scratch.Slice(b * nz, nz);
                dest.Clear();
                int kLo = Math.Max(0, r - b), kHi = Math.Min(kernelBins.Length - 1, bins - 1 - b + r);
                for (int k = kLo; k <= kHi; k++)
                    TensorPrimitives.MultiplyAdd(plane.Slice((b + k - r) * nz, nz), kernelBins[k], dest, dest);
            }
        }
        else plane.CopyTo(scratch);

        if (blurZ)
        {
            int r = kernelZ.Length / 2;
            for (int b = 0; b < bins; b++)
            {
                var src = scratch.Slice(b * nz, nz);
                var dest = plane.Slice(b * nz, nz);
                TensorPrimitives.Multiply(src, kernelZ[r], dest);
                for (int k = 0; k < kernelZ.Length; k++)
                {
                    int shift = k - r;
                    if (shift == 0 || Math.Abs(shift) >= nz) continue;
                    if (shift > 0) TensorPrimitives.MultiplyAdd(src[shift..], kernelZ[k], dest[..(nz - shift)], dest[..(nz - shift)]);
                    else TensorPrimitives.MultiplyAdd(src[..(nz + shift)], kernelZ[k], dest[(-shift)..], dest[(-shift)..]);
                }
            }
        }
        else scratch.CopyTo(plane);
    }
}
