using Photopeak.Dicom;

namespace Photopeak.Imaging;

/// <summary>One item of a DICOM code sequence (PS3.3 Table 8.8-1): code value, coding scheme designator and meaning.</summary>
public sealed record CodedEntry(string? Value, string? Scheme, string? Meaning)
{
    /// <summary>The code in an item, or null when it holds neither value nor meaning.</summary>
    public static CodedEntry? From(DicomDataset? item)
    {
        if (item is null) return null;
        var value = item.GetString(DicomTags.CodeValue) ?? item.GetString(DicomTags.LongCodeValue) ?? item.GetString(DicomTags.URNCodeValue);
        var meaning = item.GetString(DicomTags.CodeMeaning);
        if (value is null && meaning is null) return null;
        return new CodedEntry(value, item.GetString(DicomTags.CodingSchemeDesignator), meaning);
    }

    public override string ToString() => $"({Value ?? "-"}, {Scheme ?? "-"}, \"{Meaning ?? ""}\")";
}
