using System.Numerics;

namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// Finds the left ventricle and its long axis in a transaxial SPECT volume without user input:
/// (1) a hollow-shell template (bright wall, dim cavity) scanned over the chest picks the LV cavity, which solid organs
/// such as the liver do not match; (2) count maxima along rays from there outline the wall, whose axis of rotational
/// symmetry (the inertia eigenvector with the most distinct eigenvalue) is the first long axis, pointing apex-wards to the
/// patient's left, anterior and inferior; (3) short-axis ring centres refine the axis; (4) the base is where the rings
/// fade below half the wall level, the endocardial apex one wall thickness inside the apex's outer half-maximum.
/// Same principle as the automatic LV segmentation of the Cedars QGS/QPS programs (CLINICAL §7; Germano 1995 [?]); our
/// implementation.
/// </summary>
internal static class LeftVentricleFinder
{
    private const double WallMm = 10;             // a typical LV wall thickness [?]
    private const double RayReachMm = 55;         // beyond the LV outer radius of a large heart
    private static readonly Vector3[] CoreDirections = [Vector3.UnitX, -Vector3.UnitX, Vector3.UnitY, -Vector3.UnitY, Vector3.UnitZ, -Vector3.UnitZ];
    private static readonly Vector3 ApexWards = Vector3.Normalize(new Vector3(1, -1, -1)); // patient left, anterior, inferior

    /// <summary>Finds the LV; throws <see cref="CardiacSpectException"/> when no ventricle-shaped uptake is found.</summary>
    public static LeftVentricleDetection Find(PatientVolume volume)
    {
        var warnings = new List<string>();
        var cavity = FindCavityCentre(volume);
        var (axisPoint, direction) = InitialAxis(volume, cavity);
        for (int pass = 0; pass < 2; pass++) (axisPoint, direction) = RefineAxis(volume, axisPoint, direction, -50, 60);
        // Then only the rings between base and apex: the apical cap and the valve plane have no ring to fit, and a
        // defect there would otherwise tilt the axis towards itself.
        for (int pass = 0; pass < 3; pass++)
        {
            var (trial, _, _) = BaseAndApex(volume, axisPoint, direction, []);
            double from = Vector3.Dot(trial.BaseMm - axisPoint, direction) + 4, to = Vector3.Dot(trial.ApexMm - axisPoint, direction) - 8;
            if (to - from < 16) break;
            (axisPoint, direction) = RefineAxis(volume, axisPoint, direction, from, to);
        }
        var (axis, wallLevel, cavityLevel) = BaseAndApex(volume, axisPoint, direction, warnings);
        var contrast = cavityLevel > 0 ? wallLevel / cavityLevel : double.PositiveInfinity;
        if (contrast < 1.3)
            warnings.Add($"LV wall-to-cavity contrast {contrast:0.00} is low: the ventricle is poorly seen and the automatic axis must be checked");
        return new LeftVentricleDetection(axis, wallLevel, contrast, warnings);
    }

    // Shell template: per direction the brightest of three radii (24–40 mm, any LV size), the median over 48 directions
    // (a wall all round, as a ventricle open only at its base has, not one side of an organ's edge) minus the mean of a
    // 10 mm core. Scanned every ~6 mm over the central 80% of the axial field (a cardiac acquisition is centred on the
    // heart), from 20 mm right of the axis of rotation leftwards and anterior to 40 mm behind it (the heart lies left
    // of the midline and anterior; the liver, spleen and kidneys are right, posterior or below).
    private static Vector3 FindCavityCentre(PatientVolume v)
    {
        var vol = v.Volume;
        var shell = SphereDirections(48);
        int stride = Math.Max(1, (int)Math.Round(6 / Math.Min(vol.VoxelSizeXMm, vol.VoxelSizeZMm)));
        var best = (Score: double.NegativeInfinity, P: Vector3.Zero);
        var lockObj = new object();
        var max = vol.Voxels.Max();
        if (!(max > 0)) throw new CardiacSpectException("the SPECT volume is empty");
        var zs = Enumerable.Range((int)(vol.SizeZ * 0.1), (int)(vol.SizeZ * 0.8)).Where(z => z % stride == 0).ToArray();
        Parallel.ForEach(zs, () => new float[shell.Length], (z, _, ring) =>
        {
            var local = (Score: double.NegativeInfinity, P: Vector3.Zero);
            for (int y = 0; y < vol.SizeY; y += stride)
            for (int x = 0; x < vol.SizeX; x += stride)
            {
                var p = v.PositionMm(x, y, z);
                if (p.X < v.CentreMm.X - 20 || p.Y > v.CentreMm.Y + 40) continue;
                double core = v.Sample(p);
                if (core > 0.6 * max) continue; // a cavity is never the hottest place
                for (int k = 0; k < shell.Length; k++)
                    ring[k] = Math.Max(v.Sample(p + shell[k] * 24), Math.Max(v.Sample(p + shell[k] * 32), v.Sample(p + shell[k] * 40)));
                Array.Sort(ring);
                foreach (var d in CoreDirections) core += v.Sample(p + d * 10);
                var score = ring[ring.Length / 2] - core / 7;
                if (score > local.Score) local = (score, p);
            }
            lock (lockObj) if (local.Score > best.Score) best = local;
            return ring;
        }, _ => { });
        if (!(best.Score > 0)) throw new CardiacSpectException("no hollow, ventricle-shaped uptake found in the SPECT volume");
        return best.P;
    }

