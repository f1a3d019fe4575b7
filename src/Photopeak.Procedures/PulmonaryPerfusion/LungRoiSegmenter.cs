namespace Photopeak.Procedures.PulmonaryPerfusion;

/// <summary>
/// Automatic lung outlines on the conjugate pair: ANT + mirrored POST, 3×3 smoothed, split at the midline (the column
/// count minimum of the central half), each side thresholded at a fraction of its own robust maximum, the largest connected component
/// kept and its holes filled (a defect inside the lung stays inside its ROI).
/// </summary>
internal static class LungRoiSegmenter
{
    /// <summary>Outline threshold as a fraction of each lung's 99th-percentile smoothed count (chosen on simulated LEHR studies, see tests).</summary>
    public const double ThresholdFraction = 0.10;

    /// <summary>Lung ROIs from the anterior image and the posterior image already mirrored left-right (same size).</summary>
    public static LungRoiSet Segment(float[] anterior, float[] posteriorMirrored, int rows, int cols, double thresholdFraction = ThresholdFraction)
    {
        var sum = new float[rows * cols];
        for (var i = 0; i < sum.Length; i++) sum[i] = anterior[i] + posteriorMirrored[i];
        var smooth = Smooth3(sum, rows, cols);
        var mid = Midline(smooth, rows, cols);
        // Each lung is thresholded against its own maximum, so a 30/70 split outlines the weaker lung as fully as the stronger.
        // Anterior image as stored: the patient's right lung lies on the image left.
        var right = Lung(smooth, rows, cols, 0, mid, thresholdFraction, "right");
        var left = Lung(smooth, rows, cols, mid, cols, thresholdFraction, "left");
        return LungRoiSet.FromMasks(rows, cols, FillHoles(right, rows, cols), FillHoles(left, rows, cols));
    }

    private static bool[] Lung(float[] smooth, int rows, int cols, int c0, int c1, double fraction, string side)
    {
        var values = new List<float>();
        for (var r = 0; r < rows; r++)
            for (var c = c0; c < c1; c++) values.Add(smooth[r * cols + c]);
        values.Sort();
        var robustMax = values.Count == 0 ? 0 : values[(int)(0.99 * (values.Count - 1))];
        if (!(robustMax > 0)) throw new LungRoiException($"the {side} half of the anterior and posterior views holds no counts: no {side} lung outline");
        var threshold = (float)(fraction * robustMax);
        var mask = new bool[smooth.Length];
        for (var r = 0; r < rows; r++)
            for (var c = c0; c < c1; c++) mask[r * cols + c] = smooth[r * cols + c] >= threshold;
        return Largest(mask, rows, cols, side);
    }

    /// <summary>Mirrors an image left-right (POST as seen from behind → as seen from the front).</summary>
    public static float[] MirrorColumns(ReadOnlySpan<float> image, int rows, int cols)
    {
        var m = new float[image.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) m[r * cols + c] = image[r * cols + cols - 1 - c];
        return m;
    }

    /// <summary>Mirrors a mask left-right.</summary>
    public static bool[] MirrorColumns(bool[] mask, int rows, int cols)
    {
        var m = new bool[mask.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) m[r * cols + c] = mask[r * cols + cols - 1 - c];
        return m;
    }

    private static float[] Smooth3(float[] img, int rows, int cols)
    {
        var o = new float[img.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                float s = 0; var n = 0;
                for (var dr = -1; dr <= 1; dr++)
                    for (var dc = -1; dc <= 1; dc++)
                    {
                        int rr = r + dr, cc = c + dc;
                        if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
                        s += img[rr * cols + cc]; n++;
                    }
                o[r * cols + c] = s / n;
            }
        return o;
    }

    /// <summary>4-connected component labels (0 = background); sizes[label] = pixel count.</summary>
    private static int[] Label(bool[] mask, int rows, int cols, out List<int> sizes)
    {
        var labels = new int[mask.Length];
        sizes = [0];
        var stack = new Stack<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (!mask[i] || labels[i] != 0) continue;
            var label = sizes.Count; var size = 0;
            labels[i] = label; stack.Push(i);
            while (stack.Count > 0)
            {
                var p = stack.Pop(); size++;
                int r = p / cols, c = p % cols;
                if (r > 0) Visit(p - cols); if (r < rows - 1) Visit(p + cols);
                if (c > 0) Visit(p - 1); if (c < cols - 1) Visit(p + 1);
            }
            sizes.Add(size);
            void Visit(int q) { if (mask[q] && labels[q] == 0) { labels[q] = label; stack.Push(q); } }
        }
        return labels;
    }

    private static bool[] Only(int[] labels, int label) => labels.Select(l => l == label).ToArray();

    private static bool[] Largest(bool[] mask, int rows, int cols, string side)
    {
        var labels = Label(mask, rows, cols, out var sizes);
        if (sizes.Count < 2) throw new LungRoiException($"the {side} lung has no region above the lung threshold");
        var best = Enumerable.Range(1, sizes.Count - 1).MaxBy(l => sizes[l]);
        return Only(labels, best);
    }

    /// <summary>The column of least counts within the central half of the image (the mediastinum between the lungs).</summary>
    private static int Midline(float[] smooth, int rows, int cols)
    {
        var profile = new double[cols];
        for (var i = 0; i < smooth.Length; i++) profile[i % cols] += smooth[i];
        int best = cols / 2; var min = double.MaxValue;
        for (var c = cols / 4; c < 3 * cols / 4; c++) if (profile[c] < min) { min = profile[c]; best = c; }
        return best;
    }

    /// <summary>Fills background not connected to the image border.</summary>
    private static bool[] FillHoles(bool[] mask, int rows, int cols)
    {
        var outside = new bool[mask.Length];
        var stack = new Stack<int>();
        for (var r = 0; r < rows; r++) { Seed(r * cols); Seed(r * cols + cols - 1); }
        for (var c = 0; c < cols; c++) { Seed(c); Seed((rows - 1) * cols + c); }
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            int r = p / cols, c = p % cols;
            if (r > 0) Seed(p - cols); if (r < rows - 1) Seed(p + cols);
            if (c > 0) Seed(p - 1); if (c < cols - 1) Seed(p + 1);
        }
        var filled = new bool[mask.Length];
        for (var i = 0; i < mask.Length; i++) filled[i] = !outside[i];
        return filled;
        void Seed(int q) { if (!mask[q] && !outside[q]) { outside[q] = true; stack.Push(q); } }
    }
}
