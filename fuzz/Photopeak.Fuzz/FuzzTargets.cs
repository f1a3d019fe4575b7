using Photopeak.Dicom;
using Photopeak.Dicom.Pixels;
using Photopeak.Dicom.Text;
using Photopeak.Imaging;
using Photopeak.Imaging.Studies;
using Photopeak.Procedures;
using Photopeak.Procedures.PulmonaryPerfusion;
using Photopeak.Procedures.Results;

namespace Photopeak.Fuzz;

/// <summary>
/// What a fuzzer feeds arbitrary bytes to: the DICOM reader, the NM study model and <c>process --rois</c> parsing. Each target
/// reads everything a client would and lets only the documented exceptions pass (a clear refusal); any other exception, a
/// crash or a hang is a finding (issue 17.7).
/// </summary>
public static class FuzzTargets
{
    /// <summary>Target names for the command line and the tests.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dicom", "study", "rois"];

    // Frames beyond this many bytes are not decoded: a fuzzer's header can declare gigabytes that the reader correctly refuses
    // to allocate only when asked; asking is the client's choice, and the clients cap it the same way.
    private const long MaximumDecodedBytes = 64L << 20;

    /// <summary>Runs target <paramref name="name"/> on <paramref name="input"/>.</summary>
    public static void Run(string name, ReadOnlyMemory<byte> input)
    {
        switch (name)
        {
            case "dicom": Dicom(input); break;
            case "study": Study(input); break;
            case "rois": Rois(input); break;
            default: throw new ArgumentException($"unknown fuzz target '{name}' ({string.Join(", ", Names)})", nameof(name));
        }
    }

    /// <summary>True for the exceptions the targets document as refusals of bad input.</summary>
    public static bool IsDocumented(Exception ex) => ex is DicomFormatException or UnsupportedTransferSyntaxException
        or UnsupportedPixelDataException or DicomValueException or UnsupportedCharacterSetException
        or StudyValidationException or ProcedureInputException;

    /// <summary>The DICOM reader: the Part 10 file, every value as text, every frame of pixel data.</summary>
    public static void Dicom(ReadOnlyMemory<byte> input)
    {
        try
        {
            var file = DicomFile.Read(input, "fuzz");
            Walk(file.Dataset);
            if (file.Dataset.Contains(DicomTags.PixelData))
            {
                var pixels = new DicomPixelData(file.Dataset, file.TransferSyntax, "fuzz");
                if (pixels.FrameBytes * pixels.NumberOfFrames <= MaximumDecodedBytes)
                    for (var i = 0; i < pixels.NumberOfFrames; i++) pixels.GetFrame(i);
            }
        }
        catch (Exception ex) when (IsDocumented(ex)) { }
    }

    /// <summary>The NM study model: header, detectors and views, frame vectors, and the frames as counts.</summary>
    public static void Study(ReadOnlyMemory<byte> input)
    {
        try
        {
            var acquisition = NmAcquisition.FromFile(DicomFile.Read(input, "fuzz"));
            _ = acquisition.Header.ToString();
            _ = acquisition.Detectors.Select(d => d.View?.Label).ToList();
            _ = acquisition.EnergyWindows.Count + acquisition.Radiopharmaceuticals.Count + acquisition.PlanarViewCount;
            var frames = acquisition.Frames;
            if ((long)(acquisition.Rows ?? 0) * (acquisition.Columns ?? 0) * 4 * frames.Count <= MaximumDecodedBytes)
                foreach (var f in frames) acquisition.GetFrame(f.Frame).Sum();
        }
        catch (Exception ex) when (IsDocumented(ex)) { }
    }

    /// <summary><c>process --rois</c>: an edited result.json read as mIBG ROIs (each made a mask) and as a lung ROI set.</summary>
    public static void Rois(ReadOnlyMemory<byte> input)
    {
        var text = System.Text.Encoding.UTF8.GetString(input.Span);
        try
        {
            foreach (var roi in ResultJson.ParseRois(text, "fuzz"))
                if (roi.Shape != RoiShape.Line) roi.Mask(64, 64);
        }
        catch (Exception ex) when (IsDocumented(ex)) { }
        try
        {
            var set = PulmonaryPerfusionResultJson.ParseRois(text, "fuzz");
            _ = set.RightMask.Length + set.LeftMask.Length;
        }
        catch (Exception ex) when (IsDocumented(ex)) { }
    }

    private static void Walk(DicomDataset ds)
    {
        foreach (var e in ds)
        {
            if (e.Items is { } items) foreach (var item in items) Walk(item);
            else if (!e.IsEncapsulated) { ds.GetString(e.Tag); ds.GetStrings(e.Tag); }
        }
    }
}
