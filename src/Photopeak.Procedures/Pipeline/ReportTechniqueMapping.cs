using Photopeak.Imaging.Acquisitions;
using ReportEnergyWindow = Photopeak.Reporting.Model.EnergyWindow;

namespace Photopeak.Procedures.Pipeline;

/// <summary>The one mapping from the acquisition model's technique attributes to the report's printed form.</summary>
public static class ReportTechniqueMapping
{
    /// <summary>The window as the report prints it (centre and full width in percent, to 0.1), or null.</summary>
    public static ReportEnergyWindow? ToReportWindow(this EnergyWindow? window) =>
        window is null ? null : new ReportEnergyWindow(Math.Round(window.CentreKeV, 1), Math.Round(window.WidthPercent, 1));
}
