using System.Globalization;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Imaging.Acquisitions;
using Photopeak.Reconstruction.Geometry;

namespace Photopeak.Reconstruction.Export;

/// <summary>
/// Writes a reconstructed volume as one multi-frame NM Image (RECON TOMO, DICOM PS3.3 A.5 / C.8.4): slices as frames
/// indexed by the Slice Vector, unsigned 16-bit pixels with the float scale in the Real World Value Mapping.
/// </summary>
/// <remarks>Orientation: rows along patient +X (left), columns along +Y (posterior), so the slice normal row × column is
/// +Z (head). Frames run from the feet to the head: frame 1 is the most inferior slice, and <see cref="Volume3D"/> slice
/// SizeZ − 1 − k (whose slice 0 is the most superior, camera row 0) is frame k + 1; the volume is centred on the axis of
/// rotation.</remarks>
public static class ReconTomoDicomWriter
{
    /// <summary>Builds the dataset; negative voxels (FBP undershoot) are stored as 0.</summary>
    public static DicomDataset Build(Volume3D volume, ReconTomoSeries series, SpectGeometry? acquisition = null)
    {
        float max = 0;
        foreach (var v in volume.Voxels) max = Math.Max(max, v);
        double slope = max > 0 ? max / 65535.0 : 1;
        var pixels = new byte[volume.Voxels.Length * 2];
        int sliceLength = volume.SizeX * volume.SizeY;
        for (int frame = 0; frame < volume.SizeZ; frame++)
        {
            var slice = volume.Voxels.AsSpan((volume.SizeZ - 1 - frame) * sliceLength, sliceLength);
            var target = pixels.AsSpan(frame * sliceLength * 2, sliceLength * 2);
            for (int i = 0; i < sliceLength; i++)
            {
                double stored = Math.Round(Math.Max(0, slice[i]) / slope);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(target[(2 * i)..], (ushort)Math.Min(65535, stored));
            }
        }

        var now = DateTime.UtcNow;
        string date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture), time = now.ToString("HHmmss", CultureInfo.InvariantCulture);
        var c = series.VolumeCentreMm;
        double x0 = c.X - (volume.SizeX - 1) / 2.0 * volume.VoxelSizeXMm, y0 = c.Y - (volume.SizeY - 1) / 2.0 * volume.VoxelSizeYMm;
        // Slice order (PS3.3 C.8.4.15 NM Reconstruction Module, Spacing Between Slices): a positive spacing stacks the
        // frames behind the first, along the normal row × column of the Detector Information Sequence's Image Orientation
        // (here +Z). Frame k (0-based) therefore lies at Image Position (Patient) + k · spacing · (0, 0, 1): the first frame
        // is the most inferior slice and the spacing stays positive (head-first frames would need a negative spacing,
        // which some readers ignore).
        double z0 = c.Z - (volume.SizeZ - 1) / 2.0 * volume.VoxelSizeZMm;
        string sopInstance = DicomUid.Generate();

