namespace Photopeak.Imaging.Nuclides;

/// <summary>
/// Physical decay arithmetic, CLINICAL.md 1.2: lambda = ln2 / T½; A(t) = A0·exp(-lambda·(t - t0));
/// DCF(t0 -> t) = exp(+lambda·(t - t0)); frame average = lambda·T / (1 - exp(-lambda·T)) [Ljungberg2016, MIRD 26].
/// Times in hours unless a TimeSpan or DateTime is given.
/// </summary>
public static class DecayCorrection
{
    /// <summary>Decay constant per hour, ln 2 / T½ (T½ in hours).</summary>
    public static double LambdaPerHour(double halfLifeHours)
    {
        if (!(halfLifeHours > 0)) throw new ArgumentOutOfRangeException(nameof(halfLifeHours), halfLifeHours, "half-life must be positive");
        return Math.Log(2) / halfLifeHours;
    }

    /// <summary>Fraction of activity left after <paramref name="elapsedHours"/>: exp(-lambda·t).</summary>
    public static double RemainingFraction(double halfLifeHours, double elapsedHours) => Math.Exp(-LambdaPerHour(halfLifeHours) * elapsedHours);

    /// <summary>Factor that refers counts measured <paramref name="elapsedHours"/> after the reference back to it: exp(+lambda·(t - t0)).</summary>
    public static double Factor(double halfLifeHours, double elapsedHours) => Math.Exp(LambdaPerHour(halfLifeHours) * elapsedHours);

    /// <summary>Factor that refers counts measured at <paramref name="measured"/> back to <paramref name="reference"/> (negative elapsed time gives a factor below 1).</summary>
    public static double Factor(double halfLifeHours, DateTime reference, DateTime measured) => Factor(halfLifeHours, (measured - reference).TotalHours);

    /// <summary>The same, for a nuclide from the table.</summary>
    public static double Factor(Radionuclide nuclide, DateTime reference, DateTime measured) => Factor(nuclide.HalfLifeHours, reference, measured);

    /// <summary>
    /// Multiplies the counts of a frame of length T to give the count rate at frame start, as if no decay happened during the frame:
    /// lambda·T / (1 - exp(-lambda·T)); 1 for T = 0.
    /// </summary>
    public static double FrameAverageFactor(double halfLifeHours, double frameDurationHours)
    {
        if (frameDurationHours < 0) throw new ArgumentOutOfRangeException(nameof(frameDurationHours), frameDurationHours, "frame duration must not be negative");
        var x = LambdaPerHour(halfLifeHours) * frameDurationHours;
        // Series of x/(1-e^-x) = 1 + x/2 + x²/12 keeps precision for the very short frames of dynamic studies.
        return x < 1e-4 ? 1 + x / 2 + x * x / 12 : x / (1 - Math.Exp(-x));
    }

    /// <summary>The same with the frame duration as a TimeSpan.</summary>
    public static double FrameAverageFactor(double halfLifeHours, TimeSpan frameDuration) => FrameAverageFactor(halfLifeHours, frameDuration.TotalHours);
}
