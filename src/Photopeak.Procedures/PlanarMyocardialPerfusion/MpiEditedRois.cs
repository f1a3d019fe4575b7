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
            if (!result.TryAdd((name, image.Name), roi with { Name = name, Image = image.Name, Method = "edited by the user" }))
                throw new ProcedureInputException($"edited ROIs: two '{roi.Name}' ROIs on {image.Name}");
        }
        return new MpiEditedRois(result);
    }

    /// <summary>The edited LV centre (row, column) of an image, or null.</summary>
    public (double Row, double Col)? LvCentre(string image) =>
        rois.TryGetValue((LvCentreName, image), out var r) ? (r.CentreRow!.Value, r.CentreColumn!.Value) : null;

    /// <summary>The edited heart border of an anterior image, or null.</summary>
    public double[][]? Heart(string image) => rois.TryGetValue((HeartName, image), out var r) ? r.Points?.ToArray() : null;

    /// <summary>The edited lung region of the stress anterior image, or null.</summary>
    public RoiDefinition? Lung(string image) => rois.TryGetValue((LungName, image), out var r) ? r : null;
}
