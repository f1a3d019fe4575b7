using System.Numerics.Tensors;

namespace Photopeak.Reconstruction.Projection;

/// <summary>Separable Gaussian blur of a detector plane stored [bin][z] (z contiguous), zero outside the plane.</summary>
/// <remarks>Zero boundaries and symmetric kernels make the operator a symmetric matrix, so it is its own adjoint.
/// The bin direction is done as whole-plane shifted multiply-adds (one vector call per tap); so is the z direction for
/// 3-tap kernels, with the taps that wrapped across a row end taken back out.</remarks>
internal static class PlaneBlur
{
    /// <summary>Blurs <paramref name="plane"/> in place; <paramref name="scratch"/> has the plane's length.</summary>
    public static void Apply(Span<float> plane, Span<float> scratch, int bins, int nz, float[] kernelBins, float[] kernelZ)
    {
        bool blurBins = !GaussianKernel.IsIdentity(kernelBins), blurZ = !GaussianKernel.IsIdentity(kernelZ);
        if (!blurBins && !blurZ) return;
        int length = bins * nz;
        if (blurBins)
        {
            int r = kernelBins.Length / 2;
            TensorPrimitives.Multiply(plane, kernelBins[r], scratch);
            for (int j = 1; j <= r && j < bins; j++)
            {
                int shift = j * nz;
                // scratch[b] += k·plane[b−j] and k·plane[b+j]
                TensorPrimitives.MultiplyAdd(plane[..(length - shift)], kernelBins[r - j], scratch[shift..], scratch[shift..]);
                TensorPrimitives.MultiplyAdd(plane[shift..], kernelBins[r + j], scratch[..(length - shift)], scratch[..(length - shift)]);
            }
        }
        else plane.CopyTo(scratch);

        if (!blurZ)
        {
            scratch.CopyTo(plane);
            return;
        }
        if (kernelZ.Length == 3 && nz > 1)
        {
            float a = kernelZ[0];
            TensorPrimitives.Multiply(scratch, kernelZ[1], plane);
            TensorPrimitives.MultiplyAdd(scratch[..(length - 1)], a, plane[1..], plane[1..]);
            TensorPrimitives.MultiplyAdd(scratch[1..], a, plane[..(length - 1)], plane[..(length - 1)]);
            for (int b = 1; b < bins; b++)
            {
                int first = b * nz;
                plane[first] -= a * scratch[first - 1];
                plane[first - 1] -= a * scratch[first];
            }
            return;
        }
        int rz = kernelZ.Length / 2;
        for (int b = 0; b < bins; b++)
        {
            var src = scratch.Slice(b * nz, nz);
            var dest = plane.Slice(b * nz, nz);
            TensorPrimitives.Multiply(src, kernelZ[rz], dest);
            for (int k = 0; k < kernelZ.Length; k++)
            {
                int shift = k - rz;
                if (shift == 0 || Math.Abs(shift) >= nz) continue;
                if (shift > 0) TensorPrimitives.MultiplyAdd(src[shift..], kernelZ[k], dest[..(nz - shift)], dest[..(nz - shift)]);
                else TensorPrimitives.MultiplyAdd(src[..(nz + shift)], kernelZ[k], dest[(-shift)..], dest[(-shift)..]);
            }
        }
    }
}
