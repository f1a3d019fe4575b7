namespace Photopeak.Imaging.Acquisitions;

/// <summary>
/// One item of the Energy Window Information Sequence (0054,0012): its name and the range of its first Energy Window Range
/// Sequence (0054,0013) item, in keV. <see cref="Number"/> is the 1-based value used by the Energy Window Vector.
/// </summary>
public sealed record EnergyWindow(int Number, string? Name, double LowerKeV, double UpperKeV)
{
    public double CentreKeV => (LowerKeV + UpperKeV) / 2;
    public double WidthKeV => UpperKeV - LowerKeV;

    /// <summary>Full width as a percentage of the centre (a 126-154 keV window is 20 %, i.e. "140 keV ±10 %").</summary>
    public double WidthPercent => CentreKeV > 0 ? 100 * WidthKeV / CentreKeV : double.NaN;

    /// <summary>True when <paramref name="energyKeV"/> lies inside the window.</summary>
    public bool Contains(double energyKeV) => energyKeV >= LowerKeV && energyKeV <= UpperKeV;

    /// <summary>True when the name marks a scatter window (SC, LOW, UP in it), as cameras name TEW/DEW windows.</summary>
    public bool IsNamedScatter => Name is { } n && (n.Contains("SC", StringComparison.OrdinalIgnoreCase)
        || n.Contains("LOW", StringComparison.OrdinalIgnoreCase) || n.Contains("UP", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the two windows share an edge (within 0.5 keV): a scatter window beside its photopeak.</summary>
    public bool SharesEdgeWith(EnergyWindow other) => Math.Abs(UpperKeV - other.LowerKeV) <= 0.5 || Math.Abs(other.UpperKeV - LowerKeV) <= 0.5;

    public override string ToString() =>
        FormattableString.Invariant($"{(Name is null ? "" : Name + " ")}{CentreKeV:0.#} keV ±{WidthPercent / 2:0.#}% ({LowerKeV:0.#}-{UpperKeV:0.#} keV)");
}
