namespace Photopeak.Reconstruction;

/// <summary>
/// μ-map (1/mm) on the reconstruction grid from a CT of the same frame of reference: CT numbers converted at the photon
/// energy by the bilinear water–bone model [Brown2008] — μ = μ_w (1 + HU/1000) up to 0 HU (air–water mixtures), and
/// μ = μ_w + HU (μ_b − μ_w) / HU_b above (water–cortical bone mixtures) — averaged over each SPECT voxel (3³ samples).
/// </summary>
public static class CtAttenuationMap
{
    /// <summary>CT number of cortical bone (ICRU-44, 1.92 g/cm³) at a 120 kVp effective energy, HU [?: scanner-dependent, 1500–1900].</summary>
    public const double CorticalBoneHu = 1600;
    private const double CorticalBoneDensity = 1.92;

    // Mass attenuation with coherent scattering, cm²/g, NIST XCOM: water and cortical bone (ICRU-44); log-log interpolated.
    private static readonly (double KeV, double Water, double Bone)[] Table =
    [
        (60, 0.2059, 0.3148), (80, 0.1837, 0.2229), (100, 0.1707, 0.1855), (150, 0.1505, 0.1480), (200, 0.1370, 0.1309),
        (300, 0.1186, 0.1113), (400, 0.1061, 0.0994), (500, 0.0969, 0.0905),
    ];

    /// <summary>μ of water and of cortical bone at <paramref name="keV"/>, 1/mm.</summary>
    public static (double Water, double Bone) MuPerMm(double keV)
    {
        if (!(keV >= Table[0].KeV && keV <= Table[^1].KeV))
            throw new ArgumentOutOfRangeException(nameof(keV), keV, $"the attenuation table covers {Table[0].KeV}–{Table[^1].KeV} keV");
        var i = 1;
        while (i < Table.Length - 1 && keV > Table[i].KeV) i++;
        var (e0, w0, b0) = Table[i - 1];
        var (e1, w1, b1) = Table[i];
        var f = Math.Log(keV / e0) / Math.Log(e1 / e0);
        return (Math.Exp(Math.Log(w0) + f * Math.Log(w1 / w0)) / 10, Math.Exp(Math.Log(b0) + f * Math.Log(b1 / b0)) * CorticalBoneDensity / 10);
    }

    /// <summary>μ per mm of one CT number, given water and cortical bone μ at the photon energy (bilinear model; below −1000 HU is air).</summary>
    public static double FromHounsfield(double hu, double waterPerMm, double bonePerMm) =>
        hu <= 0 ? waterPerMm * Math.Max(0, 1 + hu / 1000) : waterPerMm + hu * (bonePerMm - waterPerMm) / CorticalBoneHu;

    /// <summary>The μ-map on <paramref name="grid"/> (centred at <paramref name="gridCentreMm"/>) from CT numbers
    /// <paramref name="hounsfield"/> centred at <paramref name="ctCentreMm"/> (both: x left, y posterior, slice 0 superior);
    /// outside the CT is air.</summary>
    public static Volume3D Build(Volume3D hounsfield, (double X, double Y, double Z) ctCentreMm, Volume3D grid, (double X, double Y, double Z) gridCentreMm, double keV)
    {
        var (water, bone) = MuPerMm(keV);
        var mu = grid with { Voxels = new float[grid.Voxels.Length] };
        Parallel.For(0, grid.SizeZ, z =>
        {
            for (var y = 0; y < grid.SizeY; y++)
            for (var x = 0; x < grid.SizeX; x++)
            {
                double sum = 0;
                for (var sz = -1; sz <= 1; sz++)
                for (var sy = -1; sy <= 1; sy++)
                for (var sx = -1; sx <= 1; sx++)
                {
                    double px = gridCentreMm.X + (x + sx / 3.0 - (grid.SizeX - 1) / 2.0) * grid.VoxelSizeXMm;
                    double py = gridCentreMm.Y + (y + sy / 3.0 - (grid.SizeY - 1) / 2.0) * grid.VoxelSizeYMm;
                    double pz = gridCentreMm.Z - (z + sz / 3.0 - (grid.SizeZ - 1) / 2.0) * grid.VoxelSizeZMm;
                    sum += FromHounsfield(Sample(hounsfield, ctCentreMm, px, py, pz), water, bone);
                }
                mu[x, y, z] = (float)(sum / 27);
            }
        });
        return mu;
    }

    // Trilinear CT number at a patient position; −1000 (air) outside.
    private static double Sample(Volume3D v, (double X, double Y, double Z) c, double px, double py, double pz)
    {
        double fx = (px - c.X) / v.VoxelSizeXMm + (v.SizeX - 1) / 2.0;
        double fy = (py - c.Y) / v.VoxelSizeYMm + (v.SizeY - 1) / 2.0;
        double fz = -(pz - c.Z) / v.VoxelSizeZMm + (v.SizeZ - 1) / 2.0;
        if (!(fx >= 0 && fy >= 0 && fz >= 0 && fx <= v.SizeX - 1 && fy <= v.SizeY - 1 && fz <= v.SizeZ - 1)) return -1000;
        int x0 = Math.Min((int)fx, v.SizeX - 2), y0 = Math.Min((int)fy, v.SizeY - 2), z0 = Math.Min((int)fz, v.SizeZ - 2);
        if (x0 < 0 || y0 < 0 || z0 < 0) return -1000;
        double ax = fx - x0, ay = fy - y0, az = fz - z0;
        double Lerp(double a, double b, double t) => a + t * (b - a);
        double At(int dx, int dy, int dz) => v[x0 + dx, y0 + dy, z0 + dz];
        return Lerp(
            Lerp(Lerp(At(0, 0, 0), At(1, 0, 0), ax), Lerp(At(0, 1, 0), At(1, 1, 0), ax), ay),
            Lerp(Lerp(At(0, 0, 1), At(1, 0, 1), ax), Lerp(At(0, 1, 1), At(1, 1, 1), ax), ay), az);
    }
}
