using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Imaging;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Imaging.Studies;
using Photopeak.Reconstruction.Acquisition;
using Photopeak.Reconstruction.Export;
using Photopeak.Reconstruction.Fbp;

namespace Photopeak.Reconstruction.Tests;

/// <summary>
/// TOMO files built by hand, not by our simulator, to the geometry of PS3.3 C.8.4.12 (Table C.8-12): Start Angle 0° at the
/// patient's back, increasing counter-clockwise seen from the feet (left lateral 90°, ANT 180°); CW = decreasing angle,
/// CC = increasing; the detector's row direction is the anterior view's (towards the patient's left) rigidly rotated with it,
/// t = (−cos φ, sin φ, 0), its columns run head to feet. A point source is projected analytically into every view; after
/// loading and FBP its hottest voxel must lie at its patient (LPS) coordinates within one voxel. A mirrored or shifted
/// convention moves it by tens of millimetres.
/// </summary>
public sealed class ConformantTomoGeometryTests
{
    private const int Bins = 32, Rows = 16;
    private const double PixelMm = 6, RadiusMm = 220;
    // Axis of rotation at the middle projection row, and the source: 40 mm left, 25 mm anterior, 18 mm superior of it.
    private static readonly double[] Axis = [5, -12, -30];
    private static readonly double[] Offset = [40, -25, 18];

    public enum Heads { Single360, HMode360, LModeAhead, LModeBehind }

