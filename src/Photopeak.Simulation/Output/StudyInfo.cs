namespace Photopeak.Simulation.Output;

/// <summary>The fictitious patient and the study every series of one simulation belongs to.</summary>
public sealed record StudyInfo(
    long Seed,
    string PatientId,
    string PatientName,
    string PatientSex,
    double PatientWeightKg,
    double PatientHeightM,
    DateTime StudyStart,
    string StudyDescription,
    string StudyInstanceUid,
    string FrameOfReferenceUid)
{
    /// <summary>A fictitious patient named after the seed; UIDs derived from the seed.</summary>
    public static StudyInfo Fictitious(long seed, string kind, DateTime studyStart) => new(
        seed, $"SIM{seed:D6}", $"PHANTOM^{kind.ToUpperInvariant().Replace('-', '_')}", "M", 75, 1.75, studyStart,
        $"Photopeak simulation {kind}", DeterministicUid.For(seed, kind + "/study"), DeterministicUid.For(seed, kind + "/frame-of-reference"));
}
