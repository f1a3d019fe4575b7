using System.Numerics;
using Photopeak.Procedures.CardiacSpect;
using Photopeak.Reconstruction;
using Photopeak.Reconstruction.Filtering;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>
/// Finds focal uptake in a day's volume: the smoothed volume minus its grey opening (the white top-hat) keeps what is
/// narrower than the opening cube, so organs (liver, spleen) and the body background drop out; a focus is a local maximum of
/// the top-hat that stands <see cref="MinimumSignificance"/> noise SDs above it and at least <see cref="MinimumContrast"/>
/// above its local background. A focus whose half-maximum region reaches further than <see cref="MaximumFocalExtentMm"/>
/// from its peak is extended (a myocardial wall, bowel, an organ rim) and is set aside as physiological uptake.
/// </summary>
public static class LesionDetection
{
    /// <summary>Half-side of the opening cube, mm: spheres up to 50 mm across are kept whole in the top-hat.</summary>
    public const double OpeningRadiusMm = 25;
    /// <summary>Peak top-hat / noise SD to call a focus [?: our choice, set on simulated studies for no false focus per area].</summary>
    public const double MinimumSignificance = 6;
    /// <summary>Peak above background / background (top-hat / opening at the peak) to call a focus.</summary>
    public const double MinimumContrast = 0.5;
    /// <summary>Half-maximum region reaching further than this from the peak = extended, not a focal lesion, mm.</summary>
    public const double MaximumFocalExtentMm = 35;
    /// <summary>VOI: voxels connected to the peak above background + this fraction of (peak − background) of the smoothed volume.</summary>
    public const double VoiThresholdFraction = 0.42;
    /// <summary>Highest VOI threshold fraction tried to separate a focus from an adjacent hot organ (in steps of 0.06).</summary>
    public const double MaximumVoiThresholdFraction = 0.78;
    /// <summary>Smoothing before detection, mm FWHM (at least 1.5 voxels).</summary>
    public const double DetectionSmoothingMm = 8;
    /// <summary>Margin round the VOI for the lesion's activity, mm: about one system FWHM of a medium-energy SPECT.</summary>
    public const double ActivityMarginMm = 12;
    /// <summary>Thickness of the background shell beyond the activity margin, mm.</summary>
    public const double BackgroundShellMm = 10;
    /// <summary>Volume of the SUVpeak sphere, ml [Wahl2009 PERCIST: 1 cm³].</summary>
    public const double PeakSphereMl = 1;

    /// <summary>What the detection saw, for the report's images: the smoothed volume and its top-hat.</summary>
    public sealed record Maps(Volume3D Smoothed, Volume3D TopHat, double NoiseSd);

