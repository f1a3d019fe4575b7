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
    /// between the first and last bin whose counts exceed <paramref name="thresholdFraction"/> of that view's maximum.
    /// Returns a 0/1 mask on the reconstruction grid.
    /// </summary>
    public static Volume3D BodyContourFromProjections(ProjectionSet projections, double thresholdFraction = 0.05, int viewStride = 2)
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
        for (int k = 0; k < selected.Count; k++)
        {
            int v = selected[k];
            var view = projections.Counts.AsSpan(v * nz * n, nz * n);
            float max = 0;
            foreach (var c in view) max = Math.Max(max, c);
            float threshold = (float)(thresholdFraction * max);
            for (int z = 0; z < nz; z++)
            {
                var row = view.Slice(z * n, n);
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
            double a = g.ViewAngleDeg(selected[k]) * Math.PI / 180;
            (cos[k], sin[k]) = (Math.Cos(a), Math.Sin(a));
        }
        Parallel.For(0, nz, z =>
        {
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                {
                    bool inside = true;
                    for (int k = 0; k < selected.Count && inside; k++)
                    {
                        double bin = centre + cor + (x - centre) * cos[k] + (y - centre) * sin[k];
                        inside = bin >= lo[k, z] - 0.5 && bin <= hi[k, z] + 0.5;
                    }
                    if (inside) mask[x, y, z] = 1;
                }
        });
        return mask;
    }

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
