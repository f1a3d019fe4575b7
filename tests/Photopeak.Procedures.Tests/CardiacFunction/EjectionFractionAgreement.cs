namespace Photopeak.Procedures.Tests.CardiacFunction;

/// <summary>How measured ejection fractions agree with truth and with one another, in EF points: the statistics the cardiac
/// accuracy tests bound (least-squares slope of measured on truth, rms error, sample SD).</summary>
internal static class EjectionFractionAgreement
{
    public static double Slope(IReadOnlyList<double> truth, IReadOnlyList<double> measured)
    {
        double mt = truth.Average(), mm = measured.Average();
        return truth.Zip(measured, (t, m) => (t - mt) * (m - mm)).Sum() / truth.Sum(t => (t - mt) * (t - mt));
    }

    public static double Rms(IReadOnlyList<double> errors) => Math.Sqrt(errors.Average(x => x * x));

    public static double Sd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1));
    }
}
