namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>Reversibility of a stress defect against the rest (redistribution, reinjection) image of the same view.</summary>
public enum DefectState { Reversible, PartiallyReversible, Fixed, RestOnly, Unpaired }

/// <summary>One wall of one view with uptake below the normal limit: extent (% of the wall's profile angles below the limit)
/// at stress and rest, severity (mean shortfall below the normal mean over those angles, % of the normal mean) and state.</summary>
public sealed record PerfusionDefect(MpiView View, string Wall, DefectState State, double StressExtentPercent, double RestExtentPercent, double SeverityPercent);

/// <summary>The measured profile of one image against its normal limits.</summary>
public sealed record ProfileComparison(PerfusionImage Image, CircumferentialProfile Profile, bool[] BelowLimit, double[] ShortfallPercent)
{
    /// <summary>% of the wall's angles below the normal limit.</summary>
    public double ExtentPercent(MpiWall wall)
    {
        int inWall = 0, below = 0;
        for (var k = 0; k < CircumferentialProfile.Angles; k++)
        {
            if (!wall.Covers(k * CircumferentialProfile.StepDegrees)) continue;
            inWall++;
            if (BelowLimit[k]) below++;
        }
        return inWall == 0 ? 0 : 100.0 * below / inWall;
    }

    /// <summary>Mean shortfall below the normal mean over the given angles of the wall, % of the normal mean.</summary>
    public double ShortfallOver(MpiWall wall, bool[] angles)
    {
        double sum = 0; var n = 0;
        for (var k = 0; k < CircumferentialProfile.Angles; k++)
            if (wall.Covers(k * CircumferentialProfile.StepDegrees) && angles[k]) { sum += ShortfallPercent[k]; n++; }
        return n == 0 ? 0 : sum / n;
    }

    /// <summary>Mean shortfall below the normal mean over the wall's below-limit angles, % of the normal mean (0 when none).</summary>
    public double SeverityPercent(MpiWall wall)
    {
        double sum = 0; var n = 0;
        for (var k = 0; k < CircumferentialProfile.Angles; k++)
            if (wall.Covers(k * CircumferentialProfile.StepDegrees) && BelowLimit[k]) { sum += ShortfallPercent[k]; n++; }
        return n == 0 ? 0 : sum / n;
    }

    /// <summary>The profile against the limits of the patient's population (Patient's Sex of the image's header).</summary>
    public static ProfileComparison Of(PerfusionImage image, CircumferentialProfile profile) =>
        Of(image, profile, PerfusionNormals.PopulationFor(image.Acquisition.Header.Sex));

    /// <summary>The profile against the limits of a stated population (and the image's tracer).</summary>
    public static ProfileComparison Of(PerfusionImage image, CircumferentialProfile profile, NormalPopulation population)
    {
        var (mean, sd) = PerfusionNormals.For(population, PerfusionNormals.TracerFor(image.Acquisition), image.State, image.View);
        var below = new bool[CircumferentialProfile.Angles];
        var shortfall = new double[CircumferentialProfile.Angles];
        for (var k = 0; k < below.Length; k++)
        {
            below[k] = profile.PercentOfMaximum[k] < mean[k] - PerfusionNormals.SdBelowMean * Math.Max(sd[k], PerfusionNormals.SdFloorPercent);
            shortfall[k] = 100 * (mean[k] - profile.PercentOfMaximum[k]) / mean[k];
        }
        return new ProfileComparison(image, profile, below, shortfall);
    }
}
