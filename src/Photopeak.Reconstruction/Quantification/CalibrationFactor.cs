using System.Numerics.Tensors;

namespace Photopeak.Reconstruction.Quantification;

/// <summary>
/// SPECT calibration factor of one system, nuclide and reconstruction protocol: the decay-corrected count rate in a VOI
/// of a uniform cylinder reconstructed with that protocol per MBq inside the VOI, CF [cps/MBq], so that
/// C [Bq/ml] = voxel rate / (CF · V_voxel[ml]) · 1e6 and A [MBq] = Σ rate / CF (CLINICAL §4)
/// [Dickson2023][Ljungberg2016][Bailey2013]. Systematic biases of the protocol (e.g. TEW's scatter over-estimate) are in
/// the factor and largely cancel when it is applied to a reconstruction made the same way; with another protocol they do not.
/// </summary>
/// <param name="CountsPerSecondPerMBq">CF, cps per MBq (count rate at the scan start per activity at the scan start).</param>
/// <param name="Method">Interior (concentration) or enclosing (total-count) VOI.</param>
/// <param name="VoiVoxels">Voxels in the calibration VOI (the whole volume for total counts).</param>
/// <param name="VoiCoefficientOfVariationPercent">SD / mean of the voxel values in the interior VOI, % (uniformity and
/// noise QC); null for total counts.</param>
public sealed record CalibrationFactor(double CountsPerSecondPerMBq, CalibrationMethod Method, int VoiVoxels, double? VoiCoefficientOfVariationPercent)
{
    /// <summary>Concentration CF from a VOI inside the cylinder (e.g. <see cref="CylinderVoi.Shrunk"/> by 20 mm):
    /// <paramref name="activityAtScanStartMBq"/> (dose-calibrator assay decayed to the scan start) over the phantom's inner
    /// <paramref name="cylinderVolumeMl"/> is the concentration; CF = mean voxel rate / (C · V_voxel).</summary>
    public static CalibrationFactor FromUniformCylinder(Volume3D reconstruction, CylinderVoi insideVoi, double activityAtScanStartMBq,
        double cylinderVolumeMl, AcquisitionTiming timing)
    {
        if (!(activityAtScanStartMBq > 0)) throw new ArgumentException($"cylinder activity must be positive, got {activityAtScanStartMBq} MBq");
        if (!(cylinderVolumeMl > 0)) throw new ArgumentException($"cylinder volume must be positive, got {cylinderVolumeMl} ml");
        var (sum, n, cov) = VoiStatistics(reconstruction, insideVoi);
        double activityInVoiMBq = activityAtScanStartMBq / cylinderVolumeMl * n * reconstruction.VoxelVolumeMl; // MBq/ml × ml
        return new CalibrationFactor(timing.Validate().DecayCorrectedCountsPerSecond(sum) / activityInVoiMBq, CalibrationMethod.Concentration, n, cov);
    }

    /// <summary>Total-count CF: every count of the reconstruction (the cylinder is the only source, and its scatter and
    /// resolution tails reach well beyond its wall) over <paramref name="activityInFieldOfViewMBq"/>, the phantom's activity
    /// at the scan start inside the detector's axial field of view (all of it when the phantom is shorter). Pairs with
    /// <see cref="TotalActivityMBq"/>, which sums the same way.</summary>
    public static CalibrationFactor FromTotalCounts(Volume3D reconstruction, double activityInFieldOfViewMBq, AcquisitionTiming timing)
    {
        if (!(activityInFieldOfViewMBq > 0)) throw new ArgumentException($"cylinder activity must be positive, got {activityInFieldOfViewMBq} MBq");
        double sum = reconstruction.Sum();
        if (!(sum > 0)) throw new ArgumentException("the reconstructed calibration volume holds no counts");
        return new CalibrationFactor(timing.Validate().DecayCorrectedCountsPerSecond(sum) / activityInFieldOfViewMBq, CalibrationMethod.TotalCounts,
            reconstruction.Voxels.Length, null);
    }

    /// <summary>Activity concentration at the scan start, Bq/ml, of a voxel value (counts per view):
    /// C = rate / (CF · V_voxel[ml]) · 1e6 (CLINICAL §4).</summary>
    public double ConcentrationBqPerMl(double countsPerView, double voxelVolumeMl, AcquisitionTiming timing) =>
        timing.DecayCorrectedCountsPerSecond(countsPerView) / (CountsPerSecondPerMBq * voxelVolumeMl) * 1e6;

    /// <summary>The volume in Bq/ml at the scan start (for RECON TOMO with Real World Value unit Bq/ml).</summary>
    public Volume3D ConcentrationVolumeBqPerMl(Volume3D reconstruction, AcquisitionTiming timing)
    {
        float scale = (float)ConcentrationBqPerMl(1, reconstruction.VoxelVolumeMl, timing.Validate());
        var result = reconstruction with { Voxels = new float[reconstruction.Voxels.Length] };
        TensorPrimitives.Multiply(reconstruction.Voxels, scale, result.Voxels);
        return result;
    }

    /// <summary>Activity at the scan start, MBq, of the whole reconstructed volume: Σ rate / CF.</summary>
    public double TotalActivityMBq(Volume3D reconstruction, AcquisitionTiming timing) =>
        timing.Validate().DecayCorrectedCountsPerSecond(reconstruction.Sum()) / CountsPerSecondPerMBq;

    private static (double Sum, int Voxels, double CoefficientOfVariationPercent) VoiStatistics(Volume3D volume, CylinderVoi voi)
    {
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int z = 0; z < volume.SizeZ; z++)
            for (int y = 0; y < volume.SizeY; y++)
                for (int x = 0; x < volume.SizeX; x++)
                {
                    if (!voi.Contains(volume, x, y, z)) continue;
                    double v = volume[x, y, z];
                    sum += v; sumSq += v * v; n++;
                }
        if (n == 0) throw new ArgumentException($"the calibration VOI {voi} holds no voxel of the {volume.SizeX}x{volume.SizeY}x{volume.SizeZ} volume");
        if (!(sum > 0)) throw new ArgumentException($"the calibration VOI {voi} holds no counts");
        double mean = sum / n;
        return (sum, n, 100 * Math.Sqrt(Math.Max(0, sumSq / n - mean * mean)) / mean);
    }
}