    /// <summary>Detects lesions in <paramref name="day"/>; ids continue from <paramref name="firstId"/>. With
    /// <paramref name="edited"/> (the user's lesions from <c>--rois</c>), no search is made: each edited lesion is measured
    /// from the hottest voxel within its radius, keeping its id, and lesions the user removed are not reported.</summary>
    public static (List<Lesion> Lesions, List<PhysiologicalUptake> Physiological, Maps Maps) Detect(TumourVolume day, int firstId = 1,
        IReadOnlyList<EditedLesion>? edited = null)
    {
        var pv = day.Volume;
        var v = pv.Volume;
        int nx = v.SizeX, ny = v.SizeY, nz = v.SizeZ;
        var smoothed = GaussianFilter3D.Apply(v, Math.Max(DetectionSmoothingMm, 1.5 * v.VoxelSizeXMm));
        var opened = VolumeMorphology.Opening(smoothed, OpeningRadiusMm);
        var s = smoothed.Voxels; var o = opened.Voxels;
        var t = new float[s.Length];
        for (var i = 0; i < t.Length; i++) t[i] = Math.Max(0, s[i] - o[i]);
        var topHat = v with { Voxels = t };

        // Body: above 15 % of the 90th percentile of the smoothed volume; the noise of the top-hat from its body voxels.
        var p90 = Percentile(s, 0.90);
        var bodyLevel = 0.15f * p90;
        var bodyValues = new List<float>();
        for (var i = 0; i < s.Length; i++) if (s[i] > bodyLevel) bodyValues.Add(t[i]);
        if (bodyValues.Count < 1000 && edited is null) return ([], [], new Maps(smoothed, topHat, 0));
        if (bodyValues.Count == 0) bodyValues.Add(0);
        var tb = bodyValues.ToArray();
        var median = Percentile(tb, 0.5);
        for (var i = 0; i < tb.Length; i++) tb[i] = Math.Abs(tb[i] - median);
        var sd = 1.4826 * Percentile(tb, 0.5);
        // Counting noise grows with the square root of the local level: the SD measured over the body is scaled by
        // √(local background / median background), so a bump in the liver needs more counts than one in soft tissue.
        var backgrounds = new List<float>();
        for (var i = 0; i < s.Length; i++) if (s[i] > bodyLevel) backgrounds.Add(o[i]);
        var medianBackground = Math.Max(Percentile(backgrounds.ToArray(), 0.5), 1e-12f);
        double Significance(int i) => sd > 0 ? (t[i] - median) / (sd * Math.Sqrt(Math.Max(o[i], medianBackground) / medianBackground)) : double.PositiveInfinity;

        var candidates = new List<int>();
        for (var z = 1; z < nz - 1 && edited is null; z++)
        for (var y = 1; y < ny - 1; y++)
        for (var x = 1; x < nx - 1; x++)
        {
            var i = v.Index(x, y, z);
            if (t[i] <= median || s[i] <= bodyLevel || Significance(i) < MinimumSignificance || t[i] < MinimumContrast * o[i] || !IsLocalMaximum(t, i, nx, nx * ny)) continue;
            candidates.Add(i);
        }
        candidates.Sort((a, b) => t[b].CompareTo(t[a]));

        var claimed = new bool[t.Length];
        var lesions = new List<Lesion>();
        var physiological = new List<PhysiologicalUptake>();
        double voxelMl = v.VoxelVolumeMl;
        foreach (var e in edited ?? [])
        {
            var peak = HottestWithin(s, pv, e.CentreMm, e.RadiusMm)
                ?? throw new ProcedureInputException(FormattableString.Invariant($"lesion ROI '{e.Id}' (--rois): centre ({e.CentreMm.X:0}, {e.CentreMm.Y:0}, {e.CentreMm.Z:0}) mm with radius {e.RadiusMm:0} mm lies outside the day {day.Day} volume"));
            var region = Grow(t, peak, Math.Max(t[peak] * 0.5f, float.Epsilon), nx, ny, nz, v, MaximumFocalExtentMm * 2);
            foreach (var i in region.Voxels) claimed[i] = true;
            Measure(peak, e.Id, region.Voxels, edited: true);
        }
        foreach (var peak in candidates)
        {
            if (claimed[peak]) continue;
            var (_, _, pz) = Coordinates(peak, nx, ny);
            var region = Grow(t, peak, t[peak] * 0.5f, nx, ny, nz, v, MaximumFocalExtentMm * 2);
            foreach (var i in region.Voxels) claimed[i] = true;
            if (region.ExtentMm > MaximumFocalExtentMm)
            {
                physiological.Add(new PhysiologicalUptake(day.Day, Centroid(region.Voxels, t, pv, nx, ny), region.Voxels.Count * voxelMl, region.ExtentMm));
                continue;
            }
            // The axial end slices of the joined volume carry the reconstruction's edge artefacts.
            if (pz < 2 || pz > nz - 3) continue;
            // A focus beside a hot organ (a node by the liver) has a VOI that runs on into the organ: its threshold is raised
            // until the VOI separates from it. A focus that never separates below MaximumVoiThresholdFraction is the organ's
            // own rim or tip (the liver's edge under In-111 pentetreotide passes the top-hat): physiological, not a lesion.
            var voi = Voi(peak, VoiThresholdFraction);
            for (var f = VoiThresholdFraction + 0.06; voi.ExtentMm > 2 * MaximumFocalExtentMm && f <= MaximumVoiThresholdFraction + 1e-9; f += 0.06)
                voi = Voi(peak, f);
            if (voi.ExtentMm > 2 * MaximumFocalExtentMm)
            {
                physiological.Add(new PhysiologicalUptake(day.Day, Centroid(region.Voxels, t, pv, nx, ny), voi.Voxels.Count * voxelMl, voi.ExtentMm)
                    { Reason = PhysiologicalReason.OrganRim });
                continue;
            }
            Measure(peak, $"L{firstId + lesions.Count}", region.Voxels, edited: false, voi.Voxels);
        }
        return (lesions, physiological, new Maps(smoothed, topHat, sd));

        (List<int> Voxels, double ExtentMm) Voi(int peak, double fraction) =>
            Grow(s, peak, (float)(o[peak] + fraction * (s[peak] - o[peak])), nx, ny, nz, v, MaximumFocalExtentMm * 2);

        void Measure(int peak, string id, List<int> regionVoxels, bool edited, List<int>? voiVoxels = null)
        {
            var centre = Centroid(regionVoxels, t, pv, nx, ny);
            var voi = voiVoxels ?? Voi(peak, VoiThresholdFraction).Voxels;
            // Background for LBR and activity: median of a 10 mm shell beyond the activity margin, other foci left out. The grey
            // opening (a minimum of noisy values, then a maximum) reads low and serves detection only.
            var own = new HashSet<int>(regionVoxels);
            own.UnionWith(voi);
            var inner = Grown(v, voi, ActivityMarginMm, claimed, own, nx, ny, nz);
            var shell = Grown(v, voi, ActivityMarginMm + BackgroundShellMm, claimed, own, nx, ny, nz);
            shell.ExceptWith(inner);
            // Only the body counts: beside the skin (a subcutaneous node, a flank lesion) the margin and shell reach into the
            // air around the patient, whose zeros would lower the background and subtract it where there is no tissue.
            inner.RemoveWhere(j => s[j] <= bodyLevel);
            shell.RemoveWhere(j => s[j] <= bodyLevel);
            var background = shell.Count > 0 ? Percentile(shell.Select(j => v.Voxels[j]).ToArray(), 0.5) : o[peak];
            double max = 0, sum = 0;
            foreach (var i in voi) { max = Math.Max(max, v.Voxels[i]); sum += v.Voxels[i]; }
            var peakMean = PeakSphereMean(v, voi, nx, ny, nz);
            var lbr = background > 0 ? peakMean / background : double.PositiveInfinity;
            lesions.Add(new Lesion(id, day.Day, centre, "", voi.Count * voxelMl, lbr)
            {
                Significance = Significance(peak), Edited = edited,
                MaxKBqPerMl = day.Unit == "Bq/ml" ? max / 1000 : null,
                MeanKBqPerMl = day.Unit == "Bq/ml" ? sum / voi.Count / 1000 : null,
                PeakKBqPerMl = day.Unit == "Bq/ml" ? peakMean / 1000 : null,
                ActivityKBq = day.Unit == "Bq/ml" ? inner.Sum(j => v.Voxels[j] - background) * voxelMl / 1000 : null,
            });
        }
    }

