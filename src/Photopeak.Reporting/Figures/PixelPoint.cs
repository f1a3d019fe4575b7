namespace Photopeak.Reporting.Figures;

/// <summary>A point in pixel coordinates: (0, 0) is the top-left corner of the first pixel, pixel (i, j) covers [i, i+1) × [j, j+1).</summary>
public readonly record struct PixelPoint(double X, double Y);
