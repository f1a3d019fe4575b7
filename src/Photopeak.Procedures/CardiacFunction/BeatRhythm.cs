namespace Photopeak.Procedures.CardiacFunction;

/// <summary>The rhythm of a first pass, from one ventricle's ROI curve: its beats (each marked at the steepest fall of the
/// pulsation once the bolus transit is divided out) and the intervals between them. The representative cycle is folded at one R-R interval,
/// which a premature beat breaks: its end-systole falls into the next beat's filling and the EF is blurred [Friedman2006].</summary>
/// <param name="IntervalsMs">Intervals between successive beats, ms.</param>
/// <param name="Irregular">True when an interval departs more than <see cref="BeatRhythm.ToleranceFraction"/> from the R-R
/// interval the cycle is folded at.</param>
/// <param name="NotAssessed">Why the rhythm was not judged, or null.</param>
public sealed record BeatRhythm(IReadOnlyList<double> IntervalsMs, bool Irregular, string? NotAssessed = null)
{
    /// <summary>Below this LV EF (%) or this many frames per beat a beat's timing jitters by 15 % or more of an R-R interval
    /// (measured on simulated regular hearts, the development set: measured LVEF 16–25 % or 110/min at 40 ms frames), as much as a premature beat moves it,
    /// so the rhythm is not judged [?: our limits].</summary>
    public const double MinimumLvefPercent = 28, MinimumFramesPerBeat = 15;

    /// <summary>A rhythm that was not judged, with the reason.</summary>
    public static BeatRhythm Unjudged(string reason) => new([], false, reason);

    /// <summary>An interval more than this fraction from the R-R interval the cycle is folded at marks an irregular rhythm (a
    /// premature beat comes 20–40 % early; regular simulated first passes stay within 10 %) [?: site practice; ECG beat
    /// rejection windows are commonly ±10–20 %].</summary>
    public const double ToleranceFraction = 0.15;

    /// <summary>Fewer intervals than this leave the rhythm unjudged (not irregular).</summary>
    public const int MinimumIntervals = 2;

    /// <summary>The beats of <paramref name="curve"/> over frames [<paramref name="from"/>, <paramref name="to"/>), folded at
    /// <paramref name="period"/> frames per beat, frames of <paramref name="frameSeconds"/>.</summary>
    public static BeatRhythm Of(double[] curve, int from, int to, double period, double frameSeconds)
    {
        from = Math.Max(0, from); to = Math.Min(curve.Length, to);
        // The transit divided out (a moving mean over one beat).
        var trend = FirstPassAnalysis.MovingMean(curve, Math.Max(1, (int)Math.Round(period / 2)));
        var pulse = new double[curve.Length];
        for (var f = 0; f < curve.Length; f++) pulse[f] = trend[f] > 0 ? curve[f] / trend[f] : 0;
        // 1-4-6-4-1 smoothing against counting noise, then the slope: each beat is marked where the ventricle empties fastest
        // (the steepest fall), sharper in time than the flat top of end-diastole.
        var smooth = new double[curve.Length];
        double[] kernel = [1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0];
        for (var f = 0; f < curve.Length; f++)
            for (var k = -2; k <= 2; k++) smooth[f] += kernel[k + 2] * pulse[Math.Clamp(f + k, 0, curve.Length - 1)];
        var slope = new double[curve.Length];
        for (var f = 1; f < curve.Length - 1; f++) slope[f] = smooth[f + 1] - smooth[f - 1];
        // The steepest fall within 35 % of a beat either side (a premature beat is at least 60 % of one).
        var reach = Math.Max(1, (int)Math.Round(0.35 * period));
        var maxima = new List<double>();
        for (var f = Math.Max(1, from); f < Math.Min(to, curve.Length - 1); f++)
        {
            var isMin = slope[f] < 0;
            for (var k = Math.Max(1, f - reach); k <= Math.Min(curve.Length - 2, f + reach) && isMin; k++)
                if (slope[k] < slope[f] || (slope[k] == slope[f] && k < f)) isMin = false;
            // To a fraction of a frame: the vertex of the parabola through the slope's three samples round its minimum.
            var curvature = slope[f - 1] - 2 * slope[f] + slope[f + 1];
            if (isMin) maxima.Add(f + (curvature > 0 ? Math.Clamp(0.5 * (slope[f - 1] - slope[f + 1]) / curvature, -0.5, 0.5) : 0));
        }
        var intervals = maxima.Zip(maxima.Skip(1), (a, b) => (b - a) * frameSeconds * 1000).ToArray();
        if (intervals.Length < MinimumIntervals) return new BeatRhythm(intervals, false, $"{maxima.Count} beat(s) found in the LV phase");
        var rr = period * frameSeconds * 1000;
        return new BeatRhythm(intervals, intervals.Any(i => Math.Abs(i - rr) > ToleranceFraction * rr));
    }
}
