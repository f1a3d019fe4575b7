namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>Collimator classes that the H/M standardisation distinguishes.</summary>
public enum CollimatorClass { Lehr, Legp, Elegp, Megp, Melp }

/// <summary>A conversion coefficient CC (slope of measured vs reference H/M − 1 in the calibration phantom) and where it comes from.</summary>
public sealed record ConversionCoefficient(double Value, double StandardDeviation, string Source);

/// <summary>Standardisation of H/M to the medium-energy reference, with default conversion coefficients per collimator class.</summary>
public static class CollimatorConversion
{
    /// <summary>The medium-energy reference CC to which all systems are mapped [Nakajima2014, J Nucl Cardiol 21:970; Verschure2018].</summary>
    public const double ReferenceCoefficient = 0.88;

    private const string Okuda2023 = "Okuda 2023, Ann Nucl Cardiol, doi:10.17996/anc.23-00006 (class mean, Taiwan + Europe)";

    /// <summary>Class defaults (mean ± SD) [Okuda2023]. A site's own phantom-measured CC should replace them.</summary>
    public static ConversionCoefficient Default(CollimatorClass collimator) => collimator switch
    {
        CollimatorClass.Lehr => new(0.53, 0.04, Okuda2023),
        CollimatorClass.Legp => new(0.59, 0.03, Okuda2023),
        CollimatorClass.Elegp => new(0.79, 0.03, Okuda2023),
        CollimatorClass.Megp => new(0.96, 0.04, Okuda2023),
        CollimatorClass.Melp => new(0.99, 0.05, Okuda2023),
        _ => throw new ArgumentOutOfRangeException(nameof(collimator)),
    };

    /// <summary>
    /// Standardised H/M = 1 + (0.88 / CC) × (H/M − 1): the ME-equivalent ratio [Nakajima2014; Verschure2018]
    /// (the definition of CC rearranged; dimensionless).
    /// </summary>
    public static double Standardise(double heartToMediastinum, ConversionCoefficient cc)
    {
        if (!(cc.Value > 0)) throw new ArgumentOutOfRangeException(nameof(cc), cc.Value, "conversion coefficient must be positive");
        return 1.0 + ReferenceCoefficient / cc.Value * (heartToMediastinum - 1.0);
    }

    /// <summary>
    /// Recognises the collimator class from Collimator/Grid Name (0018,1180) as vendors write it (LEHR, LEGP, LEAP,
    /// ELEGP, MEGP, ME, MELP, LME...). Null when the name does not say.
    /// </summary>
    public static CollimatorClass? Recognise(string? collimatorName)
    {
        if (string.IsNullOrWhiteSpace(collimatorName)) return null;
        var n = new string(collimatorName.ToUpperInvariant().Where(char.IsLetterOrDigit).ToArray());
        if (n.Contains("ELEGP") || n.Contains("LME")) return CollimatorClass.Elegp;
        if (n.Contains("MELP")) return CollimatorClass.Melp;
        if (n.Contains("MEGP") || n.Contains("MEAP") || n == "ME" || n.StartsWith("MEDIUM")) return CollimatorClass.Megp;
        if (n.Contains("LEHR") || n.Contains("HIGHRES") || n.Contains("LEUHR")) return CollimatorClass.Lehr;
        if (n.Contains("LEGP") || n.Contains("LEAP") || n.Contains("GENERALPURPOSE")) return CollimatorClass.Legp;
        return null;
    }
}
