namespace Photopeak.Procedures.CardiacSpect;

/// <summary>
/// The AHA 17-segment model [Cerqueira2002]: the LV cut into basal, mid and apical thirds of its cavity length from the
/// base plane, rings of six (basal, mid) or four (apical) sectors starting anterior and running through septal, inferior
/// and lateral, and the apex beyond the end of the cavity.
/// </summary>
public static class AhaSegments
{
    public const int Count = 17;

    /// <summary>AHA names, index = segment number − 1.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "basal anterior", "basal anteroseptal", "basal inferoseptal", "basal inferior", "basal inferolateral", "basal anterolateral",
        "mid anterior", "mid anteroseptal", "mid inferoseptal", "mid inferior", "mid inferolateral", "mid anterolateral",
        "apical anterior", "apical septal", "apical inferior", "apical lateral", "apex",
    ];

    /// <summary>Segment number (1–17) of a point at fraction <paramref name="alongFraction"/> of the cavity length from the
    /// base (≥ 1 = apex) and short-axis angle <paramref name="angleDeg"/> (0 anterior, 90 septal, 180 inferior, 270 lateral).</summary>
    public static int Of(double alongFraction, double angleDeg)
    {
        if (alongFraction >= 1) return 17;
        var a = angleDeg % 360; if (a < 0) a += 360;
        // Sector k is centred at k × 60° (k × 90° apically); a point on a border goes to the next sector.
        if (alongFraction < 1 / 3.0) return 1 + (int)Math.Floor((a + 30) / 60) % 6;
        if (alongFraction < 2 / 3.0) return 7 + (int)Math.Floor((a + 30) / 60) % 6;
        return 13 + (int)Math.Floor((a + 45) / 90) % 4;
    }

    /// <summary>The coronary territory conventionally assigned to a segment [Cerqueira2002]: LAD, RCA or LCX.</summary>
    public static string Territory(int segment) => segment switch
    {
        1 or 2 or 7 or 8 or 13 or 14 or 17 => "LAD",
        3 or 4 or 9 or 10 or 15 => "RCA",
        _ => "LCX",
    };
}
