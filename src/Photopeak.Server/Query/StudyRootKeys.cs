using System.Globalization;
using Photopeak.Dicom;
using Photopeak.Server.Store;

namespace Photopeak.Server.Query;

/// <summary>
/// The Study Root attributes the node can match on and return (PS3.4 C.6.2.1): those the index holds for every instance, and
/// those derived over a study or series (modalities in study, numbers of related series and instances). C-FIND and QIDO-RS
/// both read them from here.
/// </summary>
public static class StudyRootKeys
{
    /// <summary>One attribute: the level it belongs to, its VR, and how to read it from an instance's row (null: derived over a group).</summary>
    public sealed record Key(DicomTag Tag, QueryLevel Level, DicomVR VR, Func<InstanceAttributes, string?>? Value);

    private static readonly Dictionary<uint, Key> ByTag = new Key[]
    {
        new(DicomTags.PatientName, QueryLevel.Study, DicomVR.PN, a => a.PatientName),
        new(DicomTags.PatientID, QueryLevel.Study, DicomVR.LO, a => a.PatientId),
        new(DicomTags.PatientBirthDate, QueryLevel.Study, DicomVR.DA, a => a.PatientBirthDate),
        new(DicomTags.PatientSex, QueryLevel.Study, DicomVR.CS, a => a.PatientSex),
        new(DicomTags.StudyDate, QueryLevel.Study, DicomVR.DA, a => a.StudyDate),
        new(DicomTags.StudyTime, QueryLevel.Study, DicomVR.TM, a => a.StudyTime),
        new(DicomTags.AccessionNumber, QueryLevel.Study, DicomVR.SH, a => a.AccessionNumber),
        new(DicomTags.StudyID, QueryLevel.Study, DicomVR.SH, a => a.StudyId),
        new(DicomTags.StudyInstanceUID, QueryLevel.Study, DicomVR.UI, a => a.StudyInstanceUid),
        new(DicomTags.StudyDescription, QueryLevel.Study, DicomVR.LO, a => a.StudyDescription),
        new(DicomTags.ReferringPhysicianName, QueryLevel.Study, DicomVR.PN, a => a.ReferringPhysicianName),
        new(DicomTags.ModalitiesInStudy, QueryLevel.Study, DicomVR.CS, null),
        new(DicomTags.NumberOfStudyRelatedSeries, QueryLevel.Study, DicomVR.IS, null),
        new(DicomTags.NumberOfStudyRelatedInstances, QueryLevel.Study, DicomVR.IS, null),
        new(DicomTags.Modality, QueryLevel.Series, DicomVR.CS, a => a.Modality),
        new(DicomTags.SeriesInstanceUID, QueryLevel.Series, DicomVR.UI, a => a.SeriesInstanceUid),
        new(DicomTags.SeriesNumber, QueryLevel.Series, DicomVR.IS, a => a.SeriesNumber?.ToString(CultureInfo.InvariantCulture)),
        new(DicomTags.SeriesDescription, QueryLevel.Series, DicomVR.LO, a => a.SeriesDescription),
        new(DicomTags.NumberOfSeriesRelatedInstances, QueryLevel.Series, DicomVR.IS, null),
        new(DicomTags.SOPInstanceUID, QueryLevel.Image, DicomVR.UI, a => a.SopInstanceUid),
        new(DicomTags.SOPClassUID, QueryLevel.Image, DicomVR.UI, a => a.SopClassUid),
        new(DicomTags.InstanceNumber, QueryLevel.Image, DicomVR.IS, a => a.InstanceNumber?.ToString(CultureInfo.InvariantCulture)),
        new(DicomTags.Rows, QueryLevel.Image, DicomVR.US, a => a.Rows?.ToString(CultureInfo.InvariantCulture)),
        new(DicomTags.Columns, QueryLevel.Image, DicomVR.US, a => a.Columns?.ToString(CultureInfo.InvariantCulture)),
        new(DicomTags.BitsAllocated, QueryLevel.Image, DicomVR.US, a => a.BitsAllocated?.ToString(CultureInfo.InvariantCulture)),
        new(DicomTags.NumberOfFrames, QueryLevel.Image, DicomVR.IS, a => a.NumberOfFrames?.ToString(CultureInfo.InvariantCulture)),
    }.ToDictionary(k => k.Tag.Value);

    /// <summary>Every attribute, in tag order.</summary>
    public static IReadOnlyList<Key> All { get; } = ByTag.Values.OrderBy(k => k.Tag.Value).ToList();

    /// <summary>The attribute for a tag, if the node knows it.</summary>
    public static bool TryGet(DicomTag tag, out Key key) => ByTag.TryGetValue(tag.Value, out key!);

    /// <summary>
    /// Puts a value as the index holds it (text; null or empty for none) into a response data set under <paramref name="vr"/>:
    /// text VRs as they are, binary numbers (US, UL…) encoded as such, so a numeric key such as Rows never breaks a response.
    /// </summary>
    public static void Set(DicomDataset response, DicomTag tag, DicomVR vr, string? value)
    {
        if (vr.IsString) response.Set(tag, vr, string.IsNullOrEmpty(value) ? [] : [value]);
        else if (vr.SwapUnit > 1 && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) response.SetNumbers(tag, vr, number);
        else response.SetBytes(tag, vr, ReadOnlyMemory<byte>.Empty);
    }
}
