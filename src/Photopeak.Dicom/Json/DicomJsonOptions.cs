namespace Photopeak.Dicom.Json;

/// <summary>How <see cref="DicomJsonWriter"/> writes a data set.</summary>
public sealed record DicomJsonOptions
{
    /// <summary>Write bulk data (OB, OD, OF, OL, OV, OW, UN and encapsulated pixel data) as "InlineBinary"; when false those elements are left out.</summary>
    public bool IncludeBulkData { get; init; } = true;

    /// <summary>
    /// When set, a bulk data element of the top-level data set for which this returns a URI is written as {"vr", "BulkDataURI"}
    /// (PS3.18 F.2.6) instead of being left out or written inline; null from it falls back to <see cref="IncludeBulkData"/>.
    /// </summary>
    public Func<DicomTag, string?>? BulkDataUri { get; init; }

    /// <summary>Indent with two spaces per level (dcm2json's default); false writes compact JSON.</summary>
    public bool Indented { get; init; } = true;

    public static DicomJsonOptions Default { get; } = new();
}
