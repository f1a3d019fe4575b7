namespace Photopeak.Procedures.Results;

/// <summary>Shapes a procedure ROI can have.</summary>
public enum RoiShape { Circle, Rectangle, Polygon }
