namespace Photopeak.Dicom.Json;

/// <summary>How <see cref="DicomJsonWriter"/> writes a data set.</summary>
public sealed record DicomJsonOptions
{
    /// <summary>Write bulk data (OB, OD, OF, OL, OV, OW, UN and encapsulated pixel data) as "InlineBinary"; when false those elements are left out.</summary>
    public bool IncludeBulkData { get; init; } = true;

    /// <summary>Indent with two spaces per level (dcm2json's default); false writes compact JSON.</summary>
    public bool Indented { get; init; } = true;

    public static DicomJsonOptions Default { get; } = new();
}
