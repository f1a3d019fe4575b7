namespace Photopeak.Procedures.Results;

/// <summary>
/// A region of interest drawn on one named image, in pixel coordinates (row 0 = top, column 0 = left, integers at pixel
/// centres; a pixel belongs to the ROI when its centre does) with the same geometry in mm for the report. Circle: centre and
/// radius; rectangle: inclusive rows Row0..Row1 and columns Col0..Col1; polygon: vertices as [row, column] pairs.
/// This record is also the editable form read back by <c>--rois</c>: the pixel fields are authoritative.
/// </summary>
public sealed record RoiDefinition(string Name, string Image, RoiShape Shape, string Method)
{
    public double? CentreRow { get; init; }
    public double? CentreColumn { get; init; }
    public double? RadiusPx { get; init; }
    public int? Row0 { get; init; }
    public int? Row1 { get; init; }
    public int? Col0 { get; init; }
    public int? Col1 { get; init; }
    public IReadOnlyList<double[]>? Points { get; init; }

    /// <summary>Pixel spacing (row, column) of the image the ROI was drawn on, mm.</summary>
    public double? PixelSpacingMm { get; init; }
    public double? RadiusMm { get; init; }
    public double? WidthMm { get; init; }
    public double? HeightMm { get; init; }
    /// <summary>Series Instance UID of the volume a <see cref="RoiShape.Line"/> was placed in (checked when read back), or null.</summary>
    public string? SeriesInstanceUid { get; init; }
    /// <summary>Number of pixels inside (filled when the ROI is evaluated).</summary>
    public int? Pixels { get; init; }

    /// <summary>A circle with its mm geometry filled in.</summary>
    public static RoiDefinition Circle(string name, string image, string method, double centreRow, double centreColumn, double radiusPx, double pixelMm) =>
        new(name, image, RoiShape.Circle, method)
        {
            CentreRow = Math.Round(centreRow, 3), CentreColumn = Math.Round(centreColumn, 3), RadiusPx = Math.Round(radiusPx, 3),
            PixelSpacingMm = pixelMm, RadiusMm = Math.Round(radiusPx * pixelMm, 2),
        };

    /// <summary>A rectangle (inclusive pixel bounds) with its mm geometry filled in.</summary>
    public static RoiDefinition Rectangle(string name, string image, string method, int row0, int row1, int col0, int col1, double pixelMm) =>
        new(name, image, RoiShape.Rectangle, method)
        {
            Row0 = row0, Row1 = row1, Col0 = col0, Col1 = col1, PixelSpacingMm = pixelMm,
            WidthMm = Math.Round((col1 - col0 + 1) * pixelMm, 2), HeightMm = Math.Round((row1 - row0 + 1) * pixelMm, 2),
        };

    /// <summary>A polygon (vertices [row, column]) with its mm geometry: <see cref="RadiusMm"/> is the radius of the circle of
    /// equal area, so that scripts reading a heart ROI's radius_mm keep a size.</summary>
    /// <summary>This ROI moved onto pixels of <paramref name="pixelMm"/> (pixel centres scaled about the image's corner): an
    /// outline drawn on the camera's pixels where an analysis interpolated coarse frames. Itself when its spacing is unknown
    /// or within 1 %; a rectangle, whose edges are whole pixels, cannot be moved.</summary>
    public RoiDefinition OnPixels(double pixelMm)
    {
        if (PixelSpacingMm is not double mm || Math.Abs(mm / pixelMm - 1) <= 0.01) return this;
        var scale = mm / pixelMm;
        double Scaled(double v) => (v + 0.5) * scale - 0.5;
        return Shape switch
        {
            RoiShape.Polygon when Points is { } points => this with { Points = [.. points.Select(p => new[] { Scaled(p[0]), Scaled(p[1]) })], PixelSpacingMm = pixelMm },
            RoiShape.Circle when CentreRow is double r && CentreColumn is double c && RadiusPx is double radius =>
                this with { CentreRow = Scaled(r), CentreColumn = Scaled(c), RadiusPx = radius * scale, PixelSpacingMm = pixelMm },
            _ => throw new ArgumentException(FormattableString.Invariant($"ROI '{Name}' on {mm:0.##} mm pixels cannot be moved onto the analysis's {pixelMm:0.##} mm pixels; give it as a polygon or circle")),
        };
    }

