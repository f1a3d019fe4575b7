using System.Numerics;

namespace Photopeak.Simulation.Projection;

/// <summary>Separable blurs on row-major images with zero boundaries (counts leaving the field are lost).</summary>
internal static class Kernels
{
    /// <summary>Blurs with a kernel of the given variance (pixels²): a variance-exact 3-tap [w, 1−2w, w] kernel for small
    /// variances (incremental blurring between depth planes), a normalised sampled Gaussian above.</summary>
    public static void Blur(Span<float> image, int rows, int columns, double variancePx2, Span<float> scratch)
    {
        if (variancePx2 <= 1e-9) return;
        if (variancePx2 <= 0.5)
        {
            Blur3(image, rows, columns, (float)(variancePx2 / 2), scratch);
            return;
        }
        var sigma = Math.Sqrt(variancePx2);
        var radius = (int)Math.Ceiling(3.5 * sigma);
        Span<float> kernel = stackalloc float[2 * radius + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++) sum += kernel[i + radius] = (float)Math.Exp(-i * i / (2 * variancePx2));
        for (var i = 0; i < kernel.Length; i++) kernel[i] = (float)(kernel[i] / sum);
        Convolve(image, rows, columns, kernel, scratch);
    }

    /// <summary>3-tap blur along rows and columns; scratch needs 2 × columns.</summary>
    private static void Blur3(Span<float> image, int rows, int columns, float w, Span<float> scratch)
    {
        var centre = 1 - 2 * w;
        for (var r = 0; r < rows; r++)
        {
            var row = image.Slice(r * columns, columns);
            float left = 0;
            for (var c = 0; c < columns; c++)
            {
                var cur = row[c];
                var right = c + 1 < columns ? row[c + 1] : 0;
                row[c] = w * left + centre * cur + w * right;
                left = cur;
            }
        }
        var prev = scratch[..columns];
        var keep = scratch.Slice(columns, columns);
        prev.Clear();
        for (var r = 0; r < rows; r++)
        {
            var cur = image.Slice(r * columns, columns);
            cur.CopyTo(keep);
            var next = r + 1 < rows ? image.Slice((r + 1) * columns, columns) : default;
            var c = 0;
            if (Vector.IsHardwareAccelerated && !next.IsEmpty)
            {
                var vw = new Vector<float>(w); var vc = new Vector<float>(centre);
                for (; c <= columns - Vector<float>.Count; c += Vector<float>.Count)
                {
                    var v = vw * new Vector<float>(prev[c..]) + vc * new Vector<float>(keep[c..]) + vw * new Vector<float>(next[c..]);
                    v.CopyTo(cur[c..]);
                }
            }
            for (; c < columns; c++) cur[c] = w * prev[c] + centre * keep[c] + (next.IsEmpty ? 0 : w * next[c]);
            keep.CopyTo(prev);
        }
    }

    /// <summary>Separable convolution with a symmetric odd kernel; scratch needs max(rows, columns) × 2 floats.</summary>
    private static void Convolve(Span<float> image, int rows, int columns, ReadOnlySpan<float> kernel, Span<float> scratch)
    {
        var radius = kernel.Length / 2;
        var line = scratch[..Math.Max(rows, columns)];
        for (var r = 0; r < rows; r++)
        {
            var row = image.Slice(r * columns, columns);
            row.CopyTo(line);
            for (var c = 0; c < columns; c++)
            {
                float s = 0;
                var k0 = Math.Max(-radius, -c); var k1 = Math.Min(radius, columns - 1 - c);
                for (var k = k0; k <= k1; k++) s += kernel[k + radius] * line[c + k];
                row[c] = s;
            }
        }
        for (var c = 0; c < columns; c++)
        {
            for (var r = 0; r < rows; r++) line[r] = image[r * columns + c];
            for (var r = 0; r < rows; r++)
            {
                float s = 0;
                var k0 = Math.Max(-radius, -r); var k1 = Math.Min(radius, rows - 1 - r);
                for (var k = k0; k <= k1; k++) s += kernel[k + radius] * line[r + k];
                image[r * columns + c] = s;
            }
        }
    }
}
