namespace Photopeak.Simulation.Phantoms;

/// <summary>
/// Blood concentration (MBq/ml) of an intravenous bolus on its first pass through the central circulation, as a chain of
/// mixing compartments (indicator dilution): superior vena cava → right atrium → right ventricle → pulmonary trunk → lungs →
/// left atrium → left ventricle → aorta. The lungs pass 40 % of their mean transit as plug flow (the conduit arteries and
/// veins: nothing reaches the left atrium earlier) and 60 % through a cascade of four mixing stages (the capillary bed), a
/// relative dispersion of 0.3 [?: pulmonary transit ~5 s at rest, appearance after 2–3 s].
/// Every compartment the whole cardiac output passes keeps ∫C dt = A / CO (Stewart–Hamilton) [Zierler1962]. A ventricle
/// ejecting a fraction EF of its end-diastolic blood each beat dilutes its concentration by (1 − EF) per beat, the basis of
/// the washout estimate of EF; as a continuous mixing chamber that is a time constant of −T / ln(1 − EF) for an R-R interval
/// T. Recirculation enters the right atrium after the systemic transit and mixes towards A / blood volume.
/// </summary>
public sealed class BolusTransit
{
    /// <summary>Integration step, s.</summary>
    public const double StepSeconds = 0.005;
    /// <summary>Pulmonary blood volume, ml [?: ~450 ml in adults, about 9 % of the blood volume].</summary>
    public const double PulmonaryBloodMl = 450;
    /// <summary>Total blood volume, ml [?: 70 ml/kg for 70 kg].</summary>
    public const double BloodVolumeMl = 5000;
    private const double AtriumMl = 55, SystemicDelayS = 6, MixingS = 10, TissueFraction = 0.05;
    private const int LungStages = 4;
    private const double LungPlugFraction = 0.4;

    private readonly Dictionary<Organ, double[]> curves;

    private BolusTransit(Dictionary<Organ, double[]> curves, double cardiacOutput, double[] lung, double lungFraction)
    {
        this.curves = curves;
        CardiacOutputMlPerS = cardiacOutput;
        curves[Organ.RightLung] = curves[Organ.LeftLung] = lung.Select(c => c * lungFraction).ToArray();
    }

    /// <summary>Cardiac output, ml/s: heart rate × LV stroke volume.</summary>
    public double CardiacOutputMlPerS { get; }

    /// <summary>Mean pulmonary transit time, s: pulmonary blood volume / cardiac output.</summary>
    public double PulmonaryTransitSeconds => PulmonaryBloodMl / CardiacOutputMlPerS;

    /// <summary>Concentration (MBq per ml of the organ) at <paramref name="seconds"/> after injection; organs outside the chain
    /// (tissue of the body) follow the recirculating blood at a low tissue fraction.</summary>
    public double ConcentrationMBqPerMl(Organ organ, double seconds)
    {
        var c = curves.TryGetValue(organ, out var v) ? v : curves[Organ.Body];
        var x = seconds / StepSeconds;
        if (x <= 0) return c[0];
        var i = (int)x;
        if (i >= c.Length - 1) return c[^1];
        var w = x - i;
        return c[i] * (1 - w) + c[i + 1] * w;
    }

    /// <summary>Time of the organ's concentration maximum, s.</summary>
    public double PeakSeconds(Organ organ)
    {
        var c = curves[organ];
        var best = 0;
        for (var i = 1; i < c.Length; i++) if (c[i] > c[best]) best = i;
        return best * StepSeconds;
    }

