using Photopeak.Dicom;

namespace Photopeak.Procedures.Tests.CardiacFunction;

/// <summary>Rewrites a simulated one-detector, one-phase NM multi-frame file the way other cameras lay theirs out.</summary>
internal static class MultiFrameFiles
{
    /// <summary>As a two-headed camera's: its frames become detector <paramref name="keptDetector"/>, and the other detector
    /// holds blank frames of a left lateral view, given by Image Orientation (Patient) and Start Angle only.</summary>
    public static void WithSecondDetector(string source, string target, int keptDetector)
    {
        var file = DicomFile.Open(source);
        var ds = file.Dataset;
        var n = ds.GetInt32(DicomTags.NumberOfFrames)!.Value;
        var kept = ds[DicomTags.PixelData]!.Value.ToArray();
        var blank = new byte[kept.Length];
        byte[] both = keptDetector == 1 ? [.. kept, .. blank] : [.. blank, .. kept];
        SetFrames(ds, both, 2 * n, DicomTags.DetectorVector, v => v == DicomTags.DetectorVector
            ? [.. Enumerable.Repeat(1.0, n), .. Enumerable.Repeat(2.0, n)]
            : ds.GetDoubles(v) is { Length: > 0 } values ? [.. values, .. values] : [.. Enumerable.Repeat(1.0, 2 * n)]);
        ds.SetNumbers(DicomTags.NumberOfDetectors, 2);
        var keptItem = ds.GetSequence(DicomTags.DetectorInformationSequence)[0];
        var lateral = keptItem.Clone();
        lateral.Remove(DicomTags.ViewCodeSequence);
        // PS3.3 C.8.4.12: 90° faces the patient's left; its rows run from anterior to posterior (0, 1, 0), its columns to the feet.
        lateral.SetNumbers(DicomTags.ImageOrientationPatient, 0, 1, 0, 0, 0, -1).SetNumbers(DicomTags.StartAngle, 90);
        ds.SetSequence(DicomTags.DetectorInformationSequence, keptDetector == 1 ? [keptItem, lateral] : [lateral, keptItem]);
        Save(file, target);
    }

    /// <summary>A DYNAMIC file with a phase of <paramref name="slowFrames"/> frames of <paramref name="slowMs"/> ms (copies of
    /// its last frame) before or after its own.</summary>
    public static void WithSlowPhase(string source, string target, int slowFrames, double slowMs, bool slowFirst)
    {
        var file = DicomFile.Open(source);
        var ds = file.Dataset;
        var n = ds.GetInt32(DicomTags.NumberOfFrames)!.Value;
        var pixels = ds[DicomTags.PixelData]!.Value.ToArray();
        var frameBytes = pixels.Length / n;
        var slow = Enumerable.Range(0, slowFrames).SelectMany(_ => pixels[^frameBytes..]).ToArray();
        int fastPhase = slowFirst ? 2 : 1, slowPhase = 3 - fastPhase;
        double[] Ordered(IEnumerable<double> fast, IEnumerable<double> slowOnes) => slowFirst ? [.. slowOnes, .. fast] : [.. fast, .. slowOnes];
        SetFrames(ds, slowFirst ? [.. slow, .. pixels] : [.. pixels, .. slow], n + slowFrames, DicomTags.PhaseVector, v =>
            v == DicomTags.PhaseVector ? Ordered(Enumerable.Repeat((double)fastPhase, n), Enumerable.Repeat((double)slowPhase, slowFrames))
            : v == DicomTags.TimeSliceVector ? Ordered(Enumerable.Range(1, n).Select(i => (double)i), Enumerable.Range(1, slowFrames).Select(i => (double)i))
            : ds.GetDoubles(v) is { Length: > 0 } values ? Ordered(values, Enumerable.Repeat(values[0], slowFrames)) : [.. Enumerable.Repeat(1.0, n + slowFrames)]);
        var fastItem = ds.GetSequence(DicomTags.PhaseInformationSequence)[0];
        var slowItem = fastItem.Clone().SetNumbers(DicomTags.ActualFrameDuration, slowMs).SetNumbers(DicomTags.NumberOfFramesInPhase, slowFrames)
            .SetNumbers(DicomTags.PhaseDelay, 0);
        ds.SetSequence(DicomTags.PhaseInformationSequence, slowFirst ? [slowItem, fastItem.Clone().SetNumbers(DicomTags.PhaseDelay, 0)] : [fastItem, slowItem])
            .SetNumbers(DicomTags.NumberOfPhases, 2);
        Save(file, target);
    }

    // New pixel data of `frames` frames, and every vector the Frame Increment Pointer names (with `added` among them, the
    // pointer kept in tag order as PS3.3 C.8.4.8 lists them) rewritten by `values`.
    private static void SetFrames(DicomDataset ds, byte[] pixels, int frames, DicomTag added, Func<DicomTag, double[]> values)
    {
        ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
        ds.SetNumbers(DicomTags.NumberOfFrames, frames);
        var pointers = ds.GetTags(DicomTags.FrameIncrementPointer).ToList();
        if (!pointers.Contains(added)) pointers.Add(added);
        if (added == DicomTags.PhaseVector && !pointers.Contains(DicomTags.TimeSliceVector)) pointers.Add(DicomTags.TimeSliceVector);
        pointers.Sort();
        ds.SetTags(DicomTags.FrameIncrementPointer, [.. pointers]);
        var rewritten = pointers.Select(v => (v, values(v))).ToList();
        foreach (var (vector, value) in rewritten) ds.SetNumbers(vector, value);
    }

    private static void Save(DicomFile file, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        file.Save(target);
    }
}
