using System.Globalization;
using System.Numerics;
using Photopeak.Procedures.CardiacSpect;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>
/// Where a point lies in the body, from the CT: the lungs (−950 to −400 HU inside the body) give the apices and bases
/// (patient z, mm), which split the body into neck, thorax, upper and lower abdomen and pelvis; the midline splits right
/// from left; below the pelvis, where soft tissue parts at the midline into two legs, the lower limbs begin
/// (<paramref name="LegsTopMm"/>). Without CT only the side is known.
/// </summary>
public sealed record BodyLandmarks(double? LungApexMm, double? LungBaseMm, double? LegsTopMm = null)
{
    /// <summary>Below the lung bases: upper abdomen to 120 mm, lower abdomen to 200 mm, pelvis beyond [?: adult distances
    /// from the diaphragm to the iliac crests and the pelvic inlet].</summary>
    private const double UpperAbdomenMm = 120, LowerAbdomenMm = 200, MidlineMm = 35;
    /// <summary>A slice is thoracic when lung makes up this share of its body section.</summary>
    private const double LungShare = 0.10;
    /// <summary>The legs have parted where the soft tissue (over −200 HU) of the band within 8 mm of the midline is less than
    /// this share of the slice's thickest column: air between the thighs, while a couch under them (thin, mostly foam) stays
    /// below it.</summary>
    private const double MidlineBandMm = 8, PartedShare = 0.2;

    /// <summary>No CT: the side of the midline only.</summary>
    public static BodyLandmarks None { get; } = new(null, null);

    /// <summary>Finds the lungs and the legs in a CT volume of CT numbers; no lung landmarks when no thoracic run of 40 mm or
    /// more is seen.</summary>
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
        // A CT of the pelvis and knees has no lungs; its legs still name the lower limbs.
        if (bestLength * v.VoxelSizeZMm < 40) return new BodyLandmarks(null, null, LegsTop(ct, double.PositiveInfinity));
        double apex = ct.PositionMm(0, 0, bestStart).Z, lungBase = ct.PositionMm(0, 0, bestStart + bestLength - 1).Z;
        return new BodyLandmarks(apex, lungBase, LegsTop(ct, lungBase));
    }

    // The top of the first run of 40 mm of slices, below the lungs, that each show two legs apart at the midline.
    private static double? LegsTop(PatientVolume ct, double lungBaseMm)
    {
        var v = ct.Volume;
        var columns = new int[v.SizeX];
        double? top = null;
        var run = 0;
        for (var z = 0; z < v.SizeZ; z++)
        {
            if (ct.PositionMm(0, 0, z).Z >= lungBaseMm) continue;
            Array.Clear(columns);
            var slice = v.Voxels.AsSpan(z * v.SizeX * v.SizeY, v.SizeX * v.SizeY);
            for (var y = 0; y < v.SizeY; y++)
                for (var x = 0; x < v.SizeX; x++)
                    if (slice[y * v.SizeX + x] > -200) columns[x]++;
            int thickest = columns.Max(), band = 0, bandColumns = 0;
            bool right = false, left = false;
            for (var x = 0; x < v.SizeX; x++)
            {
                var px = ct.PositionMm(x, 0, z).X;
                if (Math.Abs(px) <= MidlineBandMm) { band += columns[x]; bandColumns++; }
                else if (columns[x] > PartedShare * thickest) { if (px < 0) right = true; else left = true; }
            }
            var parted = thickest > 0 && bandColumns > 0 && right && left && band < PartedShare * thickest * bandColumns;
            if (!parted) { run = 0; top = null; continue; }
            top ??= ct.PositionMm(0, 0, z).Z;
            if (++run * v.VoxelSizeZMm >= 40) return top;
        }
        return null;
    }

    /// <summary>Region of a point, e.g. "right upper abdomen" or "mediastinum"; the side of the midline alone without landmarks.</summary>
    public string Region(Vector3 p)
    {
        var side = p.X < -MidlineMm ? "right" : p.X > MidlineMm ? "left" : "midline";
        if (LegsTopMm is { } legs && p.Z < legs) return side == "midline" ? "between the lower limbs" : $"{side} lower limb";
        if (LungApexMm is not { } apex || LungBaseMm is not { } lungBase) return side == "midline" ? "midline" : $"{side} of the midline";
        if (p.Z >= lungBase && p.Z <= apex + 10) return side == "midline" ? "mediastinum" : $"{side} hemithorax";
        var level = p.Z > apex + 10 ? "neck" : p.Z >= lungBase - UpperAbdomenMm ? "upper abdomen" : p.Z >= lungBase - LowerAbdomenMm ? "lower abdomen" : "pelvis";
        return side == "midline" ? $"{level}, midline" : $"{side} {level}";
    }

    /// <summary>The landmarks in words, for the report's method.</summary>
    public override string ToString() => LungApexMm is { } a && LungBaseMm is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"lungs on the CT from z {b:0} to {a:0} mm") + (LegsTopMm is { } l ? string.Create(CultureInfo.InvariantCulture, $", legs parted below z {l:0} mm") : "")
        : "no CT landmarks: side of the midline only";
}
