using Photopeak.Dicom;

namespace Photopeak.Imaging;

/// <summary>A study cannot be processed as asked: an attribute is missing or inconsistent. Names the file, the tag and its keyword.</summary>
public sealed class StudyValidationException : Exception
{
    public StudyValidationException(string? source, DicomTag? tag, string problem, Exception? inner = null)
        : base(Compose(source, tag, problem), inner)
    {
        SourcePath = source;
        Tag = tag;
        Problem = problem;
    }

    /// <summary>The file the attribute was read from, when known.</summary>
    public string? SourcePath { get; }

    /// <summary>The attribute at fault, when one is.</summary>
    public DicomTag? Tag { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string Compose(string? source, DicomTag? tag, string problem) =>
        $"{(source is null ? "" : source + ": ")}{(tag is { } t ? $"{t} {t.Keyword ?? "private/unknown"}: " : "")}{problem}";
}