        var d = new DicomDataset();
        d.Set(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        d.Set(DicomTags.ImageType, "DERIVED", "PRIMARY", "RECON TOMO", "EMISSION");
        d.Set(DicomTags.InstanceCreationDate, date).Set(DicomTags.InstanceCreationTime, time);
        d.Set(DicomTags.SOPClassUID, DicomUid.NuclearMedicineImageStorage).Set(DicomTags.SOPInstanceUID, sopInstance);
        d.Set(DicomTags.StudyDate, series.StudyDate).Set(DicomTags.SeriesDate, date).Set(DicomTags.ContentDate, date);
        d.Set(DicomTags.StudyTime, series.StudyTime).Set(DicomTags.SeriesTime, time).Set(DicomTags.ContentTime, time);
        d.Set(DicomTags.AccessionNumber, series.AccessionNumber);
        d.Set(DicomTags.Modality, "NM");
        d.Set(DicomTags.Manufacturer, "Photopeak");
        d.Set(DicomTags.ReferringPhysicianName, "");
        // The source description with the reconstruction appended can pass LO's 64 characters: shortened, as writers do.
        d.SetClipped(DicomTags.SeriesDescription, series.SeriesDescription);
        d.Set(DicomTags.ManufacturerModelName, "Photopeak.Reconstruction");
        d.Set(DicomTags.PatientName, series.PatientName).Set(DicomTags.PatientID, series.PatientId);
        d.Set(DicomTags.PatientBirthDate, series.PatientBirthDate).Set(DicomTags.PatientSex, series.PatientSex);
        d.SetNumbers(DicomTags.SliceThickness, volume.VoxelSizeZMm);
        d.Set(DicomTags.CountsAccumulated, DicomVR.IS);
        d.SetNumbers(DicomTags.SpacingBetweenSlices, volume.VoxelSizeZMm);
        // SH: "FBP butterworth 0.5/cm" is 22 characters; the full label stays in the series description.
        if (series.Method.Length > 0) d.SetClipped(DicomTags.ConvolutionKernel, series.Method);
        d.SetNumbers(DicomTags.ReconstructionDiameter, volume.SizeX * volume.VoxelSizeXMm);
        d.Set(DicomTags.SoftwareVersions, "Photopeak");
        d.Set(DicomTags.StudyInstanceUID, series.StudyInstanceUid ?? DicomUid.Generate());
        d.Set(DicomTags.SeriesInstanceUID, series.SeriesInstanceUid ?? DicomUid.Generate());
        d.Set(DicomTags.StudyID, series.StudyId);
        d.SetNumbers(DicomTags.SeriesNumber, series.SeriesNumber);
        d.SetNumbers(DicomTags.InstanceNumber, 1);
        d.Set(DicomTags.PatientOrientation, "L", "P");
        d.Set(DicomTags.FrameOfReferenceUID, series.FrameOfReferenceUid ?? DicomUid.Generate());
        d.Set(DicomTags.PositionReferenceIndicator, "");
        d.Set(DicomTags.Laterality, "");
        d.SetNumbers(DicomTags.SamplesPerPixel, 1);
        d.Set(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        d.SetNumbers(DicomTags.NumberOfFrames, volume.SizeZ);
        d.SetTags(DicomTags.FrameIncrementPointer, DicomTags.SliceVector);
        d.SetNumbers(DicomTags.Rows, volume.SizeY).SetNumbers(DicomTags.Columns, volume.SizeX);
        d.SetNumbers(DicomTags.PixelSpacing, volume.VoxelSizeYMm, volume.VoxelSizeXMm);
        d.SetNumbers(DicomTags.BitsAllocated, 16).SetNumbers(DicomTags.BitsStored, 16).SetNumbers(DicomTags.HighBit, 15);
        d.SetNumbers(DicomTags.PixelRepresentation, 0);
        d.SetNumbers(DicomTags.SmallestImagePixelValue, DicomVR.US, 0);
        d.SetNumbers(DicomTags.LargestImagePixelValue, DicomVR.US, max > 0 ? 65535 : 0);
        d.SetSequence(DicomTags.RealWorldValueMappingSequence, new DicomDataset()
            .SetNumbers(DicomTags.RealWorldValueFirstValueMapped, DicomVR.US, 0)
            .SetNumbers(DicomTags.RealWorldValueLastValueMapped, DicomVR.US, 65535)
            .SetNumbers(DicomTags.RealWorldValueIntercept, 0)
            .SetNumbers(DicomTags.RealWorldValueSlope, slope)
            .Set(DicomTags.LUTExplanation, series.ValueUnit)
            .Set(DicomTags.LUTLabel, "PHOTOPEAK")
            .SetSequence(DicomTags.MeasurementUnitsCodeSequence, new DicomDataset()
                .Set(DicomTags.CodeValue, series.ValueUnit == "Bq/ml" ? "Bq/ml" : "{counts}")
                .Set(DicomTags.CodingSchemeDesignator, "UCUM")
                .Set(DicomTags.CodeMeaning, series.ValueUnit)));
        d.SetNumbers(DicomTags.NumberOfEnergyWindows, 1);
        d.SetSequence(DicomTags.EnergyWindowInformationSequence, new DicomDataset());
        if (series.Radiopharmaceutical is { } rp) d.SetSequence(DicomTags.RadiopharmaceuticalInformationSequence, rp);
        else d.SetSequence(DicomTags.RadiopharmaceuticalInformationSequence);
        if (series.AcquisitionDate.Length > 0) d.Set(DicomTags.AcquisitionDate, series.AcquisitionDate);
        if (series.AcquisitionTime.Length > 0) d.Set(DicomTags.AcquisitionTime, series.AcquisitionTime);
        if (series.CorrectedImage.Count > 0) d.Set(DicomTags.CorrectedImage, [.. series.CorrectedImage]);
        d.SetNumbers(DicomTags.NumberOfDetectors, 1);
        d.SetSequence(DicomTags.DetectorInformationSequence, new DicomDataset()
            .Set(DicomTags.CollimatorType, DicomVR.CS)
            .SetNumbers(DicomTags.ImagePositionPatient, x0, y0, z0)
            .SetNumbers(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0));
        d.SetNumbers(DicomTags.NumberOfRotations, 1);
        var g = acquisition;
        var rotation = new DicomDataset()
            .SetNumbers(DicomTags.StartAngle, g?.StartAngleDeg ?? 0)
            .SetNumbers(DicomTags.AngularStep, g?.StepDeg ?? 3)
            // SpectGeometry holds the acquisition's own Start Angle and sense (PS3.3 C.8.4.12), so they are copied unchanged.
            .Set(DicomTags.RotationDirection, (g?.Direction ?? RotationDirection.CounterClockwiseSeenFromFeet).ToDicom())
            .SetNumbers(DicomTags.ScanArc, g is null ? 360 : g.ArcDeg / g.Detectors)
            .SetNumbers(DicomTags.ActualFrameDuration, 0)
            .SetNumbers(DicomTags.NumberOfFramesInRotation, g?.ViewsPerDetector ?? 0);
        if (g is not null) rotation.SetNumbers(DicomTags.RadialPosition, Enumerable.Range(0, g.ViewsPerDetector).Select(v => g.ViewRadiusMm(v)).ToArray());
        d.SetSequence(DicomTags.RotationInformationSequence, rotation);
        d.SetNumbers(DicomTags.SliceVector, Enumerable.Range(1, volume.SizeZ).Select(i => (double)i).ToArray());
        d.SetNumbers(DicomTags.NumberOfSlices, volume.SizeZ);
        d.SetSequence(DicomTags.PatientOrientationCodeSequence);
        d.SetSequence(DicomTags.PatientGantryRelationshipCodeSequence);
        if (series.Source is { } source)
            d.SetSequence(DicomTags.SourceImageSequence, new DicomDataset()
                .Set(DicomTags.ReferencedSOPClassUID, source.SopClassUid).Set(DicomTags.ReferencedSOPInstanceUID, source.SopInstanceUid));
        d.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return d;
    }

    /// <summary>Writes the RECON TOMO file (explicit VR little endian) to <paramref name="path"/>.</summary>
    public static void Write(string path, Volume3D volume, ReconTomoSeries series, SpectGeometry? acquisition = null)
    {
        using var stream = File.Create(path);
        DicomWriter.Write(stream, Build(volume, series, acquisition), TransferSyntax.ExplicitVRLittleEndian);
    }
}
