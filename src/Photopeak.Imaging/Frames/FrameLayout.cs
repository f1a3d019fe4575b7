namespace Photopeak.Imaging.Frames;

/// <summary>How many distinct values one frame vector takes.</summary>
public sealed record FrameDimension(FrameVector Vector, int Count);

/// <summary>
/// How the frames split by vector, in Frame Increment Pointer order, e.g. "2 detectors x 60 views".
/// Regular when the product of the counts equals the number of frames (every combination present once).
/// </summary>
public sealed record FrameLayout(int NumberOfFrames, IReadOnlyList<FrameDimension> Dimensions)
{
    /// <summary>True when every combination of vector values occurs exactly once.</summary>
    public bool IsRegular
    {
        get
        {
            long product = 1;
            foreach (var d in Dimensions) product *= d.Count;
            return Dimensions.Count == 0 ? NumberOfFrames == 1 : product == NumberOfFrames;
        }
    }

    /// <summary>The count for a vector, or null if the frames are not indexed by it.</summary>
    public int? CountOf(FrameVector vector)
    {
        foreach (var d in Dimensions)
        {
            if (d.Vector == vector) return d.Count;
        }
        return null;
    }

    /// <summary>
    /// Dimensions of one are left out unless all are one: "2 detectors x 60 views", "13 slices", "1 energy window x 1 detector";
    /// an irregular layout reads "5 frames over 2 phases, 5 time slices".
    /// </summary>
    public override string ToString()
    {
        if (Dimensions.Count == 0) return NumberOfFrames == 1 ? "1 frame" : $"{NumberOfFrames} frames";
        var shown = Dimensions.Where(d => d.Count > 1).ToList();
        if (shown.Count == 0) shown = [.. Dimensions];
        var parts = shown.Select(d => $"{d.Count} {d.Vector.Noun(d.Count)}");
        return IsRegular ? string.Join(" x ", parts) : $"{NumberOfFrames} frames over {string.Join(", ", parts)}";
    }
}