    /// <summary>Index of the largest value within <paramref name="radiusMm"/> of <paramref name="centre"/>, or null when no voxel is.</summary>
    private static int? HottestWithin(float[] values, PatientVolume pv, Vector3 centre, double radiusMm)
    {
        var v = pv.Volume;
        var (cx, cy, cz) = pv.IndexOf(centre);
        if (!double.IsFinite(cx) || !double.IsFinite(cy) || !double.IsFinite(cz) || !(radiusMm > 0) || radiusMm > 200) return null;
        int rx = (int)Math.Ceiling(radiusMm / v.VoxelSizeXMm), ry = (int)Math.Ceiling(radiusMm / v.VoxelSizeYMm), rz = (int)Math.Ceiling(radiusMm / v.VoxelSizeZMm);
        int? best = null;
        for (var z = Math.Max(0, (int)Math.Round(cz) - rz); z <= Math.Min(v.SizeZ - 1, (int)Math.Round(cz) + rz); z++)
        for (var y = Math.Max(0, (int)Math.Round(cy) - ry); y <= Math.Min(v.SizeY - 1, (int)Math.Round(cy) + ry); y++)
        for (var x = Math.Max(0, (int)Math.Round(cx) - rx); x <= Math.Min(v.SizeX - 1, (int)Math.Round(cx) + rx); x++)
        {
            if (Sq((x - cx) * v.VoxelSizeXMm) + Sq((y - cy) * v.VoxelSizeYMm) + Sq((z - cz) * v.VoxelSizeZMm) > radiusMm * radiusMm) continue;
            var i = v.Index(x, y, z);
            if (best is null || values[i] > values[best.Value]) best = i;
        }
        return best;
    }

    /// <summary>Voxels within <paramref name="marginMm"/> of the VOI that belong to no other focus.</summary>
    private static HashSet<int> Grown(Volume3D v, List<int> voi, double marginMm, bool[] claimed, HashSet<int> own, int nx, int ny, int nz)
    {
        int rx = (int)Math.Ceiling(marginMm / v.VoxelSizeXMm), ry = (int)Math.Ceiling(marginMm / v.VoxelSizeYMm), rz = (int)Math.Ceiling(marginMm / v.VoxelSizeZMm);
        var grown = new HashSet<int>();
        foreach (var i in voi)
        {
            var (x, y, z) = Coordinates(i, nx, ny);
            for (var dz = -rz; dz <= rz; dz++)
            for (var dy = -ry; dy <= ry; dy++)
            for (var dx = -rx; dx <= rx; dx++)
            {
                int xx = x + dx, yy = y + dy, zz = z + dz;
                if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
                if (Sq(dx * v.VoxelSizeXMm) + Sq(dy * v.VoxelSizeYMm) + Sq(dz * v.VoxelSizeZMm) > marginMm * marginMm) continue;
                var j = v.Index(xx, yy, zz);
                if (!claimed[j] || own.Contains(j)) grown.Add(j);
            }
        }
        return grown;
    }

