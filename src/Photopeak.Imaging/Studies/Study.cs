namespace Photopeak.Imaging.Studies;

/// <summary>The series of one Study Instance UID, ordered by Series Number then UID.</summary>
public sealed record Study(string StudyInstanceUid, IReadOnlyList<Series> Series)
{
    /// <summary>Patient ID of the first instance (never the name).</summary>
    public string? PatientId => First.PatientId;

    /// <summary>Patient, study and request attributes of the first instance, for reports (never logged: see its ToString).</summary>
    public StudyHeader Header => First.Header;

    public DateOnly? StudyDate => First.StudyDate ?? First.SeriesDate;

    /// <summary>Every acquisition of the study.</summary>
    public IEnumerable<NmAcquisition> Acquisitions => Series.SelectMany(s => s.Acquisitions);

    private NmAcquisition First => Series[0].Acquisitions[0];
}
