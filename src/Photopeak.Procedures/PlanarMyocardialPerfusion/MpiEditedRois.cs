using Photopeak.Procedures.CardiacFunction;
using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>
/// The ROIs of a planar MPI study a physician edited and gave back with <c>--rois</c>: per image an <c>lv.centre</c> circle
/// (its centre is the LV centre of the profiles, used as given), per anterior image a <c>heart</c> polygon (the heart's border
/// for TID and the lung/heart ratio), on the stress anterior image the <c>lung</c> region, and on the gated view's frames
/// (images "gated frame N") the <c>lv.ed</c> and <c>lv.es</c> endocardial borders of the gated EF. Any may be left out (the
/// automatic one is used); one naming an image the study does not hold, or of the wrong shape, is refused with the reason.
/// </summary>
internal sealed class MpiEditedRois
{
    public const string LvCentreName = "lv.centre", HeartName = "heart", LungName = "lung", EndDiastoleName = "lv.ed", EndSystoleName = "lv.es";
    private const string GatedFramePrefix = "gated frame ";

    /// <summary>The method an edited ROI carries in result.json.</summary>
    public const string EditedMethod = "edited by the user";

    private readonly Dictionary<(string Name, string Image), RoiDefinition> rois;

    private MpiEditedRois(Dictionary<(string, string), RoiDefinition> rois) => this.rois = rois;

    /// <summary>No edits: everything automatic.</summary>
    public static MpiEditedRois None { get; } = new([]);

    /// <summary>The edited ROIs, each marked as edited in its method.</summary>
    public IEnumerable<RoiDefinition> All => rois.Values;

