namespace Photopeak.Procedures.Results;

/// <summary>Shapes a procedure ROI can have. <see cref="Line"/> is a 3-D segment in a volume (e.g. the LV long axis,
/// base then apex), its two points [x, y, z] in patient coordinates (LPS, mm). <see cref="Sphere"/> is a ball in a volume
/// (e.g. a lesion): its one point, the centre [x, y, z] in patient coordinates, and RadiusMm.</summary>
public enum RoiShape { Circle, Rectangle, Polygon, Line, Sphere }
