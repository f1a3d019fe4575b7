using System.Globalization;
using System.Numerics;
using Photopeak.Procedures.CardiacSpect;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>
/// Where a point lies in the body, from the CT: the lungs (−950 to −400 HU inside the body) give the apices and bases
/// (patient z, mm), which split the body into neck, thorax, upper and lower abdomen and pelvis; the midline splits right
/// from left. Without CT only the side is known.
/// </summary>
public sealed record BodyLandmarks(double? LungApexMm, double? LungBaseMm)
{
    /// <summary>Below the lung bases: upper abdomen to 120 mm, lower abdomen to 200 mm, pelvis beyond [?: adult distances
    /// from the diaphragm to the iliac crests and the pelvic inlet].</summary>
    private const double UpperAbdomenMm = 120, LowerAbdomenMm = 200, MidlineMm = 35;
    /// <summary>A slice is thoracic when lung makes up this share of its body section.</summary>
    private const double LungShare = 0.10;

    /// <summary>No CT: the side of the midline only.</summary>
    public static BodyLandmarks None { get; } = new(null, null);

    /// <summary>Finds the lungs in a CT volume of CT numbers; no landmarks when no thoracic run of 40 mm or more is seen.</summary>
    public static BodyLandmarks FromCt(PatientVolume ct)
    {
        var v = ct.Volume;
        int bestStart = -1, bestLength = 0, start = -1;
        for (var z = 0; z <= v.SizeZ; z++)
        {
            var thoracic = false;
            if (z < v.SizeZ)
            {
                int body = 0, lung = 0;
                foreach (var hu in v.Voxels.AsSpan(z * v.SizeX * v.SizeY, v.SizeX * v.SizeY))
                {
                    if (hu > -950) body++;
                    if (hu is > -950 and < -400) lung++;
                }
                thoracic = body > 0 && lung > LungShare * body;
            }
            if (thoracic) { if (start < 0) start = z; continue; }
            if (start >= 0 && z - start > bestLength) { bestStart = start; bestLength = z - start; }
            start = -1;
        }
        if (bestLength * v.VoxelSizeZMm < 40) return None;
        return new BodyLandmarks(ct.PositionMm(0, 0, bestStart).Z, ct.PositionMm(0, 0, bestStart + bestLength - 1).Z);
    }

    /// <summary>Region of a point, e.g. "right upper abdomen" or "mediastinum"; the side of the midline alone without landmarks.</summary>
    public string Region(Vector3 p)
    {
        var side = p.X < -MidlineMm ? "right" : p.X > MidlineMm ? "left" : "midline";
        if (LungApexMm is not { } apex || LungBaseMm is not { } lungBase) return side == "midline" ? "midline" : $"{side} of the midline";
        if (p.Z >= lungBase && p.Z <= apex + 10) return side == "midline" ? "mediastinum" : $"{side} hemithorax";
        var level = p.Z > apex + 10 ? "neck" : p.Z >= lungBase - UpperAbdomenMm ? "upper abdomen" : p.Z >= lungBase - LowerAbdomenMm ? "lower abdomen" : "pelvis";
        return side == "midline" ? $"{level}, midline" : $"{side} {level}";
    }

    /// <summary>The landmarks in words, for the report's method.</summary>
    public override string ToString() => LungApexMm is { } a && LungBaseMm is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"lungs on the CT from z {b:0} to {a:0} mm")
        : "no CT landmarks: side of the midline only";
}
