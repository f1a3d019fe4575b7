namespace Photopeak.Dicom.Dump;

/// <summary>How <see cref="DicomTreeWriter"/> prints a data set.</summary>
public sealed record DicomDumpOptions
{
    /// <summary>Longest value text printed per element, in characters, before it is cut with "...".</summary>
    public int MaxValueChars { get; init; } = 80;

    /// <summary>Most binary values (US, FL, ...) printed per element before "...".</summary>
    public int MaxBinaryValues { get; init; } = 16;

    /// <summary>Print patient names and birth dates; by default they are masked (the project never prints them to a console).</summary>
    public bool ShowPatientIdentity { get; init; }

    public static DicomDumpOptions Default { get; } = new();
}