    private static (Vector3 Point, Vector3 Direction) InitialAxis(PatientVolume v, Vector3 centre)
    {
        var dirs = SphereDirections(400);
        var points = new List<(Vector3 P, float C)>(dirs.Length);
        foreach (var d in dirs)
        {
            var (r, c) = v.RayMaximum(centre, d, 8, RayReachMm);
            if (c > 0) points.Add((centre + d * (float)r, c));
        }
        var level = Percentile(points.Select(p => (double)p.C), 0.9);
        var wall = points.Where(p => p.C >= 0.5 * level).Select(p => p.P).ToList();
        if (wall.Count < 20) throw new CardiacSpectException("the LV wall could not be outlined in the SPECT volume (too few bright wall points)");
        var (mean, axes, values) = PrincipalAxes.Of(wall.Select(p => (p, 1.0)).ToList());
        // Symmetry axis of a surface of revolution: the eigenvalue that differs from the other two (largest for an
        // elongated ventricle, smallest for a short wide one).
        var axis = values[0] - values[1] > values[1] - values[2] ? axes[0] : axes[2];
        if (Vector3.Dot(axis, ApexWards) < 0) axis = -axis;
        return (mean, axis);
    }

    private static (Vector3, Vector3) RefineAxis(PatientVolume v, Vector3 point, Vector3 direction, double fromMm, double toMm)
    {
        var rings = Rings(v, point, direction, fromMm, toMm);
        var level = rings.Count > 0 ? Percentile(rings.Select(r => (double)r.Median), 0.9) : 0;
        var good = rings.Where(r => r.Median >= 0.5 * level).Select(r => (r.Centre, (double)r.Median)).ToList();
        if (good.Count < 3) return (point, direction);
        var (mean, axes, _) = PrincipalAxes.Of(good);
        var axis = axes[0];
        if (Vector3.Dot(axis, direction) < 0) axis = -axis;
        // Keep the anatomical sense; a refinement that swings the axis by more than 40° is not trusted.
        return Vector3.Dot(axis, direction) > Math.Cos(40 * Math.PI / 180) ? (mean, axis) : (point, direction);
    }