    private static bool IsLocalMaximum(float[] t, int i, int sy, int sz)
    {
        var c = t[i];
        for (var dz = -1; dz <= 1; dz++)
        for (var dy = -1; dy <= 1; dy++)
        for (var dx = -1; dx <= 1; dx++)
        {
            if (dx == 0 && dy == 0 && dz == 0) continue;
            var j = i + dz * sz + dy * sy + dx;
            // Ties go to the lower index, so a flat top yields one maximum.
            if (t[j] > c || (t[j] == c && j < i)) return false;
        }
        return true;
    }

    private static (int X, int Y, int Z) Coordinates(int i, int nx, int ny) => (i % nx, i / nx % ny, i / (nx * ny));

    /// <summary>Voxels 6-connected to <paramref name="seed"/> with values at or above <paramref name="level"/>, within
    /// <paramref name="limitMm"/> of it, and the furthest distance reached (mm).</summary>
    private static (List<int> Voxels, double ExtentMm) Grow(float[] values, int seed, float level, int nx, int ny, int nz, Volume3D v, double limitMm)
    {
        var (sx, sy, sz) = Coordinates(seed, nx, ny);
        var seen = new HashSet<int> { seed };
        var queue = new Queue<int>();
        queue.Enqueue(seed);
        var result = new List<int>();
        double extent = 0;
        Span<int> steps = [1, -1, nx, -nx, nx * ny, -nx * ny];
        while (queue.Count > 0)
        {
            var i = queue.Dequeue();
            result.Add(i);
            var (x, y, z) = Coordinates(i, nx, ny);
            double d = Math.Sqrt(Sq((x - sx) * v.VoxelSizeXMm) + Sq((y - sy) * v.VoxelSizeYMm) + Sq((z - sz) * v.VoxelSizeZMm));
            extent = Math.Max(extent, d);
            if (d > limitMm) continue;
            foreach (var step in steps)
            {
                var j = i + step;
                if (j < 0 || j >= values.Length) continue;
                var (jx, jy, _) = Coordinates(j, nx, ny);
                if (Math.Abs(jx - x) + Math.Abs(jy - y) > 1) continue; // wrapped round a row or slice edge
                if (values[j] >= level && seen.Add(j)) queue.Enqueue(j);
            }
        }
        return (result, extent);
    }

    private static double Sq(double a) => a * a;

    private static Vector3 Centroid(List<int> voxels, float[] weights, PatientVolume pv, int nx, int ny)
    {
        double w = 0, cx = 0, cy = 0, cz = 0;
        foreach (var i in voxels)
        {
            var (x, y, z) = Coordinates(i, nx, ny);
            w += weights[i]; cx += weights[i] * x; cy += weights[i] * y; cz += weights[i] * z;
        }
        if (!(w > 0))
        {
            // A flat top-hat (an edited lesion on a plateau): the first voxel, the peak the region grew from.
            var (x, y, z) = Coordinates(voxels[0], nx, ny);
            return pv.PositionMm(x, y, z);
        }
        return pv.PositionMm(cx / w, cy / w, cz / w);
    }

    /// <summary>The largest mean over a sphere of <see cref="PeakSphereMl"/> centred on a VOI voxel (SUVpeak's sphere).</summary>
    private static double PeakSphereMean(Volume3D v, List<int> voi, int nx, int ny, int nz)
    {
        double radiusMm = Math.Cbrt(3 * PeakSphereMl * 1000 / (4 * Math.PI));
        int rx = (int)Math.Ceiling(radiusMm / v.VoxelSizeXMm), ry = (int)Math.Ceiling(radiusMm / v.VoxelSizeYMm), rz = (int)Math.Ceiling(radiusMm / v.VoxelSizeZMm);
        double best = 0;
        foreach (var i in voi)
        {
            var (x, y, z) = Coordinates(i, nx, ny);
            double sum = 0; int n = 0;
            for (var dz = -rz; dz <= rz; dz++)
            for (var dy = -ry; dy <= ry; dy++)
            for (var dx = -rx; dx <= rx; dx++)
            {
                int xx = x + dx, yy = y + dy, zz = z + dz;
                if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
                if (Sq(dx * v.VoxelSizeXMm) + Sq(dy * v.VoxelSizeYMm) + Sq(dz * v.VoxelSizeZMm) > radiusMm * radiusMm) continue;
                sum += v[xx, yy, zz]; n++;
            }
            if (n > 0) best = Math.Max(best, sum / n);
        }
        return best;
    }

    private static float Percentile(float[] values, double q)
    {
        var copy = (float[])values.Clone();
        Array.Sort(copy);
        return copy[(int)Math.Clamp(Math.Round(q * (copy.Length - 1)), 0, copy.Length - 1)];
    }
}
