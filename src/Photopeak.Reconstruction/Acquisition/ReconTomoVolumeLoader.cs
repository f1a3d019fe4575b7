using Photopeak.Dicom;
using Photopeak.Imaging;
using Photopeak.Imaging.Studies;

namespace Photopeak.Reconstruction.Acquisition;

/// <summary>Reads an NM RECON TOMO (or RECON GATED TOMO, first gate) object into a <see cref="Volume3D"/> whose slice 0 is
/// the most superior: frames in Slice Vector order, reversed when they are stacked towards the head.</summary>
public static class ReconTomoVolumeLoader
{
    /// <summary>
    /// Slice spacing from |Spacing Between Slices (0018,0088)|, else Slice Thickness (0018,0050); voxel values with the Real
    /// World Value Mapping slope when present (our own writer), else Rescale Slope. Slice order: the frames are stacked along
    /// sign(spacing) × (row × column of detector 1's Image Orientation) (PS3.3 C.8.4.15); without an orientation they are
    /// taken as head first.
    /// </summary>
    public static Volume3D Load(NmAcquisition acquisition)
    {
        string? src = acquisition.SourcePath;
        if (acquisition.ImageType is not (NmImageType.ReconTomo or NmImageType.ReconGatedTomo))
            throw new StudyValidationException(src, DicomTags.ImageType, $"is {acquisition.ImageType}, not RECON TOMO");
        if (acquisition.Rows is not { } rows || acquisition.Columns is not { } columns)
            throw new StudyValidationException(src, DicomTags.Rows, "Rows/Columns missing");
        if (acquisition.PixelSpacingMm is not { } spacing)
            throw new StudyValidationException(src, DicomTags.PixelSpacing, acquisition.MissingOrInvalid(DicomTags.PixelSpacing) + ": the voxel size is unknown");
        double dz = Math.Abs(acquisition.SpacingBetweenSlicesMm ?? 0);
        if (!(dz > 0)) dz = acquisition.SliceThicknessMm ?? 0;
        if (!(dz > 0)) throw new StudyValidationException(src, DicomTags.SpacingBetweenSlices, "missing, zero, and no Slice Thickness either");

        var slices = new List<(int Slice, int Frame)>();
        foreach (var f in acquisition.Frames)
            if ((f.TimeSlot ?? 1) == 1 && (f.RRInterval ?? 1) == 1) slices.Add((f.Slice ?? f.Frame + 1, f.Frame));
        slices.Sort();
        bool towardsHead = StackedTowardsHead(acquisition);
        var volume = new Volume3D(columns, rows, slices.Count, spacing.ColumnMm, spacing.RowMm, dz);
        double scale = RealWorldSlope(acquisition.File.Dataset) ?? 1;
        for (int z = 0; z < slices.Count; z++)
        {
            int target = towardsHead ? slices.Count - 1 - z : z;
            var dest = volume.Voxels.AsSpan(target * rows * columns, rows * columns);
            acquisition.GetFrame(slices[z].Frame, dest);
            if (scale != 1)
                for (int i = 0; i < dest.Length; i++) dest[i] = (float)(dest[i] * scale);
        }
        return volume;
    }

    /// <summary>Patient (LPS) position of the centre of a volume read by <see cref="Load"/>, mm: detector 1's Image Position
    /// (Patient) (the first frame's first voxel) plus half the extent along its rows, columns and the stacking direction
    /// sign(spacing) · (row × column) (PS3.3 C.8.4.15); null when Image Position or Orientation is missing.</summary>
    public static (double X, double Y, double Z)? VolumeCentreMm(NmAcquisition acquisition, Volume3D volume)
    {
        if (acquisition.Detectors.Count == 0 || acquisition.Detectors[0] is not { ImagePositionPatientMm: { Count: 3 } p, ImageOrientationPatient: { Count: 6 } o })
            return null;
        double[] row = [o[0], o[1], o[2]], column = [o[3], o[4], o[5]];
        double[] normal = [row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2], row[0] * column[1] - row[1] * column[0]];
        double sign = acquisition.SpacingBetweenSlicesMm is < 0 ? -1 : 1;
        double alongRow = (volume.SizeX - 1) / 2.0 * volume.VoxelSizeXMm, alongColumn = (volume.SizeY - 1) / 2.0 * volume.VoxelSizeYMm;
        double alongStack = sign * (volume.SizeZ - 1) / 2.0 * volume.VoxelSizeZMm;
        double C(int i) => p[i] + alongRow * row[i] + alongColumn * column[i] + alongStack * normal[i];
        return (C(0), C(1), C(2));
    }

    /// <summary>True when successive frames move towards the head: the stacking direction sign(spacing) · (row × column)
    /// has a positive z component (a missing spacing counts as positive, the default stacking).</summary>
    private static bool StackedTowardsHead(NmAcquisition a)
    {
        if (a.Detectors.Count == 0 || a.Detectors[0].ImageOrientationPatient is not { Count: 6 } o) return false;
        double normalZ = o[0] * o[4] - o[1] * o[3];
        double sign = a.SpacingBetweenSlicesMm is < 0 ? -1 : 1;
        return sign * normalZ > 0.5;
    }

    private static double? RealWorldSlope(DicomDataset ds) =>
        ds.GetItem(DicomTags.RealWorldValueMappingSequence) is { } item && item.GetDouble(DicomTags.RealWorldValueSlope, 0) is { } slope && slope > 0 ? slope : null;
}
