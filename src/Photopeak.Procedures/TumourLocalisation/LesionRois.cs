using System.Globalization;
using System.Numerics;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.TumourLocalisation;

/// <summary>Lesions as editable ROIs: a <see cref="RoiShape.Sphere"/> named "lesion ID" on the image "day N volume", its
/// centre in patient coordinates (LPS, mm) and the radius of a sphere of the VOI's volume. A user moves, deletes or adds
/// them and gives the file back with <c>--rois</c>.</summary>
public static class LesionRois
{
    private const string Prefix = "lesion ";

    /// <summary>The ROI of a lesion.</summary>
    public static RoiDefinition Of(Lesion l) =>
        new(Prefix + l.Id, string.Create(CultureInfo.InvariantCulture, $"day {l.Day} volume"), RoiShape.Sphere,
            l.Edited ? "edited by the user; re-measured from the hottest voxel within the radius" : "automatic: top-hat focus, VOI at 42 % of peak above background")
        {
            Points = [[Math.Round(l.CentreMm.X, 1), Math.Round(l.CentreMm.Y, 1), Math.Round(l.CentreMm.Z, 1)]],
            RadiusMm = Math.Round(Math.Max(5, Math.Cbrt(3 * l.VolumeMl * 1000 / (4 * Math.PI))), 1),
        };

    /// <summary>The lesion ROIs of an edited file; other ROIs are ignored. Throws <see cref="ProcedureInputException"/>
    /// naming a lesion ROI that is not a sphere with one finite centre and a radius of 1 to 200 mm.</summary>
    public static List<EditedLesion> Read(IReadOnlyList<RoiDefinition> rois)
    {
        var result = new List<EditedLesion>();
        foreach (var r in rois.Where(r => r.Name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)))
        {
            var id = r.Name[Prefix.Length..].Trim();
            if (r.Shape != RoiShape.Sphere || r.Points is not { Count: 1 } p || p[0] is not { Length: 3 } c || c.Any(v => !double.IsFinite(v)))
                throw new ProcedureInputException($"ROI '{r.Name}' (--rois): a lesion is a sphere with one centre [x, y, z] in patient mm");
            if (r.RadiusMm is not { } radius || !(radius >= 1 && radius <= 200))
                throw new ProcedureInputException($"ROI '{r.Name}' (--rois): radius_mm {r.RadiusMm?.ToString(CultureInfo.InvariantCulture) ?? "missing"} is invalid: give 1 to 200 mm");
            var day = 1;
            var words = r.Image.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[0].Equals("day", StringComparison.OrdinalIgnoreCase) && !int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out day))
                throw new ProcedureInputException($"ROI '{r.Name}' (--rois): image '{r.Image}' does not name a day (\"day N volume\")");
            if (day < 1) throw new ProcedureInputException($"ROI '{r.Name}' (--rois): day {day} is invalid: days are numbered from 1");
            if (id.Length == 0) throw new ProcedureInputException($"ROI '{r.Name}' (--rois): the lesion has no id");
            result.Add(new EditedLesion(id, day, new Vector3((float)c[0], (float)c[1], (float)c[2]), radius));
        }
        return result;
    }
}