    public static TheoryData<double, string, Heads, bool, bool> Cases()
    {
        var data = new TheoryData<double, string, Heads, bool, bool>();
        foreach (var start in new[] { 0.0, 90, 180, 270 })
            foreach (var dir in new[] { "CW", "CC" })
                foreach (var heads in Enum.GetValues<Heads>())
                    foreach (var orientation in new[] { true, false })
                        // Scan Arc: per detector on some cameras, the whole acquisition on others.
                        data.Add(start, dir, heads, orientation, (int)start / 90 % 2 == (dir == "CW" ? 0 : 1));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Point_source_lands_at_its_patient_coordinates(double start, string direction, Heads heads, bool orientation, bool arcPerDetector)
    {
        var file = Build(start, direction, heads, orientation, arcPerDetector, mirrorSecondHead: false);
        var (expected, found) = Locate(file, orientation);
        AssertWithinAVoxel(expected, found);
    }

    [Theory]
    [InlineData(180, "CW")]
    [InlineData(90, "CC")]
    public void Second_head_stored_with_reversed_rows_is_mirrored_by_its_image_orientation(double start, string direction)
    {
        var file = Build(start, direction, Heads.HMode360, orientation: true, arcPerDetector: false, mirrorSecondHead: true);
        var tomo = TomoProjectionLoader.Load(Read(file));
        Assert.Contains(tomo.Warnings, w => w.Contains("detector 2 rows run against the rotation", StringComparison.Ordinal));
        var (expected, found) = Locate(file, orientation: true);
        AssertWithinAVoxel(expected, found);
    }

    [Fact]
    public void Start_angle_zero_is_the_patients_back_so_an_anterior_row_direction_there_is_mirrored_not_refused()
    {
        // A row along +x at 0° is the posterior detector's row reversed: consistent, with its columns mirrored.
        var file = Build(0, "CC", Heads.Single360, orientation: true, arcPerDetector: true, mirrorSecondHead: false);
        SetRowDirection(file, 0, [1, 0, 0]);
        Assert.Contains(TomoProjectionLoader.Load(Read(file)).Warnings, w => w.Contains("mirrored", StringComparison.Ordinal));
    }

    [Fact]
    public void Image_orientation_that_contradicts_the_start_angle_is_refused_with_its_tag()
    {
        // ANT (180°) with rows running towards the back: the orientation of a left lateral view.
        var file = Build(180, "CC", Heads.Single360, orientation: true, arcPerDetector: true, mirrorSecondHead: false);
        SetRowDirection(file, 0, [0, 1, 0]);
        var ex = Assert.Throws<StudyValidationException>(() => TomoProjectionLoader.Load(Read(file)));
        Assert.Equal(DicomTags.ImageOrientationPatient, ex.Tag);
        Assert.Contains("implies a start angle of 90°", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Second_head_neither_opposite_nor_a_quarter_turn_away_is_refused()
    {
        var file = Build(180, "CC", Heads.HMode360, orientation: false, arcPerDetector: false, mirrorSecondHead: false);
        file.GetSequence(DicomTags.DetectorInformationSequence)[1].SetNumbers(DicomTags.StartAngle, 270);
        var ex = Assert.Throws<StudyValidationException>(() => TomoProjectionLoader.Load(Read(file)));
        Assert.Equal(DicomTags.StartAngle, ex.Tag);
    }

    [Theory]
    [InlineData(180, "CW", Heads.LModeAhead)]
    [InlineData(0, "CC", Heads.HMode360)]
    public void Recon_tomo_written_from_it_keeps_the_point_and_the_acquisitions_angles(double start, string direction, Heads heads)
    {
        var file = Build(start, direction, heads, orientation: true, arcPerDetector: false, mirrorSecondHead: false);
        var tomo = TomoProjectionLoader.Load(Read(file));
        var volume = FbpReconstructor.Reconstruct(tomo.Photopeak, new FbpOptions());
        var recon = ReconTomoDicomWriter.Build(volume, new ReconTomoSeries { VolumeCentreMm = tomo.VolumeCentreMm }, tomo.Photopeak.Geometry);
        var rot = recon.GetItem(DicomTags.RotationInformationSequence)!;
        Assert.Equal(start, rot.GetDouble(DicomTags.StartAngle, 0)!.Value, 6);
        Assert.Equal(direction, rot.GetString(DicomTags.RotationDirection));

        var back = Read(recon);
        var read = ReconTomoVolumeLoader.Load(back);
        var centre = ReconTomoVolumeLoader.VolumeCentreMm(back, read)!.Value;
        AssertWithinAVoxel(Truth(orientation: true), Hottest(read, centre));
    }

    [Fact]
    public void Real_anterior_view_row_direction_is_the_bin_axis_at_its_start_angle()
    {
        // A Siemens thyroid anterior static (shared data): Start Angle 180 and row (1, −8.742278e-8, 0), the y component being
        // sin φ of 180° in single precision, i.e. t = (−cos φ, sin φ, 0) as this convention has it.
        var a = NmAcquisition.Open(SharedData.PathOf("nm/scintigraphy/thyroid_ant.dcm"));
        var detector = a.Detectors[0];
        Assert.Equal(ViewKind.Anterior, detector.View!.Kind);
        Assert.Equal(180, detector.StartAngleDeg!.Value, 6);
        var g = Geometry.SpectGeometry.Circular(4, 16, 4, 4, 200, startAngleDeg: detector.StartAngleDeg.Value);
        var (tx, ty) = g.BinAxis(0);
        Assert.Equal(detector.ImageOrientationPatient[0], tx, 6);
        Assert.Equal(detector.ImageOrientationPatient[1], ty, 6);
    }

    private static double[] Truth(bool orientation) =>
        orientation ? [Axis[0] + Offset[0], Axis[1] + Offset[1], Axis[2] + Offset[2]] : [.. Offset];

    private static (double[] Expected, double[] Found) Locate(DicomDataset file, bool orientation)
    {
        var tomo = TomoProjectionLoader.Load(Read(file));
        var volume = FbpReconstructor.Reconstruct(tomo.Photopeak, new FbpOptions());
        return (Truth(orientation), Hottest(volume, tomo.VolumeCentreMm));
    }

    private static void AssertWithinAVoxel(double[] expected, double[] found)
    {
        double distance = Math.Sqrt(Enumerable.Range(0, 3).Sum(i => (found[i] - expected[i]) * (found[i] - expected[i])));
        Assert.True(distance <= PixelMm,
            $"point found at ({found[0]:0.#}, {found[1]:0.#}, {found[2]:0.#}) mm, placed at ({expected[0]:0.#}, {expected[1]:0.#}, {expected[2]:0.#}): {distance:0.#} mm off");
    }

    /// <summary>Patient position of the count-weighted centre of the 3×3×3 voxels around the hottest one. Volume axes: x towards
    /// the patient's left, y towards the back, slice 0 the most superior, centred on <paramref name="centre"/>.</summary>
    private static double[] Hottest(Volume3D v, (double X, double Y, double Z) centre)
    {
        int best = 0;
        for (int i = 1; i < v.Voxels.Length; i++) if (v.Voxels[i] > v.Voxels[best]) best = i;
        int bx = best % v.SizeX, by = best / v.SizeX % v.SizeY, bz = best / (v.SizeX * v.SizeY);
        double sx = 0, sy = 0, sz = 0, sw = 0;
        for (int z = Math.Max(0, bz - 1); z <= Math.Min(v.SizeZ - 1, bz + 1); z++)
            for (int y = Math.Max(0, by - 1); y <= Math.Min(v.SizeY - 1, by + 1); y++)
                for (int x = Math.Max(0, bx - 1); x <= Math.Min(v.SizeX - 1, bx + 1); x++)
                {
                    double w = Math.Max(0, v[x, y, z]);
                    sx += w * x; sy += w * y; sz += w * z; sw += w;
                }
        return
        [
            centre.X + (sx / sw - (v.SizeX - 1) / 2.0) * v.VoxelSizeXMm,
            centre.Y + (sy / sw - (v.SizeY - 1) / 2.0) * v.VoxelSizeYMm,
            centre.Z + ((v.SizeZ - 1) / 2.0 - sz / sw) * v.VoxelSizeZMm,
        ];
    }

    private static NmAcquisition Read(DicomDataset ds) =>
        NmAcquisition.FromFile(DicomFile.Read(DicomWriter.ToBytes(ds, TransferSyntax.ExplicitVRLittleEndian), "conformant-tomo.dcm"));

    private static void SetRowDirection(DicomDataset file, int detector, double[] row) =>
        file.GetSequence(DicomTags.DetectorInformationSequence)[detector].SetNumbers(DicomTags.ImageOrientationPatient, row[0], row[1], row[2], 0, 0, -1);

    /// <summary>
    /// A conformant NM TOMO data set. Views: 60 over 360° (one head, or 30 per head in H-mode) or 30 over 180° in L-mode
    /// (15 per head, head 2 a quarter turn ahead of or behind head 1), 6° apart. Without <paramref name="orientation"/> the
    /// axis is at the origin (a reader can only assume so) and no Image Position/Orientation is written.
    /// </summary>
    private static DicomDataset Build(double start, string direction, Heads heads, bool orientation, bool arcPerDetector, bool mirrorSecondHead)
    {
        int detectors = heads == Heads.Single360 ? 1 : 2;
        double totalArc = heads is Heads.LModeAhead or Heads.LModeBehind ? 180 : 360;
        const double step = 6;
        int perDetector = (int)(totalArc / step) / detectors;
        double sign = direction == "CC" ? 1 : -1;
        double[] starts = heads switch
        {
            Heads.Single360 => [start],
            Heads.HMode360 => [start, start + 180],
            Heads.LModeAhead => [start, start + sign * 90],
            _ => [start, start - sign * 90],
        };
        double[] axis = orientation ? Axis : [0, 0, 0];
        double[] source = [axis[0] + Offset[0], axis[1] + Offset[1], axis[2] + Offset[2]];

        int frames = detectors * perDetector;
        var pixels = new byte[frames * Rows * Bins * 2];
        var det = new double[frames]; var view = new double[frames]; var ew = new double[frames]; var rotation = new double[frames];
        for (int d = 0; d < detectors; d++)
            for (int k = 0; k < perDetector; k++)
            {
                int f = d * perDetector + k;
                det[f] = d + 1; view[f] = k + 1; ew[f] = 1; rotation[f] = 1;
                double phi = (starts[d] + sign * k * step) * Math.PI / 180;
                double tx = -Math.Cos(phi), ty = Math.Sin(phi);
                // Bin of the source along t from the axis; row from the head (row 0 superior), the axis at the middle row.
                double u = ((source[0] - axis[0]) * tx + (source[1] - axis[1]) * ty) / PixelMm + (Bins - 1) / 2.0;
                double r = (axis[2] - source[2]) / PixelMm + (Rows - 1) / 2.0;
                bool mirror = mirrorSecondHead && d == 1;
                for (int row = 0; row < Rows; row++)
                    for (int b = 0; b < Bins; b++)
                    {
                        double du = b - u, dr = row - r;
                        var value = (ushort)Math.Round(1000 * Math.Exp(-(du * du + dr * dr) / (2 * 0.7 * 0.7)));
                        int column = mirror ? Bins - 1 - b : b;
                        BitConverter.TryWriteBytes(pixels.AsSpan(((f * Rows + row) * Bins + column) * 2), value);
                    }
            }

        var ds = new DicomDataset()
            .Set(DicomTags.SOPClassUID, DicomUid.NuclearMedicineImageStorage).Set(DicomTags.SOPInstanceUID, "2.25.7001")
            .Set(DicomTags.StudyInstanceUID, "2.25.7002").Set(DicomTags.SeriesInstanceUID, "2.25.7003")
            .Set(DicomTags.Modality, "NM").Set(DicomTags.PatientID, "PP-GEOM-01")
            .Set(DicomTags.StudyDate, "20250301").Set(DicomTags.AcquisitionDate, "20250301").Set(DicomTags.AcquisitionTime, "101500")
            .Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "TOMO", "EMISSION")
            .SetNumbers(DicomTags.NumberOfFrames, frames).SetNumbers(DicomTags.Rows, Rows).SetNumbers(DicomTags.Columns, Bins)
            .SetNumbers(DicomTags.SamplesPerPixel, 1).Set(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .SetNumbers(DicomTags.BitsAllocated, 16).SetNumbers(DicomTags.BitsStored, 16).SetNumbers(DicomTags.HighBit, 15)
            .SetNumbers(DicomTags.PixelRepresentation, 0).SetNumbers(DicomTags.PixelSpacing, PixelMm, PixelMm)
            .SetTags(DicomTags.FrameIncrementPointer, DicomTags.EnergyWindowVector, DicomTags.DetectorVector, DicomTags.RotationVector, DicomTags.AngularViewVector)
            .SetNumbers(DicomTags.EnergyWindowVector, ew).SetNumbers(DicomTags.NumberOfEnergyWindows, 1)
            .SetNumbers(DicomTags.DetectorVector, det).SetNumbers(DicomTags.NumberOfDetectors, detectors)
            .SetNumbers(DicomTags.RotationVector, rotation).SetNumbers(DicomTags.NumberOfRotations, 1)
            .SetNumbers(DicomTags.AngularViewVector, view)
            .SetSequence(DicomTags.EnergyWindowInformationSequence, new DicomDataset().SetSequence(DicomTags.EnergyWindowRangeSequence,
                new DicomDataset().SetNumbers(DicomTags.EnergyWindowLowerLimit, 126).SetNumbers(DicomTags.EnergyWindowUpperLimit, 154)))
            .SetSequence(DicomTags.RotationInformationSequence, new DicomDataset()
                .SetNumbers(DicomTags.StartAngle, start).SetNumbers(DicomTags.AngularStep, step).Set(DicomTags.RotationDirection, direction)
                .SetNumbers(DicomTags.ScanArc, arcPerDetector ? totalArc / detectors : totalArc)
                .SetNumbers(DicomTags.NumberOfFramesInRotation, perDetector)
                .SetNumbers(DicomTags.ActualFrameDuration, 20000).SetNumbers(DicomTags.RadialPosition, RadiusMm))
            .Set(DicomTags.TypeOfDetectorMotion, "STEP AND SHOOT");
        var items = new DicomDataset[detectors];
        for (int d = 0; d < detectors; d++)
        {
            var item = new DicomDataset().Set(DicomTags.CollimatorGridName, "LEHR").Set(DicomTags.CollimatorType, "PARA")
                .SetNumbers(DicomTags.StartAngle, ((starts[d] % 360) + 360) % 360).SetNumbers(DicomTags.CenterOfRotationOffset, 0);
            if (orientation)
            {
                // First view of head d: face at RadiusMm along n = (sin φ, cos φ, 0); first pixel at the row's start, top row.
                double phi = starts[d] * Math.PI / 180;
                double[] t = [-Math.Cos(phi), Math.Sin(phi), 0], n = [Math.Sin(phi), Math.Cos(phi), 0];
                bool mirror = mirrorSecondHead && d == 1;
                double[] row = mirror ? [-t[0], -t[1], 0] : t;
                double half = (Bins - 1) / 2.0 * PixelMm, top = (Rows - 1) / 2.0 * PixelMm;
                double[] ipp = [.. Enumerable.Range(0, 3).Select(i => axis[i] + RadiusMm * n[i] - half * row[i] + (i == 2 ? top : 0))];
                item.SetNumbers(DicomTags.ImageOrientationPatient, Round(row[0]), Round(row[1]), 0, 0, 0, -1)
                    .SetNumbers(DicomTags.ImagePositionPatient, Round(ipp[0]), Round(ipp[1]), Round(ipp[2]));
            }
            items[d] = item;
        }
        ds.SetSequence(DicomTags.DetectorInformationSequence, items);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    private static double Round(double v) => Math.Round(v, 6) + 0.0; // + 0.0 turns −0 into 0
}
