namespace Photopeak.Reporting.Dicom;

/// <summary>
/// Identifiers and times of the DICOM report instance. UIDs left null are generated: for a signed report they are derived from
/// the content hash, so exporting the same signed report twice gives the same instance.
/// </summary>
public sealed record EncapsulatedPdfOptions
{
    public string? SeriesInstanceUid { get; init; }
    public string? SopInstanceUid { get; init; }
    public int SeriesNumber { get; init; } = 900;
    public int InstanceNumber { get; init; } = 1;

    /// <summary>Content date/time; defaults to the signing time, or now for a draft.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