    /// <summary>The image name of frame <paramref name="frame"/> (0-based) of the gated perfusion view in result.json.</summary>
    public static string GatedFrameName(int frame) => GatedFramePrefix + (frame + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Validates the edited ROIs against the study's images and the analysed gated view (<paramref name="gated"/>, null
    /// when the study has none).</summary>
    public static MpiEditedRois Of(IReadOnlyList<PerfusionImage> images, IReadOnlyList<RoiDefinition>? edited, GatedCycle? gated = null)
    {
        if (edited is not { Count: > 0 }) return None;
        var byName = images.ToDictionary(i => i.Name, StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<(string, string), RoiDefinition>();
        foreach (var roi in edited)
        {
            var name = roi.Name.ToLowerInvariant();
            if (name is EndDiastoleName or EndSystoleName)
            {
                var frameName = GatedFrameName(GatedFrame(roi, gated));
                if (result.Keys.FirstOrDefault(k => k.Item1 == name) is { Item2: { } first })
                    throw new ProcedureInputException($"edited ROIs: two '{roi.Name}' borders, on {first} and {frameName}; the gated EF takes one {(name == EndDiastoleName ? "end-diastolic" : "end-systolic")} border");
                CheckOutline(roi, frameName, gated!.Rows, gated.Columns, "the endocardial border of the gated EF");
                result.Add((name, frameName), roi with { Name = name, Image = frameName, Method = EditedMethod });
                continue;
            }
            if (name is not (LvCentreName or HeartName or LungName))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' is not an ROI of planar MPI (lv.centre, heart, lung, lv.ed, lv.es)");
            if (!byName.TryGetValue(roi.Image, out var image))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' is on image '{roi.Image}', which this study does not hold (it holds {string.Join(", ", images.Select(i => i.Name))})");
            if (name == LvCentreName && roi.Shape != RoiShape.Circle)
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name} must be a circle (its centre is the LV centre), not a {roi.Shape.ToString().ToLowerInvariant()}");
            if (name == HeartName && (roi.Shape != RoiShape.Polygon || image.View != MpiView.Anterior))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name} must be a polygon on an anterior image (the heart's border for TID and the lung/heart ratio)");
            if (name == LungName && (image.View != MpiView.Anterior || image.State != PerfusionState.Stress))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name}: the lung region of the lung/heart ratio belongs on the stress ANT image");
            if (name == HeartName) CheckOutline(roi, image.Name, image.Rows, image.Columns, "the heart's border for TID and the lung/heart ratio");
            else
            {
                CheckVertices(roi, image.Name, image.Rows, image.Columns);
                _ = roi.Mask(image.Rows, image.Columns); // refuses an ROI with no pixel in the image, naming it
            }
            if (name == LvCentreName && !(roi.CentreRow is >= 0 && roi.CentreRow <= image.Rows - 1 && roi.CentreColumn is >= 0 && roi.CentreColumn <= image.Columns - 1))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name}: its centre ({roi.CentreRow}, {roi.CentreColumn}) lies outside the {image.Columns} × {image.Rows} image; the LV centre must be inside it");
            if (!result.TryAdd((name, image.Name), roi with { Name = name, Image = image.Name, Method = EditedMethod }))
                throw new ProcedureInputException($"edited ROIs: two '{roi.Name}' ROIs on {image.Name}");
        }
        return new MpiEditedRois(result);
    }

    // The 0-based gated frame an lv.ed or lv.es border is drawn on ("gated frame N", N from 1).
    private static int GatedFrame(RoiDefinition roi, GatedCycle? gated)
    {
        if (gated is null)
            throw new ProcedureInputException($"edited ROIs: '{roi.Name}' is a border of the gated EF, but this study holds no gated perfusion view that could be analysed");
        if (GatedFrameNumber(roi.Image) is not { } n || n < 1 || n > gated.Count)
            throw new ProcedureInputException($"edited ROIs: '{roi.Name}' is on image '{roi.Image}'; a border of the gated EF belongs on a frame of the gated view, 'gated frame 1' to 'gated frame {gated.Count}'");
        return n - 1;
    }

    // N of an image named "gated frame N", or null.
    private static int? GatedFrameNumber(string image)
    {
        image = image.Trim();
        return image.StartsWith(GatedFramePrefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(image.AsSpan(GatedFramePrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    // A drawn outline must be a polygon of finite vertices near its image that does not cross itself: its shoelace area and its
    // pixels must describe the same region.
    private static void CheckOutline(RoiDefinition roi, string image, int rows, int columns, string what)
    {
        if (roi.Shape != RoiShape.Polygon)
            throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image} must be a polygon ({what}), not a {roi.Shape.ToString().ToLowerInvariant()}");
        CheckVertices(roi, image, rows, columns);
        _ = roi.Mask(rows, columns); // refuses an ROI with no pixel in the image, naming it
        if (SelfIntersecting(roi.Points!))
            throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image} crosses itself: its area and its pixels would disagree; redraw it as one loop");
    }

    // A polygon's vertices, read before anything rasterises them: at least 3, each a finite [row, column] near the image.
    private static void CheckVertices(RoiDefinition roi, string image, int rows, int columns)
    {
        if (roi.Shape != RoiShape.Polygon) return;
        if (roi.Points is not { Count: >= 3 } points)
            throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image} is a polygon with fewer than 3 vertices");
        if (points.Any(v => v is not { Length: >= 2 } || !double.IsFinite(v[0]) || !double.IsFinite(v[1])
                || v[0] < -rows || v[0] > 2 * rows || v[1] < -columns || v[1] > 2 * columns))
            throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image} has a vertex that is not a finite [row, column] near the {columns} × {rows} image");
    }

    // True when two edges that do not share a vertex intersect (proper crossings only; O(n²), n is a drawn outline's few dozen points).
    private static bool SelfIntersecting(IReadOnlyList<double[]> p)
    {
        static double Cross(double[] o, double[] a, double[] b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
        var n = p.Count;
        for (var i = 0; i < n; i++)
        for (var j = i + 2; j < n; j++)
        {
            if (i == 0 && j == n - 1) continue; // the closing edge shares vertex 0 with the first
            double[] a = p[i], b = p[(i + 1) % n], c = p[j], d = p[(j + 1) % n];
            if (Cross(a, b, c) * Cross(a, b, d) < 0 && Cross(c, d, a) * Cross(c, d, b) < 0) return true;
        }
        return false;
    }

    /// <summary>The edited LV centre (row, column) of an image, or null.</summary>
    public (double Row, double Col)? LvCentre(string image) =>
        rois.TryGetValue((LvCentreName, image), out var r) ? (r.CentreRow!.Value, r.CentreColumn!.Value) : null;

    /// <summary>The edited heart border of an anterior image, or null.</summary>
    public double[][]? Heart(string image) => rois.TryGetValue((HeartName, image), out var r) ? r.Points?.ToArray() : null;

    /// <summary>The edited end-diastolic (<see cref="EndDiastoleName"/>) or end-systolic (<see cref="EndSystoleName"/>) border of
    /// the gated EF and its 0-based frame, or null.</summary>
    public (int Frame, double[][] Border)? GatedBorder(string name) =>
        rois.FirstOrDefault(r => r.Key.Name == name).Value is { } roi ? (GatedFrameNumber(roi.Image)!.Value - 1, [.. roi.Points!]) : null;

    /// <summary>The edited lung region of the stress anterior image, or null.</summary>
    public RoiDefinition? Lung(string image) => rois.TryGetValue((LungName, image), out var r) ? r : null;
}
