namespace Photopeak.Simulation.Physics;

/// <summary>A gamma emitter as the simulator needs it: half-life, the imaged photon and the high-energy lines that penetrate LE septa.</summary>
/// <param name="HighEnergyYield">Photons per decay above ~400 keV (I-123: 440, 505, 529, 538, 624, 688, 736, 784 keV), which penetrate low-energy collimators.</param>
public sealed record Radionuclide(
    string Name,
    string DicomName,
    double HalfLifeHours,
    double PhotonEnergyKeV,
    double PhotonYield,
    double HighEnergyYield,
    CodedConcept Code)
{
    /// <summary>Decay constant per hour, ln2 / T½.</summary>
    public double LambdaPerHour => Math.Log(2) / HalfLifeHours;

    /// <summary>Fraction of activity remaining after the given hours.</summary>
    public double DecayFactor(double hours) => Math.Exp(-LambdaPerHour * hours);

    /// <summary>Activity-time integral over a frame starting with unit activity, in hours: (1 − e^(−λT)) / λ [CLINICAL 1.2].</summary>
    public double FrameIntegralHours(double frameHours) =>
        frameHours <= 0 ? 0 : (1 - Math.Exp(-LambdaPerHour * frameHours)) / LambdaPerHour;

    // T½ Tc-99m 6.0072 h (NNDC NuDat 3, Nucl Data Sheets 145, 25, 2017); 140.5 keV, 89% (NNDC).
    // Code: SNOMED-RT C-163A8 "^99m^Technetium" (DICOM CID 18).
    public static readonly Radionuclide Tc99m = new("Tc-99m", "^99m^Technetium", 6.0072, 140.5, 0.89, 0.0,
        new CodedConcept("C-163A8", "SRT", "^99m^Technetium"));

    // T½ I-123 13.223 h (NNDC NuDat 3); 159.0 keV 83.3%; lines > 400 keV sum to ~2.6% per decay
    // (529.0 keV 1.39%, 440.0 0.43%, 538.5 0.38%, 505.3 0.32%, others < 0.1%) (NNDC NuDat 3, ENSDF A=123).
    // Code: SNOMED-RT C-114A4 "^123^Iodine" (DICOM CID 18) [?: code value not checked against PS3.16].
    public static readonly Radionuclide I123 = new("I-123", "^123^Iodine", 13.223, 159.0, 0.833, 0.026,
        new CodedConcept("C-114A4", "SRT", "^123^Iodine"));

    /// <summary>Looks a nuclide up by its short name (Tc-99m, I-123).</summary>
    public static Radionuclide Parse(string name) => name.Replace("-", "").ToUpperInvariant() switch
    {
        "TC99M" => Tc99m,
        "I123" => I123,
        _ => throw new ArgumentException($"unknown radionuclide '{name}' (known: Tc-99m, I-123)"),
    };
}