    public static RoiDefinition Polygon(string name, string image, string method, IReadOnlyList<double[]> vertices, double pixelMm) =>
        new(name, image, RoiShape.Polygon, method)
        {
            Points = vertices.Select(v => new[] { v[0], v[1] }).ToArray(), PixelSpacingMm = pixelMm,
            RadiusMm = Math.Round(Math.Sqrt(PolygonAreaPx2(vertices) / Math.PI) * pixelMm, 2),
        };

    /// <summary>Area inside a polygon of [row, column] vertices, square pixels (shoelace formula).</summary>
    public static double PolygonAreaPx2(IReadOnlyList<double[]> vertices)
    {
        double twice = 0;
        for (int i = 0, j = vertices.Count - 1; i < vertices.Count; j = i++)
            twice += vertices[j][1] * vertices[i][0] - vertices[i][1] * vertices[j][0];
        return Math.Abs(twice) / 2;
    }

    /// <summary>Centre of area of a polygon of [row, column] vertices, pixels (shoelace formula); null for a polygon of no area.</summary>
    public static (double Row, double Column)? PolygonCentroidPx(IReadOnlyList<double[]> vertices)
    {
        double twice = 0, sumRow = 0, sumColumn = 0;
        for (int i = 0, j = vertices.Count - 1; i < vertices.Count; j = i++)
        {
            var cross = vertices[j][1] * vertices[i][0] - vertices[i][1] * vertices[j][0];
            twice += cross;
            sumRow += (vertices[j][0] + vertices[i][0]) * cross;
            sumColumn += (vertices[j][1] + vertices[i][1]) * cross;
        }
        return twice == 0 ? null : (sumRow / (3 * twice), sumColumn / (3 * twice));
    }

    /// <summary>The outline as polygon vertices [row, column], pixels: a polygon's own, a circle's as <paramref name="circleVertices"/>
    /// evenly spaced points, a rectangle's four corners on its pixels' outer edges. Throws <see cref="ProcedureInputException"/>
    /// for a line or sphere, which have no outline in pixels.</summary>
    public double[][] OutlinePx(int circleVertices)
    {
        switch (Shape)
        {
            case RoiShape.Circle:
                double cr = Require(CentreRow), cc = Require(CentreColumn), r = Require(RadiusPx);
                return [.. Enumerable.Range(0, circleVertices).Select(k => new[] { cr + r * Math.Sin(2 * Math.PI * k / circleVertices), cc + r * Math.Cos(2 * Math.PI * k / circleVertices) })];
            case RoiShape.Rectangle:
                double top = Require(Row0) - 0.5, bottom = Require(Row1) + 0.5, left = Require(Col0) - 0.5, right = Require(Col1) + 0.5;
                return [[top, left], [top, right], [bottom, right], [bottom, left]];
            case RoiShape.Polygon:
                return [.. Vertices.Select(v => new[] { v[0], v[1] })];
            default:
                throw new ProcedureInputException($"ROI '{Name}' on the {Image} image is a {Shape.ToString().ToLowerInvariant()} in patient mm, not an outline in pixels");
        }
    }

    /// <summary>Centroid in pixel coordinates (row, column); not serialised (a tuple would be written as an empty object).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public (double Row, double Column) Centre => Shape switch
    {
        RoiShape.Circle => (Require(CentreRow), Require(CentreColumn)),
        RoiShape.Rectangle => ((Require(Row0) + Require(Row1)) / 2.0, (Require(Col0) + Require(Col1)) / 2.0),
        RoiShape.Line or RoiShape.Sphere => throw new ProcedureInputException($"ROI '{Name}' is a {Shape.ToString().ToLowerInvariant()} in patient mm: it has no pixel centroid"),
        _ => (Vertices.Average(p => p[0]), Vertices.Average(p => p[1])),
    };

