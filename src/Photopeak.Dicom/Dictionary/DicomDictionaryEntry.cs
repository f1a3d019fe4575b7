namespace Photopeak.Dicom;

/// <summary>One data dictionary row: tag, VR, keyword, value multiplicity and whether the attribute is retired.</summary>
public sealed record DicomDictionaryEntry(uint Tag, DicomVR VR, string Keyword, string VM, bool Retired);

/// <summary>A dictionary row that covers a range of groups and elements, such as the overlay group (60xx,eeee).</summary>
internal sealed record DicomDictionaryRange(ushort GroupFirst, ushort GroupLast, ushort ElementFirst, ushort ElementLast, DicomDictionaryEntry Entry)
{
    // Repeating groups 50xx and 60xx only use even groups (PS3.5 7.6).
    public bool Contains(DicomTag tag) =>
        tag.Group >= GroupFirst && tag.Group <= GroupLast && tag.Element >= ElementFirst && tag.Element <= ElementLast &&
        (GroupFirst == GroupLast || (tag.Group & 1) == 0);
}
