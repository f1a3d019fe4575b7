namespace Photopeak.Simulation.Physics;

/// <summary>A tracer: the nuclide plus the compound, with its DICOM code (CID 25), or null where we have no code checked
/// against PS3.16 (the Radiopharmaceutical Code Sequence is Type 3 and is then left out; the name stays in (0018,0031)).</summary>
public sealed record Radiopharmaceutical(string Name, Emitter Nuclide, CodedConcept? Code)
{
    // DICOM CID 25 radiopharmaceutical codes (SNOMED-RT) [?: code values to be checked against PS3.16].
    public static readonly Radiopharmaceutical I123Mibg = new("Iobenguane I-123", Emitter.I123,
        new CodedConcept("C-B1045", "SRT", "Iobenguane I^123^"));
    public static readonly Radiopharmaceutical Tc99mMaa = new("Tc-99m macroaggregated albumin", Emitter.Tc99m,
        new CodedConcept("C-B1038", "SRT", "Technetium Tc^99m^ macroaggregated albumin"));
    public static readonly Radiopharmaceutical Tc99mSestamibi = new("Tc-99m sestamibi", Emitter.Tc99m,
        new CodedConcept("C-B1049", "SRT", "Technetium Tc^99m^ sestamibi"));
    public static readonly Radiopharmaceutical Tc99mRbc = new("Tc-99m labelled red blood cells", Emitter.Tc99m,
        new CodedConcept("C-B1034", "SRT", "Technetium Tc^99m^ red blood cells"));
    public static readonly Radiopharmaceutical Tc99mPertechnetate = new("Tc-99m pertechnetate", Emitter.Tc99m,
        new CodedConcept("C-B1041", "SRT", "Technetium Tc^99m^ pertechnetate"));
    public static readonly Radiopharmaceutical Tc99mDtpaAerosol = new("Tc-99m DTPA aerosol", Emitter.Tc99m,
        new CodedConcept("C-B1039", "SRT", "Technetium Tc^99m^ pentetate aerosol"));
    public static readonly Radiopharmaceutical In111Pentetreotide = new("Indium In-111 pentetreotide", Emitter.In111, null);
    public static readonly Radiopharmaceutical In111Chloride = new("Indium In-111 chloride", Emitter.In111, null);
    public static readonly Radiopharmaceutical Tl201Chloride = new("Thallous chloride Tl-201", Emitter.Tl201, null);
    public static readonly Radiopharmaceutical Ga67Citrate = new("Gallium Ga-67 citrate", Emitter.Ga67, null);
}
