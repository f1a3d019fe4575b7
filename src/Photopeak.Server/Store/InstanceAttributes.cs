using Photopeak.Dicom;

namespace Photopeak.Server.Store;

/// <summary>
/// The attributes of a stored instance that the index keeps for C-FIND, the worklist and study assembly (PS3.4 C.6.2.1
/// study-root keys). Patient name and birth date are kept for queries and review, never written to a log.
/// </summary>
public sealed record InstanceAttributes(
    string SopClassUid,
    string SopInstanceUid,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string? PatientId,
    string? PatientName,
    string? PatientBirthDate,
    string? PatientSex,
    string? StudyDate,
    string? StudyTime,
    string? AccessionNumber,
    string? StudyId,
    string? StudyDescription,
    string? ReferringPhysicianName,
    string? Modality,
    int? SeriesNumber,
    string? SeriesDescription,
    int? InstanceNumber)
{
    /// <summary>Rows (0028,0010) of an image, for the instance-level QIDO-RS answer (PS3.18 Table 10.6.3-5).</summary>
    public int? Rows { get; init; }

    /// <summary>Columns (0028,0011) of an image.</summary>
    public int? Columns { get; init; }

    /// <summary>Bits Allocated (0028,0100) of an image.</summary>
    public int? BitsAllocated { get; init; }

    /// <summary>Number of Frames (0028,0008) of a multi-frame image.</summary>
    public int? NumberOfFrames { get; init; }

    /// <summary>Reads the attributes from a data set; throws <see cref="InvalidInstanceException"/> naming a missing or malformed UID.</summary>
    public static InstanceAttributes From(DicomDataset dataset) => new(
        Uid(dataset, DicomTags.SOPClassUID, "SOP Class UID"),
        Uid(dataset, DicomTags.SOPInstanceUID, "SOP Instance UID"),
        Uid(dataset, DicomTags.StudyInstanceUID, "Study Instance UID"),
        Uid(dataset, DicomTags.SeriesInstanceUID, "Series Instance UID"),
        Text(dataset, DicomTags.PatientID), Text(dataset, DicomTags.PatientName), Text(dataset, DicomTags.PatientBirthDate),
        Text(dataset, DicomTags.PatientSex), Text(dataset, DicomTags.StudyDate), Text(dataset, DicomTags.StudyTime),
        Text(dataset, DicomTags.AccessionNumber), Text(dataset, DicomTags.StudyID), Text(dataset, DicomTags.StudyDescription),
        Text(dataset, DicomTags.ReferringPhysicianName), Text(dataset, DicomTags.Modality), Number(dataset, DicomTags.SeriesNumber),
        Text(dataset, DicomTags.SeriesDescription), Number(dataset, DicomTags.InstanceNumber))
    {
        Rows = Number(dataset, DicomTags.Rows),
        Columns = Number(dataset, DicomTags.Columns),
        BitsAllocated = Number(dataset, DicomTags.BitsAllocated),
        NumberOfFrames = Number(dataset, DicomTags.NumberOfFrames),
    };

    /// <summary>True for a UID as PS3.5 9.1 allows it (digits and dots, at most 64 characters), which also makes it a safe file name.</summary>
    public static bool IsValidUid(string uid) =>
        uid.Length is > 0 and <= 64 && uid[0] != '.' && uid[^1] != '.' && !uid.Contains("..", StringComparison.Ordinal) && uid.All(c => c is '.' or (>= '0' and <= '9'));

    private static string Uid(DicomDataset dataset, DicomTag tag, string name)
    {
        var value = dataset.GetString(tag)?.Trim();
        if (string.IsNullOrEmpty(value)) throw new InvalidInstanceException($"{name} {tag} is missing");
        if (!IsValidUid(value)) throw new InvalidInstanceException($"{name} {tag} is invalid: not a UID of digits and dots up to 64 characters");
        return value;
    }

    private static string? Text(DicomDataset dataset, DicomTag tag)
    {
        try { return dataset.GetString(tag)?.Trim() is { Length: > 0 } s ? s : null; }
        catch (DicomValueException) { return null; }
    }

    private static int? Number(DicomDataset dataset, DicomTag tag)
    {
        try { return dataset.GetInt32(tag); }
        catch (Exception e) when (e is DicomValueException or FormatException or OverflowException) { return null; }
    }
}

/// <summary>A received instance the store refuses: unreadable, or missing the UIDs that place it in a study.</summary>
public sealed class InvalidInstanceException(string message, Exception? inner = null) : Exception(message, inner);
