using System.Buffers.Binary;
using System.Globalization;
using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using static Photopeak.Simulation.Output.StudyModules;

namespace Photopeak.Simulation.Output;

/// <summary>Writes a <see cref="CtSeries"/> as CT Image Storage instances, one axial slice per file (PS3.3 A.3 CT Image IOD:
/// Patient, General Study, General Series, Frame of Reference, General Equipment, General Image, Image Plane, Image Pixel,
/// CT Image, SOP Common), in the study and frame of reference of the NM series, explicit VR little endian.</summary>
public static class CtDicomWriter
{
    /// <summary>Stored value = HU + 1024 (Rescale Intercept −1024, slope 1), unsigned 16 bits.</summary>
    private const int Intercept = -1024;

    /// <summary>Builds the data set of slice <paramref name="k"/> (0 = most inferior).</summary>
    public static DicomDataset Build(StudyInfo study, CtSeries ct, int k)
    {
        var ds = new DicomDataset();
        var seriesUid = DeterministicUid.For(study.Seed, $"{study.StudyDescription}/ct-series/{ct.SeriesNumber}");
        ds.Set(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.Set(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2");
        ds.Set(DicomTags.SOPInstanceUID, DeterministicUid.For(study.Seed, $"{study.StudyDescription}/ct-instance/{ct.SeriesNumber}/{k}"));
        StudyModules.Write(ds, study);
        ds.Set(DicomTags.Modality, "CT");
        ds.Set(DicomTags.SeriesInstanceUID, seriesUid);
        ds.SetNumbers(DicomTags.SeriesNumber, ct.SeriesNumber);
        ds.Set(DicomTags.SeriesDescription, ct.SeriesDescription);
        ds.Set(DicomTags.Laterality, Array.Empty<string>());
        ds.Set(DicomTags.SeriesDate, Date(ct.AcquisitionStart));
        ds.Set(DicomTags.SeriesTime, Time(ct.AcquisitionStart));
        ds.Set(DicomTags.PatientPosition, "HFS");
        ds.Set(DicomTags.Manufacturer, "Photopeak");
        ds.Set(DicomTags.InstitutionName, "Photopeak Simulation");
        ds.Set(DicomTags.ManufacturerModelName, "Simulated SPECT/CT");
        ds.Set(DicomTags.SoftwareVersions, DicomUid.ImplementationVersionName);
        ds.Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.SetNumbers(DicomTags.InstanceNumber, k + 1);
        ds.Set(DicomTags.ContentDate, Date(ct.AcquisitionStart));
        ds.Set(DicomTags.ContentTime, Time(ct.AcquisitionStart));
        ds.Set(DicomTags.AcquisitionDate, Date(ct.AcquisitionStart));
        ds.Set(DicomTags.AcquisitionTime, Time(ct.AcquisitionStart));
        ds.SetNumbers(DicomTags.AcquisitionNumber, 1);
        ds.Set(DicomTags.LossyImageCompression, "00");
        // Image Plane: rows along +x (patient left), columns along +y (posterior).
        ds.SetNumbers(DicomTags.PixelSpacing, ct.PixelMm, ct.PixelMm);
        ds.SetNumbers(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
        ds.SetNumbers(DicomTags.ImagePositionPatient, Math.Round(ct.FirstVoxelMm.X, 3), Math.Round(ct.FirstVoxelMm.Y, 3), Math.Round(ct.FirstVoxelMm.Z + k * ct.SliceMm, 3));
        ds.SetNumbers(DicomTags.SliceThickness, ct.SliceMm);
        ds.SetNumbers(DicomTags.SliceLocation, Math.Round(ct.FirstVoxelMm.Z + k * ct.SliceMm, 3));
        ds.SetNumbers(DicomTags.KVP, 120);
        StudyModules.WriteImagePixel16(ds, ct.Rows, ct.Columns);
        ds.SetNumbers(DicomTags.RescaleIntercept, Intercept);
        ds.SetNumbers(DicomTags.RescaleSlope, 1);
        ds.Set(DicomTags.RescaleType, "HU");
        ds.SetNumbers(DicomTags.WindowCenter, 40);
        ds.SetNumbers(DicomTags.WindowWidth, 400);
        int plane = ct.Columns * ct.Rows;
        var pixels = new byte[plane * 2];
        for (var i = 0; i < plane; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(2 * i), (ushort)Math.Clamp(Math.Round(ct.Hounsfield[k * plane + i]) - Intercept, 0, 65535));
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    /// <summary>Writes every slice under <paramref name="directory"/>/ct; returns the paths.</summary>
    public static IReadOnlyList<string> Write(string directory, StudyInfo study, CtSeries ct)
    {
        var folder = Path.Combine(directory, "ct");
        Directory.CreateDirectory(folder);
        var paths = new string[ct.Slices];
        Parallel.For(0, ct.Slices, k =>
        {
            paths[k] = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"ct_{k + 1:D4}.dcm"));
            using var stream = File.Create(paths[k]);
            DicomWriter.Write(stream, Build(study, ct, k), TransferSyntax.ExplicitVRLittleEndian);
        });
        return paths;
    }
}
