using System.Globalization;
using Photopeak.Dicom;

namespace Photopeak.Simulation.Output;

/// <summary>The attributes every instance of one simulation shares, whatever its modality: the fictitious patient, the
/// General Study and Patient Study modules and the Frame of Reference; the pixel layout both write; and the DA/TM forms the
/// writers use.</summary>
internal static class StudyModules
{
    /// <summary>Sets Patient, General Study, Patient Study (weight) and Frame of Reference attributes of <paramref name="study"/>.</summary>
    public static void Write(DicomDataset ds, StudyInfo study)
    {
        ds.Set(DicomTags.PatientName, study.PatientName);
        ds.Set(DicomTags.PatientID, study.PatientId);
        ds.Set(DicomTags.PatientBirthDate, Array.Empty<string>());
        ds.Set(DicomTags.PatientSex, study.PatientSex);
        ds.Set(DicomTags.StudyInstanceUID, study.StudyInstanceUid);
        ds.Set(DicomTags.StudyDate, Date(study.StudyStart));
        ds.Set(DicomTags.StudyTime, Time(study.StudyStart));
        ds.Set(DicomTags.ReferringPhysicianName, Array.Empty<string>());
        ds.Set(DicomTags.StudyID, $"{study.Seed % 100000}");
        ds.Set(DicomTags.AccessionNumber, Array.Empty<string>());
        ds.Set(DicomTags.StudyDescription, study.StudyDescription);
        ds.SetNumbers(DicomTags.PatientWeight, study.PatientWeightKg);
        ds.Set(DicomTags.FrameOfReferenceUID, study.FrameOfReferenceUid);
        ds.Set(DicomTags.PositionReferenceIndicator, Array.Empty<string>());
    }

    /// <summary>The Image Pixel attributes of the simulator's images (PS3.3 C.7.6.3): one sample, MONOCHROME2, 16-bit unsigned.</summary>
    public static void WriteImagePixel16(DicomDataset ds, int rows, int columns)
    {
        ds.SetNumbers(DicomTags.SamplesPerPixel, 1);
        ds.Set(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetNumbers(DicomTags.Rows, rows);
        ds.SetNumbers(DicomTags.Columns, columns);
        ds.SetNumbers(DicomTags.BitsAllocated, 16);
        ds.SetNumbers(DicomTags.BitsStored, 16);
        ds.SetNumbers(DicomTags.HighBit, 15);
        ds.SetNumbers(DicomTags.PixelRepresentation, 0);
    }

    /// <summary>DA value.</summary>
    public static string Date(DateTime t) => t.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>TM value to hundredths of a second.</summary>
    public static string Time(DateTime t) => t.ToString("HHmmss.ff", CultureInfo.InvariantCulture);
}
