namespace Photopeak.Imaging.Pixels;

/// <summary>Pixel Spacing (0028,0030): distance between row centres and between column centres, in mm.</summary>
public readonly record struct PixelSpacing(double RowMm, double ColumnMm)
{
    public override string ToString() => FormattableString.Invariant($"{RowMm:0.###} x {ColumnMm:0.###} mm");
}
