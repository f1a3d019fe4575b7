using Photopeak.Imaging.Nuclides;
using Photopeak.Procedures.Pipeline;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>What the caller supplies for tumour SPECT besides the study: the site's calibration factor and the patient's weight.</summary>
public sealed record TumourSpectOptions : IProcedureOptions
{
    /// <summary>Concentration calibration factor, cps/MBq (<c>process --cf</c>; measured with <c>recon --calibrate-cylinder</c>
    /// for the same nuclide, collimator and protocol); null = no activity concentrations or SUV.</summary>
    public double? CfCpsPerMBq { get; init; }

    /// <summary>The radionuclide the factor was measured with (<c>--cf-nuclide</c>); null = assumed to be the study's.</summary>
    public string? CfNuclide { get; init; }

    /// <summary>Patient weight, kg (<c>--weight-kg</c>), where Patient's Weight (0010,1030) is missing or to be replaced.</summary>
    public double? WeightKg { get; init; }

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (CfCpsPerMBq is { } cf && !(cf > 0 && cf < 1e6)) yield return $"--cf {cf}: a calibration factor is a positive number of cps/MBq (below 1e6)";
        if (CfNuclide is { } n && Radionuclide.FromText(n) is null) yield return $"--cf-nuclide {n}: not a radionuclide Photopeak knows";
        if (CfNuclide is not null && CfCpsPerMBq is null) yield return "--cf-nuclide is given without --cf";
        if (WeightKg is { } w && !(w >= 0.5 && w <= 400)) yield return $"--weight-kg {w}: give the patient's weight in kg (0.5 to 400)";
    }
}
