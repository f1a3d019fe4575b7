namespace Photopeak.Procedures.CardiacSympathetic;

/// <summary>Myocardial mIBG washout rate between the early and late images, in percent.</summary>
public static class WashoutRate
{
    /// <summary>
    /// Without background correction: WR = (He − Hl·DCF) / He × 100 [%], where H are heart ROI mean count rates
    /// (counts/pixel/s) and DCF = 2^((t_late − t_early)/T½) refers late counts back to the early time
    /// [Flotats2010; Veltman2012, EJNMMI 39:1599 — the more reproducible variant].
    /// </summary>
    public static double WithoutBackground(double heartEarly, double heartLate, double decayFactor)
    {
        if (!(heartEarly > 0)) throw new ArgumentOutOfRangeException(nameof(heartEarly), heartEarly, "early heart count rate must be positive");
        return (heartEarly - heartLate * decayFactor) / heartEarly * 100.0;
    }

    /// <summary>
    /// With mediastinal background correction: WR = ((He − Me) − (Hl − Ml)·DCF) / (He − Me) × 100 [%]
    /// [Flotats2010; Veltman2012].
    /// </summary>
    public static double WithBackground(double heartEarly, double mediastinumEarly, double heartLate, double mediastinumLate, double decayFactor)
    {
        var netEarly = heartEarly - mediastinumEarly;
        if (!(netEarly > 0)) throw new ArgumentOutOfRangeException(nameof(heartEarly), heartEarly, "early heart count rate does not exceed the mediastinal background: background-corrected washout is undefined");
        return (netEarly - (heartLate - mediastinumLate) * decayFactor) / netEarly * 100.0;
    }
}
