namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// Scores each AHA segment 0 normal, 1 mild, 2 moderate, 3 severe reduction, 4 absent uptake [Cerqueira2002] from how far
/// its uptake falls below the normal mean. A segment counts as reduced only when it is also more than
/// <see cref="NormalZ"/> SD below the mean. The deficit bands (fraction of the normal mean) are our choice, set so that a
/// segment simulated at 20–30% of normal uptake scores 3 or more at 64 × 64; they are not a published standard [?].
/// </summary>
public static class SegmentScoring
{
    public const double NormalZ = 2.0;
    public const double SdFloorPercent = 4.0;
    /// <summary>Deficit (1 − uptake / normal mean) at which scores 1, 2, 3 and 4 begin.</summary>
    public static readonly IReadOnlyList<double> DeficitBands = [0.10, 0.20, 0.30, 0.50];

    /// <summary>Scores for segment uptakes in percent of the highest segment.</summary>
    public static int[] Score(IReadOnlyList<double> uptakePercent, SegmentNormals normals)
    {
        normals.Validate();
        if (uptakePercent.Count != AhaSegments.Count) throw new ArgumentException($"need {AhaSegments.Count} segment uptakes, got {uptakePercent.Count}");
        var scores = new int[AhaSegments.Count];
        for (int s = 0; s < scores.Length; s++)
        {
            double mean = normals.MeanPercent[s], deficit = 1 - uptakePercent[s] / mean;
            if ((mean - uptakePercent[s]) / Math.Max(SdFloorPercent, normals.SdPercent[s]) <= NormalZ) continue;
            int score = 0;
            while (score < DeficitBands.Count && deficit >= DeficitBands[score]) score++;
            scores[s] = score;
        }
        return scores;
    }
}
