using Photopeak.Dicom;

namespace Photopeak.Procedures.Tests.CardiacFunction;

/// <summary>Rewrites a one-detector file as a two-headed camera's: its frames become detector <c>keptDetector</c>, and the
/// other detector holds blank frames of a left lateral view, given by Image Orientation (Patient) and Start Angle only.</summary>
internal static class TwoHeadedFiles
{
    public static void Write(string source, string target, int keptDetector)
    {
        var file = DicomFile.Open(source);
        var ds = file.Dataset;
        var n = ds.GetInt32(DicomTags.NumberOfFrames)!.Value;
        var kept = ds[DicomTags.PixelData]!.Value.ToArray();
        var blank = new byte[kept.Length];
        byte[] both = keptDetector == 1 ? [.. kept, .. blank] : [.. blank, .. kept];
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, both);
        ds.SetNumbers(DicomTags.NumberOfFrames, 2 * n).SetNumbers(DicomTags.NumberOfDetectors, 2);
        var pointers = ds.GetTags(DicomTags.FrameIncrementPointer).ToList();
        if (!pointers.Contains(DicomTags.DetectorVector)) pointers.Add(DicomTags.DetectorVector);
        ds.SetTags(DicomTags.FrameIncrementPointer, [.. pointers]);
        foreach (var vector in pointers)
        {
            double[] values = vector == DicomTags.DetectorVector
                ? [.. Enumerable.Repeat(1.0, n), .. Enumerable.Repeat(2.0, n)]
                : ds.GetDoubles(vector) is { Length: > 0 } v ? [.. v, .. v] : [.. Enumerable.Repeat(1.0, 2 * n)];
            ds.SetNumbers(vector, values);
        }
        var keptItem = ds.GetSequence(DicomTags.DetectorInformationSequence)[0];
        var lateral = keptItem.Clone();
        lateral.Remove(DicomTags.ViewCodeSequence);
        // PS3.3 C.8.4.12: 90° faces the patient's left; its rows run from anterior to posterior (0, 1, 0), its columns to the feet.
        lateral.SetNumbers(DicomTags.ImageOrientationPatient, 0, 1, 0, 0, 0, -1).SetNumbers(DicomTags.StartAngle, 90);
        ds.SetSequence(DicomTags.DetectorInformationSequence, keptDetector == 1 ? [keptItem, lateral] : [lateral, keptItem]);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        file.Save(target);
    }
}
