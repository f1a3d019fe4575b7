namespace Photopeak.Dicom;

/// <summary>An element's value cannot be interpreted as asked (for example IS "1A" read as an integer). Names the tag and the value.</summary>
public sealed class DicomValueException(DicomTag tag, string message)
    : Exception($"{tag} {tag.Keyword ?? "private/unknown"}: {message}")
{
    public DicomTag Tag { get; } = tag;
}