    /// <summary>The first pass of <paramref name="activityMBq"/> injected at time 0 (the bolus reaches the vena cava about 1 s
    /// later), over <paramref name="durationS"/>. A fragmented bolus arrives in two equal parts 2.5 s apart.</summary>
    public static BolusTransit Simulate(double activityMBq, HeartModel heart, double heartRateBpm, double lungVolumeMl, bool fragmented, double durationS)
    {
        ArgumentNullException.ThrowIfNull(heart);
        var rr = 60 / heartRateBpm;
        var co = heart.LvStrokeMl / rr;
        var lvef = heart.LvStrokeMl / heart.EdvMl;
        var rvef = (heart.RvEdvMl - heart.RvEsvMl) / heart.RvEdvMl;
        var n = (int)Math.Ceiling(durationS / StepSeconds) + 2;
        var input = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = i * StepSeconds;
            input[i] = fragmented ? 0.5 * Bolus(t - 1.0) + 0.5 * Bolus(t - 3.5) : Bolus(t - 1.0);
            input[i] *= activityMBq / co;
        }
        // First without recirculation, to time it from the LV peak; then with it.
        var (first, _) = Run(input, new double[n], co, rr, lvef, rvef);
        var lvPeak = ArgMax(first[Organ.LvBloodPool]) * StepSeconds;
        var recirculating = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = i * StepSeconds - lvPeak - SystemicDelayS;
            recirculating[i] = t > 0 ? activityMBq / BloodVolumeMl * (1 - Math.Exp(-t / MixingS)) : 0;
        }
        var (all, lung) = Run(input, recirculating, co, rr, lvef, rvef);
        all[Organ.Body] = recirculating.Select(c => c * TissueFraction).ToArray();
        return new BolusTransit(all, co, lung, PulmonaryBloodMl / lungVolumeMl);
    }

    /// <summary>Concentrations of the chain's compartments, and the mean blood concentration of the lungs.</summary>
    private static (Dictionary<Organ, double[]> Chambers, double[] Lungs) Run(double[] input, double[] recirculating, double co, double rr, double lvef, double rvef)
    {
        var n = input.Length;
        double Keep(double tauS) => Math.Exp(-StepSeconds / tauS);
        var ra = Keep(AtriumMl / co); var la = ra;
        var rv = Keep(-rr / Math.Log(1 - rvef)); var lv = Keep(-rr / Math.Log(1 - lvef));
        var transit = PulmonaryBloodMl / co;
        var stage = Keep((1 - LungPlugFraction) * transit / LungStages);
        var plug = Math.Max(1, (int)Math.Round(LungPlugFraction * transit / StepSeconds));
        var conduit = new double[n]; // RV output, read back a plug transit later
        var conduitPrefixAt = new double[n];
        double conduitPrefix = 0;
        var c = new Dictionary<Organ, double[]>();
        foreach (var o in new[] { Organ.SuperiorVenaCava, Organ.RightAtrium, Organ.RvBloodPool, Organ.PulmonaryTrunk, Organ.LeftAtrium,
                     Organ.LvBloodPool, Organ.AscendingAorta, Organ.DescendingAorta })
            c[o] = new double[n];
        var lungBlood = new double[n];
        var lungs = new double[LungStages];
        double cRa = 0, cRv = 0, cLa = 0, cLv = 0;
        var aortaDelay = (int)Math.Round(0.3 / StepSeconds);
        for (var i = 0; i < n; i++)
        {
            var vein = input[i] + recirculating[i];
            cRa = vein + (cRa - vein) * ra;
            cRv = cRa + (cRv - cRa) * rv;
            conduit[i] = cRv;
            var upstream = i >= plug ? conduit[i - plug] : 0;
            for (var k = 0; k < LungStages; k++) { lungs[k] = upstream + (lungs[k] - upstream) * stage; upstream = lungs[k]; }
            // Lung blood: the conduits (plug) and the capillary stages, by their shares of the pulmonary blood volume.
            var conduitSum = (conduitPrefix += cRv) - (i >= plug ? conduitPrefixAt[i - plug] : 0);
            conduitPrefixAt[i] = conduitPrefix;
            cLa = upstream + (cLa - upstream) * la;
            cLv = cLa + (cLv - cLa) * lv;
            c[Organ.SuperiorVenaCava][i] = vein; c[Organ.RightAtrium][i] = cRa; c[Organ.RvBloodPool][i] = cRv; c[Organ.PulmonaryTrunk][i] = cRv;
            lungBlood[i] = LungPlugFraction * conduitSum / plug + (1 - LungPlugFraction) * lungs.Average();
            c[Organ.LeftAtrium][i] = cLa; c[Organ.LvBloodPool][i] = cLv; c[Organ.AscendingAorta][i] = cLv;
            c[Organ.DescendingAorta][i] = c[Organ.LvBloodPool][Math.Max(0, i - aortaDelay)];
        }
        return (c, lungBlood);
    }

    /// <summary>Gamma-variate bolus shape (α = 2, β = 0.3 s: about 1 s at half maximum), unit area, t in s from its start.</summary>
    private static double Bolus(double t)
    {
        const double beta = 0.3;
        return t <= 0 ? 0 : t * t * Math.Exp(-t / beta) / (2 * beta * beta * beta); // Γ(3) = 2
    }

    private static int ArgMax(double[] v)
    {
        var best = 0;
        for (var i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
