using Photopeak.Dicom;

namespace Photopeak.Server.Tests;

/// <summary>What the node tests send: small NM instances.</summary>
internal static class TestInstances
{
    /// <summary>Writes one small NM instance (size × size, 16 bit, random pixels from <paramref name="seed"/>) with a new SOP
    /// Instance UID as a Part 10 file.</summary>
    public static void WriteSmallNm(string path, string studyUid, string seriesUid, string patientId, int instanceNumber, int size, int seed)
    {
        var ds = new DicomDataset();
        ds.Set(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.20");
        ds.Set(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate());
        ds.Set(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        ds.Set(DicomTags.SeriesInstanceUID, DicomVR.UI, seriesUid);
        ds.Set(DicomTags.Modality, DicomVR.CS, "NM");
        ds.Set(DicomTags.PatientID, DicomVR.LO, patientId);
        ds.SetNumbers(DicomTags.InstanceNumber, DicomVR.IS, instanceNumber);
        ds.SetNumbers(DicomTags.Rows, DicomVR.US, size);
        ds.SetNumbers(DicomTags.Columns, DicomVR.US, size);
        ds.SetNumbers(DicomTags.BitsAllocated, DicomVR.US, 16);
        ds.SetNumbers(DicomTags.BitsStored, DicomVR.US, 16);
        ds.SetNumbers(DicomTags.HighBit, DicomVR.US, 15);
        ds.SetNumbers(DicomTags.PixelRepresentation, DicomVR.US, 0);
        ds.SetNumbers(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        ds.Set(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        var pixels = new byte[size * size * 2];
        new Random(seed).NextBytes(pixels);
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        new DicomFile(new DicomDataset(), ds, TransferSyntax.ExplicitVRLittleEndian).Save(path);
    }
}
