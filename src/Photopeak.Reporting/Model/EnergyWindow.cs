namespace Photopeak.Reporting.Model;

/// <summary>A photopeak window: centre in keV and full width in percent of the centre (159 keV ±10% is width 20).</summary>
public sealed record EnergyWindow(double CentreKeV, double WidthPercent)
{
    public override string ToString() => FormattableString.Invariant($"{CentreKeV:0.#} keV ± {WidthPercent / 2:0.#}%");
}
