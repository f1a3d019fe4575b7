using Photopeak.Dicom;
using Photopeak.Imaging.Studies;

namespace Photopeak.Imaging.Frames;

/// <summary>Resolves each frame's indices through the Frame Increment Pointer (0028,0009) and checks them against the declared counts.</summary>
internal static class FrameIndexResolver
{
    public static (IReadOnlyList<FrameIndex> Frames, FrameLayout Layout) Resolve(DicomDataset ds, HeaderReader reader, NmImageType type, int? framesInRotation)
    {
        var n = NumberOfFrames(ds, reader);
        var pointers = ds.GetTags(DicomTags.FrameIncrementPointer);
        var vectors = new List<(FrameVector Vector, int[] Values)>();
        foreach (var tag in pointers)
        {
            var vector = FrameVectors.FromTag(tag);
            if (vector is null)
            {
                reader.Warn(DicomTags.FrameIncrementPointer, $"points at {tag} {tag.Keyword ?? "private/unknown"}, which is not an NM frame vector; ignored");
                continue;
            }
            vectors.Add((vector.Value, ReadVector(ds, reader, vector.Value, n, framesInRotation)));
        }
        if (pointers.Length == 0 && n > 1)
            reader.Warn(DicomTags.FrameIncrementPointer, $"absent with {n} frames; frames are taken in stored order without indices");
        foreach (var required in type.RequiredVectors())
        {
            if (!vectors.Exists(v => v.Vector == required))
                reader.Warn(DicomTags.FrameIncrementPointer, $"does not name {required.Tag()} {required.Tag().Keyword}, which {type.ToDicomTerm()} images should have");
        }

        var frames = new FrameIndex[n];
        var current = new int?[Enum.GetValues<FrameVector>().Length];
        for (var f = 0; f < n; f++)
        {
            Array.Clear(current);
            foreach (var (vector, values) in vectors) current[(int)vector] = values[f];
            frames[f] = new FrameIndex(f, current[0], current[1], current[2], current[3], current[4], current[5], current[6], current[7], current[8]);
        }

        var dims = new List<FrameDimension>();
        foreach (var (vector, values) in vectors) dims.Add(new FrameDimension(vector, values.Distinct().Count()));
        var layout = new FrameLayout(n, dims);
        // Phases of a DYNAMIC study hold different numbers of frames by design; elsewhere a gap or repeat is worth a warning.
        if (!layout.IsRegular && type != NmImageType.Dynamic)
            reader.Warn(DicomTags.FrameIncrementPointer, $"frames do not form a regular grid ({layout}); index them through FrameIndex, not by arithmetic");
        return (frames, layout);
    }

    public static int NumberOfFrames(DicomDataset ds, HeaderReader reader)
    {
        int? n;
        try
        {
            n = ds.GetInt32(DicomTags.NumberOfFrames);
        }
        catch (DicomValueException ex)
        {
            throw reader.Fail(DicomTags.NumberOfFrames, $"'{ds.GetString(DicomTags.NumberOfFrames)}' is not a number of frames; frames cannot be located", ex);
        }
        if (n is null) return 1;
        if (n <= 0) throw reader.Fail(DicomTags.NumberOfFrames, $"{n} is not a valid number of frames");
        return n.Value;
    }

    private static int[] ReadVector(DicomDataset ds, HeaderReader reader, FrameVector vector, int n, int? framesInRotation)
    {
        var tag = vector.Tag();
        if (!ds.Contains(tag)) throw reader.Fail(tag, "named by the Frame Increment Pointer (0028,0009) but absent");
        var count = ds.ValueCount(tag);
        if (count != n) throw reader.Fail(tag, $"has {count} values but Number of Frames (0028,0008) is {n}");
        var values = new int[n];
        for (var i = 0; i < n; i++)
        {
            int? v;
            try { v = ds.GetInt32(tag, i); }
            catch (DicomValueException ex) { throw reader.Fail(tag, $"value {i + 1} is not an index: {ex.Message}"); }
            values[i] = v ?? throw reader.Fail(tag, $"value {i + 1} is empty");
        }

        DicomTag? countTag = vector.CountTag();
        int? declared;
        if (countTag is { } ct)
        {
            declared = reader.Int(ds, ct);
            if (declared is null) reader.Warn(ct, $"absent; the range of {tag} {tag.Keyword} is not checked");
        }
        else
        {
            declared = framesInRotation;
            countTag = DicomTags.NumberOfFramesInRotation;
            if (declared is null) reader.Warn(DicomTags.NumberOfFramesInRotation, $"absent; the range of {tag} {tag.Keyword} is not checked");
        }

        for (var i = 0; i < n; i++)
        {
            if (values[i] < 1)
                throw reader.Fail(tag, $"value {values[i]} for frame {i + 1} is not a 1-based index");
            if (declared is { } d && values[i] > d)
                throw reader.Fail(tag, $"value {values[i]} for frame {i + 1} exceeds {countTag} {countTag.Value.Keyword} = {d}");
        }
        return values;
    }
}
