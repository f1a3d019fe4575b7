using Photopeak.Dicom;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Service;

namespace Photopeak.Reconstruction.Acquisition;

/// <summary>
/// Stacks the axial slices of a CT series (CT Image Storage, one slice per instance) into a volume of CT numbers (HU, rescale
/// applied) in the reconstruction's convention: x towards the patient's left, y posterior, slice 0 the most superior, placed
/// by its centre in patient coordinates (LPS, mm).
/// </summary>
public static class CtVolumeLoader
{
    /// <summary>Loads <paramref name="slices"/>; throws <see cref="ReconstructionInputException"/> naming the file and the
    /// attribute when a slice is not axial, lacks its position, differs in size or spacing, or the slices are unevenly spaced.</summary>
    public static (Volume3D Hounsfield, (double X, double Y, double Z) CentreMm) Load(IReadOnlyList<NmAcquisition> slices)
    {
        if (slices.Count < 2) throw new ReconstructionInputException($"CT series of {slices.Count} slice(s): a volume needs at least two");
        var placed = new List<(NmAcquisition Slice, double[] Position)>();
        foreach (var s in slices)
        {
            var name = Path.GetFileName(s.SourcePath) ?? s.SopInstanceUid ?? "CT slice";
            var ds = s.File.Dataset;
            var iop = Doubles(ds, DicomTags.ImageOrientationPatient, name);
            if (iop.Length != 6 || Math.Abs(iop[0] - 1) > 0.01 || Math.Abs(iop[4] - 1) > 0.01)
                throw new ReconstructionInputException($"{name}: Image Orientation (Patient) (0020,0037) {string.Join('\\', iop)} is not axial (1\\0\\0\\0\\1\\0): oblique or other CT slices are not used");
            var ipp = Doubles(ds, DicomTags.ImagePositionPatient, name);
            if (ipp.Length != 3 || ipp.Any(v => !double.IsFinite(v)))
                throw new ReconstructionInputException($"{name}: Image Position (Patient) (0020,0032) is missing or invalid: the slice cannot be placed");
            if (s.PixelSpacingMm is not { } sp || !(sp.RowMm > 0) || Math.Abs(sp.RowMm - sp.ColumnMm) > 1e-3)
                throw new ReconstructionInputException($"{name}: Pixel Spacing (0028,0030) is missing or not square");
            placed.Add((s, ipp));
        }
        placed.Sort((a, b) => b.Position[2].CompareTo(a.Position[2])); // most superior first
        var first = placed[0].Slice;
        int rows = first.Rows ?? 0, columns = first.Columns ?? 0;
        double pixel = first.PixelSpacingMm!.Value.RowMm;
        var gaps = placed.Zip(placed.Skip(1), (a, b) => a.Position[2] - b.Position[2]).ToArray();
        double spacing = gaps.Order().ElementAt(gaps.Length / 2);
        if (!(spacing > 0) || gaps.Any(g => Math.Abs(g - spacing) > 0.01 * spacing + 0.01))
            throw new ReconstructionInputException($"CT series {first.SeriesInstanceUid}: slices are not evenly spaced along z (Image Position (Patient) (0020,0032); spacing {spacing:0.###} mm, duplicates or gaps)");
        var volume = new Volume3D(columns, rows, placed.Count, pixel, pixel, spacing);
        for (var k = 0; k < placed.Count; k++)
        {
            var (s, p) = placed[k];
            if (s.Rows != rows || s.Columns != columns || Math.Abs(s.PixelSpacingMm!.Value.RowMm - pixel) > 1e-3 || Math.Abs(p[0] - placed[0].Position[0]) > 0.01 || Math.Abs(p[1] - placed[0].Position[1]) > 0.01)
                throw new ReconstructionInputException($"{Path.GetFileName(s.SourcePath)}: size, Pixel Spacing (0028,0030) or in-plane Image Position (Patient) (0020,0032) differ from the series' first slice");
            try { s.GetFrame(0, volume.Voxels.AsSpan(k * rows * columns, rows * columns)); }
            catch (Exception e) when (e is Imaging.StudyValidationException or DicomValueException or DicomFormatException or UnsupportedPixelDataException or UnsupportedTransferSyntaxException)
            {
                throw new ReconstructionInputException($"{Path.GetFileName(s.SourcePath)}: pixel data cannot be read: {e.Message}", e);
            }
        }
        var top = placed[0].Position;
        return (volume, (top[0] + (columns - 1) / 2.0 * pixel, top[1] + (rows - 1) / 2.0 * pixel, top[2] - (placed.Count - 1) / 2.0 * spacing));
    }

    private static double[] Doubles(DicomDataset ds, DicomTag tag, string file)
    {
        try { return ds.GetDoubles(tag); }
        catch (DicomValueException e) { throw new ReconstructionInputException($"{file}: {tag} {e.Message}", e); }
    }
}
