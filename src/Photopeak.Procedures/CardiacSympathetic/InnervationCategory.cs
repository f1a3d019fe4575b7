namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>Risk category of late H/M against published thresholds.</summary>
public enum InnervationCategory
{
    /// <summary>Late H/M below 1.60: markedly reduced innervation, higher event risk.</summary>
    Low,
    /// <summary>Standardised late H/M 1.60 to 2.19: intermediate.</summary>
    Intermediate,
    /// <summary>At or above the normal limit.</summary>
    Normal,
}

/// <summary>Thresholds for H/M categories, each with its source.</summary>
public static class InnervationThresholds
{
    /// <summary>Late H/M 1.60: ADMIRE-HF lower limit of normal; below it the 2-year event rate was 37% vs 15% [Jacobson2010, JACC 55:2212].</summary>
    public const double AdmireHfLateLimit = 1.60;

    /// <summary>Standardised (ME-equivalent) H/M 2.20: lower limit of the Japanese normal database and upper band edge [Nakajima2014; Nakajima2018].</summary>
    public const double StandardisedNormalLimit = 2.20;

    /// <summary>Category of a standardised late H/M: &lt;1.60, 1.60–2.19, ≥2.20 [Nakajima2014, J Nucl Cardiol 21:970].</summary>
    public static InnervationCategory Categorise(double standardisedLateHm) =>
        standardisedLateHm < AdmireHfLateLimit ? InnervationCategory.Low :
        standardisedLateHm < StandardisedNormalLimit ? InnervationCategory.Intermediate : InnervationCategory.Normal;

    /// <summary>The category as the report's findings state it, with its thresholds and source.</summary>
    public static string Describe(InnervationCategory category) => category switch
    {
        InnervationCategory.Low => $"standardised late H/M < {AdmireHfLateLimit:0.00}: markedly reduced cardiac sympathetic innervation (higher risk) [Jacobson2010]",
        InnervationCategory.Intermediate => $"standardised late H/M {AdmireHfLateLimit:0.00}–{StandardisedNormalLimit - 0.01:0.00}: mildly to moderately reduced (intermediate) [Nakajima2014]",
        _ => $"standardised late H/M ≥ {StandardisedNormalLimit:0.00}: within normal limits [Nakajima2014]",
    };
}
