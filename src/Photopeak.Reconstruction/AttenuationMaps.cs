using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction;

/// <summary>μ-maps (1/mm, reconstruction grid) for attenuation modelling: uniform inside a body contour, or the contour itself.</summary>
public static class AttenuationMaps
{
    /// <summary>Narrow-beam μ of water at 140 keV (Tc-99m): 0.1538 cm²/g × 1 g/cm³ = 0.01538 /mm (NIST XCOM).</summary>
    public const double WaterAt140KeVPerMm = 0.01538;

    /// <summary>Broad-beam μ commonly used with first-order Chang correction at 140 keV without scatter correction: 0.12 /cm [Chang1978].</summary>
    public const double BroadBeamWaterAt140KeVPerMm = 0.012;

    /// <summary>μ-map with <paramref name="muPerMm"/> wherever <paramref name="bodyMask"/> is non-zero.</summary>
    public static Volume3D Uniform(Volume3D bodyMask, double muPerMm)
    {
        var mu = bodyMask with { Voxels = new float[bodyMask.Voxels.Length] };
        for (int i = 0; i < mu.Voxels.Length; i++) mu.Voxels[i] = bodyMask.Voxels[i] != 0 ? (float)muPerMm : 0f;
        return mu;
    }

    /// <summary>
    /// Convex body contour found from the projections: in each slice, the intersection over views of the strips
    /// between the first and last bin whose counts (separable 3 × 3 median) exceed <paramref name="thresholdFraction"/> of that view's
    /// maximum above its pedestal (the mean count of its lowest 10 %).
    /// Returns a 0/1 mask on the reconstruction grid.
    /// </summary>
    public static Volume3D BodyContourFromProjections(ProjectionSet projections, double thresholdFraction = 0.08, int viewStride = 2)
    {
        projections.Validate();
        var g = projections.Geometry;
        int n = g.Bins, nz = g.Rows;
        var mask = projections.CreateVolume();
        var selected = new List<int>();
        for (int v = 0; v < g.NumberOfViews; v += Math.Max(1, viewStride)) selected.Add(v);
        // Per view and row: first and last bin above threshold (lo > hi marks an empty row).
        var lo = new int[selected.Count, nz];
        var hi = new int[selected.Count, nz];
        // A separable 3 × 3 median (3 bins, then 3 rows) before thresholding: an isolated count of the scatter and
        // septal-penetration tails outside the body, or a single noise count, would otherwise push the edge outwards;
        // unlike a mean, the median does not move a true edge.
        var across = new float[nz * n];
        var smooth = new float[nz * n];
        var sorted = new float[nz * n];
        for (int k = 0; k < selected.Count; k++)
        {
            int v = selected[k];
            var view = projections.Counts.AsSpan(v * nz * n, nz * n);
            for (int z = 0; z < nz; z++)
                for (int b = 0; b < n; b++)
                    across[z * n + b] = Median3(b > 0 ? view[z * n + b - 1] : 0, view[z * n + b], b < n - 1 ? view[z * n + b + 1] : 0);
            float max = 0;
            for (int z = 0; z < nz; z++)
                for (int b = 0; b < n; b++)
                {
                    var m = Median3(across[Math.Max(0, z - 1) * n + b], across[z * n + b], across[Math.Min(nz - 1, z + 1) * n + b]);
                    smooth[z * n + b] = m;
                    if (m > max) max = m;
                }
            // Above the pedestal that I-123 septal penetration spreads over the whole detector: the mean raw count of the 10 %
            // of pixels lowest after the median. A mean, not a percentile of medians, so that sub-count levels (noiseless or
            // low-count data) give the same pedestal in proportion to the counts, and the contour does not change with activity.
            smooth.CopyTo(sorted, 0);
            Array.Sort(sorted);
            float cut = sorted[sorted.Length / 10];
            double pedestalSum = 0; int pedestalCount = 0;
            for (int i = 0; i < smooth.Length; i++)
                if (smooth[i] <= cut) { pedestalSum += view[i]; pedestalCount++; }
            float pedestal = pedestalCount > 0 ? (float)(pedestalSum / pedestalCount) : 0;
            float threshold = (float)(pedestal + thresholdFraction * (max - pedestal));
            for (int z = 0; z < nz; z++)
            {
                var row = smooth.AsSpan(z * n, n);
                int first = 0, last = n - 1;
                while (first < n && !(row[first] > threshold)) first++;
                while (last >= 0 && !(row[last] > threshold)) last--;
                (lo[k, z], hi[k, z]) = (first, last);
            }
        }
        float centre = (n - 1) / 2f, cor = (float)(g.CenterOfRotationOffsetMm / g.PixelSpacingMm);
        var cos = new double[selected.Count];
        var sin = new double[selected.Count];
        for (int k = 0; k < selected.Count; k++)
        {
            (cos[k], sin[k]) = g.BinAxis(selected[k]);
        }
        Parallel.For(0, nz, z =>
        {
            // A row empty in a minority of views (a low-count end slice, one noisy view) does not constrain the slice: the
            // intersection would otherwise lose the whole slice's attenuation. Empty in most views, the slice is outside the body.
            int empty = 0;
            for (int k = 0; k < selected.Count; k++) if (lo[k, z] > hi[k, z]) empty++;
            if (2 * empty >= selected.Count) return;
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                {
                    bool inside = true;
                    for (int k = 0; k < selected.Count && inside; k++)
                    {
                        if (lo[k, z] > hi[k, z]) continue;
                        double bin = centre + cor + (x - centre) * cos[k] + (y - centre) * sin[k];
                        inside = bin >= lo[k, z] - 0.5 && bin <= hi[k, z] + 0.5;
                    }
                    if (inside) mask[x, y, z] = 1;
                }
        });
        return mask;
    }

    private static float Median3(float a, float b, float c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    /// <summary>0/1 mask of an elliptical cylinder along z (semi-axes and centre in mm from the volume centre), for a given contour.</summary>
    public static Volume3D EllipticalContour(SpectGeometry geometry, double semiAxisXMm, double semiAxisYMm, double centreXMm = 0, double centreYMm = 0)
    {
        var mask = new ProjectionSet(geometry).CreateVolume();
        double c = (geometry.Bins - 1) / 2.0, p = geometry.PixelSpacingMm;
        for (int z = 0; z < mask.SizeZ; z++)
            for (int y = 0; y < mask.SizeY; y++)
                for (int x = 0; x < mask.SizeX; x++)
                {
                    double dx = ((x - c) * p - centreXMm) / semiAxisXMm, dy = ((y - c) * p - centreYMm) / semiAxisYMm;
                    if (dx * dx + dy * dy <= 1) mask[x, y, z] = 1;
                }
        return mask;
    }
}
