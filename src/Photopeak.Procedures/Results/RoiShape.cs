namespace Photopeak.Procedures.Results;

/// <summary>Shapes a procedure ROI can have. <see cref="Line"/> is a 3-D segment in a volume (e.g. the LV long axis,
/// base then apex), its two points [x, y, z] in patient coordinates (LPS, mm).</summary>
public enum RoiShape { Circle, Rectangle, Polygon, Line }
