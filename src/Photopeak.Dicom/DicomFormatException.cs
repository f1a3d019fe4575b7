namespace Photopeak.Dicom;

/// <summary>The bytes are not a well-formed DICOM stream. Names the byte offset and, where known, the tag being read.</summary>
public sealed class DicomFormatException : Exception
{
    public DicomFormatException(string message, long offset, DicomTag? tag = null, string? source = null, Exception? inner = null)
        : base(Compose(message, offset, tag, source), inner)
    {
        Offset = offset;
        Tag = tag;
        Source = source;
        Reason = message;
    }

    /// <summary>Byte offset in the file (or in the inflated stream for deflated data) where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The tag being read, if the problem is inside an element.</summary>
    public DicomTag? Tag { get; }

    /// <summary>The file name, when reading from a file.</summary>
    public new string? Source { get; }

    /// <summary>The problem without location.</summary>
    public string Reason { get; }

    /// <summary>The elements read before the problem, so a header stays inspectable (may be null).</summary>
    public DicomDataset? PartialDataset { get; init; }

    private static string Compose(string message, long offset, DicomTag? tag, string? source) =>
        $"{(source is null ? "" : source + ": ")}{message} (at byte offset {offset}{(tag is { } t ? $", tag {t}" : "")})";

    internal DicomFormatException WithSource(string source, DicomDataset? partial) =>
        new(Reason, Offset, Tag, source, InnerException) { PartialDataset = partial ?? PartialDataset };
}
