using Photopeak.Dicom;
using Photopeak.Dicom.IO;
using Photopeak.Imaging.Studies;

namespace Photopeak.Imaging.Tests;

/// <summary>Builds small NM data sets in memory, written and read back through the Part 10 codec like a real file.</summary>
internal static class SyntheticNm
{
    public const string StudyUid = "2.25.1001";

    /// <summary>An NM header with a 4x4 16-bit unsigned frame per frame, pixel value = frame number + 1 (or the given values).</summary>
    public static DicomDataset Header(string imageType, int frames, int rows = 4, int columns = 4, string seriesUid = "2.25.2001", string sopUid = "2.25.3001")
    {
        var ds = new DicomDataset()
            .Set(DicomTags.SOPClassUID, DicomUid.NuclearMedicineImageStorage)
            .Set(DicomTags.SOPInstanceUID, sopUid)
            .Set(DicomTags.StudyInstanceUID, StudyUid)
            .Set(DicomTags.SeriesInstanceUID, seriesUid)
            .Set(DicomTags.Modality, "NM")
            .Set(DicomTags.PatientID, "PP-TEST-01")
            .Set(DicomTags.PatientName, "SECRET^NAME")
            .Set(DicomTags.StudyDate, "20250301")
            .Set(DicomTags.AcquisitionDate, "20250301")
            .Set(DicomTags.AcquisitionTime, "101500")
            .Set(DicomTags.ImageType, "ORIGINAL", "PRIMARY", imageType, "EMISSION")
            .SetNumbers(DicomTags.NumberOfFrames, frames)
            .SetNumbers(DicomTags.Rows, rows)
            .SetNumbers(DicomTags.Columns, columns)
            .SetNumbers(DicomTags.SamplesPerPixel, 1)
            .Set(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .SetNumbers(DicomTags.BitsAllocated, 16)
            .SetNumbers(DicomTags.BitsStored, 16)
            .SetNumbers(DicomTags.HighBit, 15)
            .SetNumbers(DicomTags.PixelRepresentation, 0)
            .SetNumbers(DicomTags.PixelSpacing, 4.8, 4.8);
        var pixels = new byte[frames * rows * columns * 2];
        for (var f = 0; f < frames; f++)
            for (var p = 0; p < rows * columns; p++)
                BitConverter.TryWriteBytes(pixels.AsSpan((f * rows * columns + p) * 2), (ushort)(f + 1));
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        return ds;
    }

    public static DicomDataset EnergyWindow(double lower, double upper, string? name = null)
    {
        var item = new DicomDataset().SetSequence(DicomTags.EnergyWindowRangeSequence,
            new DicomDataset().SetNumbers(DicomTags.EnergyWindowLowerLimit, lower).SetNumbers(DicomTags.EnergyWindowUpperLimit, upper));
        if (name is not null) item.Set(DicomTags.EnergyWindowName, name);
        return item;
    }

    public static DicomDataset Code(string value, string scheme, string meaning) =>
        new DicomDataset().Set(DicomTags.CodeValue, value).Set(DicomTags.CodingSchemeDesignator, scheme).Set(DicomTags.CodeMeaning, meaning);

    /// <summary>A TOMO acquisition: detectors x views per detector, Energy Window, Detector, Rotation and Angular View vectors.</summary>
    public static DicomDataset Tomo(int detectors, int views)
    {
        var frames = detectors * views;
        var ds = Header("TOMO", frames);
        var ew = new double[frames]; var det = new double[frames]; var rot = new double[frames]; var view = new double[frames];
        for (var d = 0; d < detectors; d++)
            for (var v = 0; v < views; v++)
            {
                var f = d * views + v;
                ew[f] = 1; det[f] = d + 1; rot[f] = 1; view[f] = v + 1;
            }
        ds.SetTags(DicomTags.FrameIncrementPointer, DicomTags.EnergyWindowVector, DicomTags.DetectorVector, DicomTags.RotationVector, DicomTags.AngularViewVector)
            .SetNumbers(DicomTags.EnergyWindowVector, ew).SetNumbers(DicomTags.NumberOfEnergyWindows, 1)
            .SetNumbers(DicomTags.DetectorVector, det).SetNumbers(DicomTags.NumberOfDetectors, detectors)
            .SetNumbers(DicomTags.RotationVector, rot).SetNumbers(DicomTags.NumberOfRotations, 1)
            .SetNumbers(DicomTags.AngularViewVector, view)
            .SetSequence(DicomTags.EnergyWindowInformationSequence, EnergyWindow(126, 154, "TC99M"))
            .SetSequence(DicomTags.RotationInformationSequence, new DicomDataset()
                .SetNumbers(DicomTags.StartAngle, 0).SetNumbers(DicomTags.AngularStep, 3).Set(DicomTags.RotationDirection, "CW")
                .SetNumbers(DicomTags.ScanArc, 180).SetNumbers(DicomTags.NumberOfFramesInRotation, views)
                .SetNumbers(DicomTags.ActualFrameDuration, 20000).SetNumbers(DicomTags.RadialPosition, 220, 221, 222))
            .Set(DicomTags.TypeOfDetectorMotion, "STEP AND SHOOT");
        var detectorItems = new DicomDataset[detectors];
        for (var d = 0; d < detectors; d++)
            detectorItems[d] = new DicomDataset().Set(DicomTags.CollimatorGridName, "LEHR").Set(DicomTags.CollimatorType, "PARA")
                .SetNumbers(DicomTags.StartAngle, d * 180).SetNumbers(DicomTags.CenterOfRotationOffset, 0.5 * d);
        ds.SetSequence(DicomTags.DetectorInformationSequence, detectorItems);
        return ds;
    }

    public static NmAcquisition Read(DicomDataset ds, string name = "synthetic.dcm") =>
        NmAcquisition.FromFile(DicomFile.Read(DicomWriter.ToBytes(ds, TransferSyntax.ExplicitVRLittleEndian), name));
}
