namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// Normal limits of a polar map: per AHA segment the mean and standard deviation of uptake in percent of the highest
/// segment, for one tracer, reconstruction protocol and voxel size, with where they came from.
/// </summary>
public sealed record SegmentNormals(string Name, string Source, IReadOnlyList<double> MeanPercent, IReadOnlyList<double> SdPercent)
{
    /// <summary>Throws unless there are 17 positive means and SDs.</summary>
    public SegmentNormals Validate()
    {
        if (MeanPercent.Count != AhaSegments.Count || SdPercent.Count != AhaSegments.Count)
            throw new ArgumentException($"normal limits '{Name}' need {AhaSegments.Count} means and SDs, got {MeanPercent.Count} and {SdPercent.Count}");
        if (MeanPercent.Any(m => !(m > 0)) || SdPercent.Any(s => !(s > 0)))
            throw new ArgumentException($"normal limits '{Name}': means and SDs must be positive");
        return this;
    }
}
