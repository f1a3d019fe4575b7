using Photopeak.Procedures.Results;

namespace Photopeak.Procedures.PlanarMyocardialPerfusion;

/// <summary>
/// The ROIs of a planar MPI study a physician edited and gave back with <c>--rois</c>: per image an <c>lv.centre</c> circle
/// (its centre is the LV centre of the profiles, used as given), per anterior image a <c>heart</c> polygon (the heart's border
/// for TID and the lung/heart ratio), and on the stress anterior image the <c>lung</c> region. Any may be left out (the
/// automatic one is used); one naming an image the study does not hold, or of the wrong shape, is refused with the reason.
/// </summary>
internal sealed class MpiEditedRois
{
    public const string LvCentreName = "lv.centre", HeartName = "heart", LungName = "lung";

    /// <summary>The method an edited ROI carries in result.json.</summary>
    public const string EditedMethod = "edited by the user";

    private readonly Dictionary<(string Name, string Image), RoiDefinition> rois;

    private MpiEditedRois(Dictionary<(string, string), RoiDefinition> rois) => this.rois = rois;

    /// <summary>No edits: everything automatic.</summary>
    public static MpiEditedRois None { get; } = new([]);

    /// <summary>The edited ROIs, each marked as edited in its method.</summary>
    public IEnumerable<RoiDefinition> All => rois.Values;

    public static MpiEditedRois Of(IReadOnlyList<PerfusionImage> images, IReadOnlyList<RoiDefinition>? edited)
    {
        if (edited is not { Count: > 0 }) return None;
        var byName = images.ToDictionary(i => i.Name, StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<(string, string), RoiDefinition>();
        foreach (var roi in edited)
        {
            var name = roi.Name.ToLowerInvariant();
            if (name is not (LvCentreName or HeartName or LungName))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' is not an ROI of planar MPI (lv.centre, heart, lung)");
            if (!byName.TryGetValue(roi.Image, out var image))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' is on image '{roi.Image}', which this study does not hold (it holds {string.Join(", ", images.Select(i => i.Name))})");
            if (name == LvCentreName && roi.Shape != RoiShape.Circle)
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name} must be a circle (its centre is the LV centre), not a {roi.Shape.ToString().ToLowerInvariant()}");
            if (name == HeartName && (roi.Shape != RoiShape.Polygon || image.View != MpiView.Anterior))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name} must be a polygon on an anterior image (the heart's border for TID and the lung/heart ratio)");
            if (name == LungName && (image.View != MpiView.Anterior || image.State != PerfusionState.Stress))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name}: the lung region of the lung/heart ratio belongs on the stress ANT image");
            _ = roi.Mask(image.Rows, image.Columns); // refuses an ROI with no pixel in the image, naming it
            if (name == LvCentreName && !(roi.CentreRow is >= 0 && roi.CentreRow <= image.Rows - 1 && roi.CentreColumn is >= 0 && roi.CentreColumn <= image.Columns - 1))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name}: its centre ({roi.CentreRow}, {roi.CentreColumn}) lies outside the {image.Columns} × {image.Rows} image; the LV centre must be inside it");
            if (name == HeartName && roi.Points!.Any(v => v.Length < 2 || !double.IsFinite(v[0]) || !double.IsFinite(v[1])
                    || v[0] < -image.Rows || v[0] > 2 * image.Rows || v[1] < -image.Columns || v[1] > 2 * image.Columns))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name} has a vertex that is not a finite [row, column] near the {image.Columns} × {image.Rows} image");
            if (name == HeartName && SelfIntersecting(roi.Points!))
                throw new ProcedureInputException($"edited ROIs: '{roi.Name}' on {image.Name} crosses itself: its area (TID) and its pixels (lung/heart ratio) would disagree; redraw it as one loop");
            if (!result.TryAdd((name, image.Name), roi with { Name = name, Image = image.Name, Method = EditedMethod }))
                throw new ProcedureInputException($"edited ROIs: two '{roi.Name}' ROIs on {image.Name}");
        }
        return new MpiEditedRois(result);
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

    /// <summary>The edited lung region of the stress anterior image, or null.</summary>
    public RoiDefinition? Lung(string image) => rois.TryGetValue((LungName, image), out var r) ? r : null;
}