    /// <summary>True where the pixel centre lies inside, for an image of <paramref name="rows"/> × <paramref name="columns"/>.
    /// Throws <see cref="ProcedureInputException"/> when the ROI misses a field its shape needs or lies wholly outside.</summary>
    public bool[] Mask(int rows, int columns)
    {
        var mask = new bool[rows * columns];
        switch (Shape)
        {
            case RoiShape.Circle:
                double cr = Require(CentreRow), cc = Require(CentreColumn), r = Require(RadiusPx), r2 = r * r;
                if (!(r > 0)) throw new ProcedureInputException($"ROI '{Name}' on the {Image} image: radius {r} px must be positive");
                // A circle wider than the image measures the whole field, not a region: an edit gone wrong (e.g. 1e9 px).
                if (r > Math.Max(rows, columns)) throw new ProcedureInputException($"ROI '{Name}' on the {Image} image: radius {r} px is invalid, larger than the {columns} × {rows} image");
                if (!double.IsFinite(cr) || !double.IsFinite(cc)) throw new ProcedureInputException($"ROI '{Name}' on the {Image} image: centre ({cr}, {cc}) is invalid");
                for (var y = Math.Max(0, (int)Math.Floor(cr - r)); y <= Math.Min(rows - 1, (int)Math.Ceiling(cr + r)); y++)
                for (var x = Math.Max(0, (int)Math.Floor(cc - r)); x <= Math.Min(columns - 1, (int)Math.Ceiling(cc + r)); x++)
                {
                    double dy = y - cr, dx = x - cc;
                    mask[y * columns + x] = dy * dy + dx * dx <= r2;
                }
                break;
            case RoiShape.Rectangle:
                for (var y = Math.Max(0, Require(Row0)); y <= Math.Min(rows - 1, Require(Row1)); y++)
                for (var x = Math.Max(0, Require(Col0)); x <= Math.Min(columns - 1, Require(Col1)); x++)
                    mask[y * columns + x] = true;
                break;
            case RoiShape.Polygon:
                var v = Vertices;
                if (v.Count < 3) throw new ProcedureInputException($"ROI '{Name}' on the {Image} image: a polygon needs at least 3 points");
                for (var y = 0; y < rows; y++)
                for (var x = 0; x < columns; x++)
                    mask[y * columns + x] = Inside(v, y, x);
                break;
            case RoiShape.Line or RoiShape.Sphere:
                throw new ProcedureInputException($"ROI '{Name}' on the {Image} image is a {Shape.ToString().ToLowerInvariant()} in patient mm, not an area of pixels");
        }
        if (Array.IndexOf(mask, true) < 0)
            throw new ProcedureInputException($"ROI '{Name}' on the {Image} image contains no pixel of the {columns} × {rows} image");
        return mask;
    }

    private IReadOnlyList<double[]> Vertices => Points ?? throw Missing(nameof(Points));

    // Even-odd rule on pixel centres.
    /// <summary>Whether (<paramref name="row"/>, <paramref name="col"/>) lies inside the polygon of [row, column] vertices
    /// (even-odd rule, as <see cref="Mask"/> rasterises it).</summary>
    internal static bool Inside(IReadOnlyList<double[]> p, double row, double col)
    {
        var inside = false;
        for (int i = 0, j = p.Count - 1; i < p.Count; j = i++)
        {
            if ((p[i][0] > row) != (p[j][0] > row) &&
                col < (p[j][1] - p[i][1]) * (row - p[i][0]) / (p[j][0] - p[i][0]) + p[i][1])
                inside = !inside;
        }
        return inside;
    }

    private T Require<T>(T? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string field = "") where T : struct =>
        value ?? throw Missing(field);

    private ProcedureInputException Missing(string field) =>
        new($"ROI '{Name}' on the {Image} image is a {Shape.ToString().ToLowerInvariant()} without {field}");
}