    private static (LeftVentricleAxis Axis, double WallLevel, double CavityLevel) BaseAndApex(PatientVolume v, Vector3 point, Vector3 l, List<string> warnings)
    {
        const double stepMm = 2;
        var rings = Rings(v, point, l, -70, 70, stepMm);
        if (rings.Count == 0) throw new CardiacSpectException("no short-axis ring of myocardium along the LV axis");
        var wall = Percentile(rings.Select(r => (double)r.Median), 0.9);
        // Base: walking from the ring of highest count towards the base, the first ring under half the wall level.
        int peak = 0;
        for (int i = 1; i < rings.Count; i++) if (rings[i].Median > rings[peak].Median) peak = i;
        double baseS = double.NaN;
        for (int i = peak; i > 0; i--)
            if (rings[i - 1].Median < 0.5 * wall)
            {
                double a = rings[i].Median, b = rings[i - 1].Median, f = (a - 0.5 * wall) / Math.Max(1e-9, a - b);
                baseS = rings[i].S - f * stepMm;
                break;
            }
        if (double.IsNaN(baseS))
        {
            baseS = rings[0].S;
            warnings.Add("the LV base (valve plane) was not found: the myocardium does not fade towards the base within 70 mm; check the axis");
        }
        // Apex: the count peak on the axis beyond the ring of highest count lies inside the apical wall (blur of the
        // converging walls pulls it into the cavity), so the epicardial apex is taken where the counts beyond the peak fall to
        // half of it, and the endocardial apex one wall thickness before that.
        double apexPeakS = double.NaN, apexPeak = 0, cavitySum = 0; int cavityN = 0;
        // Only as far as two wall thicknesses beyond the last ring with myocardium: past an apical defect lie liver and gut.
        double lastMyocardialRing = rings.Where(r => r.Median >= 0.5 * wall).Max(r => r.S);
        for (double s = rings[peak].S; s <= lastMyocardialRing + 2 * WallMm; s += 1)
        {
            var c = v.Sample(point + l * (float)s);
            if (c > apexPeak) { apexPeak = c; apexPeakS = s; }
        }
        double endoS;
        if (apexPeak >= 0.4 * wall)
        {
            double outer = apexPeakS;
            while (outer < apexPeakS + 40 && v.Sample(point + l * (float)outer) > 0.5 * apexPeak) outer += 0.5;
            endoS = Math.Max(apexPeakS, outer - WallMm);
        }
        else
        {
            endoS = lastMyocardialRing + WallMm / 2;
            warnings.Add("no apical count peak on the LV axis (apical defect or faint apex): the apex was placed beyond the last short-axis ring with myocardium");
        }
        for (double s = baseS + 5; s < endoS - 10; s += 2) { cavitySum += v.Sample(point + l * (float)s); cavityN++; }
        if (endoS - baseS < 30) throw new CardiacSpectException($"the LV found is only {endoS - baseS:0} mm long (base to apex): not a ventricle");
        if (endoS - baseS > LeftVentricleAxis.MaximumLengthMm) throw new CardiacSpectException($"the LV found is {endoS - baseS:0} mm long (base to apex), more than {LeftVentricleAxis.MaximumLengthMm:0} mm: not a ventricle");
        var axis = new LeftVentricleAxis(point + l * (float)baseS, point + l * (float)endoS);
        return (axis, wall, cavityN > 0 ? cavitySum / cavityN : 0);
    }

    private sealed record Ring(double S, Vector3 Centre, float Median);

    // Short-axis rings along the axis: count maxima along 36 rays per slice and their median; the ring centre is a
    // least-squares circle (Kasa fit) through the maxima of the bright rays only, so a defect, whose rays find no wall,
    // neither pulls the centre nor tilts the axis.
    private static List<Ring> Rings(PatientVolume v, Vector3 point, Vector3 l, double fromMm, double toMm, double stepMm = 4)
    {
        var frame = new LeftVentricleAxis(point, point + l);
        var rings = new List<Ring>();
        const int rays = 36;
        var maxima = new float[rays]; var sorted = new float[rays];
        var u = new double[rays]; var w = new double[rays]; var bright = new double[rays]; var brightY = new double[rays];
        Vector3 ua = frame.AnteriorAxis, us = frame.SeptalAxis;
        for (double s = fromMm; s <= toMm; s += stepMm)
        {
            var c = point + l * (float)s;
            for (int k = 0; k < rays; k++)
            {
                double a = k * 2 * Math.PI / rays;
                var d = ua * (float)Math.Cos(a) + us * (float)Math.Sin(a);
                var (r, m) = v.RayMaximum(c, d, 0, RayReachMm - 5);
                maxima[k] = m; u[k] = r * Math.Cos(a); w[k] = r * Math.Sin(a);
            }
            Array.Copy(maxima, sorted, rays);
            Array.Sort(sorted);
            float median = sorted[rays / 2], top = sorted[^1];
            int n = 0;
            for (int k = 0; k < rays; k++)
                if (maxima[k] >= 0.6 * top) { bright[n] = u[k]; brightY[n] = w[k]; n++; }
            var centre = c;
            if (n >= 8 && CircleFit.Centre(bright.AsSpan(0, n), brightY.AsSpan(0, n)) is { } fit && fit.X * fit.X + fit.Y * fit.Y < 30 * 30)
                centre = c + ua * (float)fit.X + us * (float)fit.Y;
            rings.Add(new Ring(s, centre, median));
        }
        return rings;
    }

    // Fibonacci sphere: near-uniform unit directions.
    internal static Vector3[] SphereDirections(int n)
    {
        var d = new Vector3[n];
        double golden = Math.PI * (3 - Math.Sqrt(5));
        for (int i = 0; i < n; i++)
        {
            double z = 1 - 2 * (i + 0.5) / n, r = Math.Sqrt(1 - z * z), phi = golden * i;
            d[i] = new Vector3((float)(r * Math.Cos(phi)), (float)(r * Math.Sin(phi)), (float)z);
        }
        return d;
    }

    private static double Percentile(IEnumerable<double> values, double q)
    {
        var s = values.OrderBy(x => x).ToArray();
        return s.Length == 0 ? 0 : s[Math.Clamp((int)Math.Round(q * (s.Length - 1)), 0, s.Length - 1)];
    }
}
